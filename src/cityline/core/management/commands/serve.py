from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Cityline with a production WSGI server (gunicorn); static files are served by the app."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
        parser.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")

    def handle(self, *args, host: str, port: int, workers: int, threads: int, **options):
        from gunicorn.app.base import BaseApplication

        from cityline.wsgi import application

        class CitylineServer(BaseApplication):
            def load_config(self):
                self.cfg.set("bind", f"{host}:{port}")
                self.cfg.set("workers", workers)
                self.cfg.set("threads", threads)
                self.cfg.set("worker_class", "gthread" if threads > 1 else "sync")
                self.cfg.set("accesslog", "-")
                self.cfg.set("timeout", 60)
                self.cfg.set("graceful_timeout", 10)

            def load(self):
                return application

        self.stdout.write(f"Cityline is serving on http://{host}:{port}/ (Ctrl-C to stop)")
        CitylineServer().run()
