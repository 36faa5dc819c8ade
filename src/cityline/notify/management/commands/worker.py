"""`cityline worker`: the background work of a Cityline install, in one process.

It enqueues Cityline's periodic tasks (deliver the outbox, step on-call escalations, SLA alerts,
morning digests) on their schedule, and — with the database task backend, the default — runs the
queued tasks itself. With another backend (Redis/RQ) run it with ``--schedule-only`` beside that
backend's own workers. See docs/notifications.md.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import time as clock
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string

from cityline.notify import tasks

logger = logging.getLogger("cityline.worker")


@dataclass
class Job:
    task: object
    every: float
    last: float = field(default=-1e9)
    # Jobs of the apps above the domain (settings.CITYLINE_WORKER_JOBS) run on their schedule only,
    # not in an --until-idle pass.
    on_schedule_only: bool = False


def jobs_from_settings() -> list[Job]:
    """Periodic tasks of apps the worker may not import by name (insights: the summary tables and
    the open-data files), given as (dotted path of the task, seconds between runs)."""
    from django.utils.module_loading import import_string

    start = clock.monotonic()
    return [
        Job(import_string(path), every=float(every), last=start, on_schedule_only=True)
        for path, every in getattr(settings, "CITYLINE_WORKER_JOBS", [])
    ]


def _uses_database_backend() -> bool:
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


class Command(BaseCommand):
    help = "Run the background work: deliver the outbox, page and escalate on call, SLA alerts, digests."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=settings.CITYLINE_WORKER_INTERVAL,
            help="seconds between looks for new work (default %(default)s)",
        )
        parser.add_argument(
            "--until-idle", action="store_true", help="do every job once and all due work, then exit (cron, tests)"
        )
        parser.add_argument(
            "--schedule-only",
            action="store_true",
            help="only enqueue the periodic tasks (when another backend's workers run them)",
        )
        parser.add_argument(
            "--stop-with-parent",
            type=int,
            default=None,
            metavar="PID",
            help="exit when process PID is gone (used by `cityline serve --with-worker`)",
        )

    def handle(self, *args, interval: float, until_idle: bool, schedule_only: bool, stop_with_parent, **options):
        if interval <= 0:
            raise CommandError("--interval must be more than 0 seconds")
        runs_tasks = _uses_database_backend() and not schedule_only
        self.worker_id = get_random_string(32)
        self.running = True
        self.jobs = [
            Job(tasks.deliver_outbox, every=interval),
            Job(tasks.advance_escalations, every=max(interval, 5.0)),
            Job(tasks.scan_sla, every=60.0),
            Job(tasks.send_digests, every=60.0),
            *jobs_from_settings(),
        ]
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        if not until_idle:
            self.stdout.write(
                f"Cityline worker {self.worker_id[:8]} running (every {interval:g} s; "
                f"{'running tasks' if runs_tasks else 'enqueueing only'}). Ctrl-C to stop."
            )
        last_prune = clock.monotonic()
        while self.running:
            close_old_connections()
            if stop_with_parent and os.getppid() != stop_with_parent:
                logger.info("The server stopped; the worker stops with it.")
                break
            self._enqueue_due(force=until_idle)
            if runs_tasks:
                self._run_ready_tasks()
            if until_idle:
                if not self._work_left():
                    break
                continue
            if runs_tasks and clock.monotonic() - last_prune > 3600:
                self._prune_results()
                last_prune = clock.monotonic()
            clock.sleep(interval)
        if not until_idle:
            self.stdout.write("Cityline worker stopped.")

    def _stop(self, signum, frame) -> None:
        if not self.running:
            sys.exit(1)
        # Finish the message in hand, then stop: its claim is recorded either way.
        self.running = False

    def _enqueue_due(self, force: bool) -> None:
        from django_tasks_db.models import DBTaskResult

        now = clock.monotonic()
        database = _uses_database_backend()
        for job in self.jobs:
            if force and job.on_schedule_only:
                continue
            if not force and now - job.last < job.every:
                continue
            job.last = now
            if database and DBTaskResult.objects.filter(task_path=job.task.module_path, status="READY").exists():
                continue  # one waiting copy of a sweep is enough
            job.task.enqueue()

    def _run_ready_tasks(self) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=self.worker_id,
            excluded_queue_names=[],
        ).run()

    def _work_left(self) -> bool:
        from cityline.cases.models import OutboxMessage, OutboxStatus

        return OutboxMessage.objects.filter(
            status__in=[OutboxStatus.PENDING, OutboxStatus.SENDING], not_before__lte=timezone.now()
        ).exists()

    def _prune_results(self) -> None:
        from django_tasks_db.models import DBTaskResult

        cutoff = timezone.now() - timedelta(days=1)
        deleted, _ = DBTaskResult.objects.filter(status="SUCCESSFUL", finished_at__lt=cutoff).delete()
        if deleted:
            logger.info("Pruned %d finished task results", deleted)
