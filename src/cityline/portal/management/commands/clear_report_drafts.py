"""Delete the photos of report drafts that were never sent (run daily from cron or the worker)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from cityline.portal.draft import PHOTO_FOLDER


class Command(BaseCommand):
    help = "Delete photos of report drafts older than the session age (drafts that were never sent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=float, default=settings.SESSION_COOKIE_AGE / 86400, help="age in days (default: session age)"
        )

    def handle(self, *args, days: float, **options):
        cutoff = timezone.now() - timedelta(days=days)
        removed = 0
        if not default_storage.exists(PHOTO_FOLDER):
            self.stdout.write("no report drafts")
            return
        folders, _ = default_storage.listdir(PHOTO_FOLDER)
        for folder in folders:
            path = f"{PHOTO_FOLDER}/{folder}"
            _, files = default_storage.listdir(path)
            stale = [name for name in files if default_storage.get_modified_time(f"{path}/{name}") < cutoff]
            for name in stale:
                default_storage.delete(f"{path}/{name}")
                removed += 1
        self.stdout.write(f"removed {removed} photo(s) of unsent report drafts")
