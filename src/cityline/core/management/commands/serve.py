from __future__ import annotations

import os
import subprocess
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Cityline with a production WSGI server (gunicorn); static files are served by the app."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
        parser.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="also run `cityline worker` (outbox, paging, SLA alerts, digests) as a child process",
        )

    def handle(self, *args, host: str, port: int, workers: int, threads: int, with_worker: bool = False, **options):
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
        # The background worker lives and dies with the server: it exits by itself if this process
        # disappears (--stop-with-parent), and is stopped here when the server stops.
        worker = (
            subprocess.Popen([sys.executable, "-m", "cityline.cli", "worker", "--stop-with-parent", str(os.getpid())])
            if with_worker
            else None
        )
        try:
            CitylineServer().run()
        finally:
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(15)
                except subprocess.TimeoutExpired:
                    worker.kill()
