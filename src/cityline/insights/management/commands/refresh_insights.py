from __future__ import annotations

from django.core.management.base import BaseCommand

from cityline.insights.rollups import refresh_insights


class Command(BaseCommand):
    help = "Bring the insights summary tables up to date with the cases and contacts (the worker runs this every few minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="rebuild every summary from the start")
        parser.add_argument("--spots", action="store_true", help="also recount repeat locations now (normally daily)")

    def handle(self, *args, full: bool, spots: bool, **options):
        report = refresh_insights(full=full, spots=True if spots else None)
        for note in report.notes:
            self.stderr.write(note)
        self.stdout.write(self.style.SUCCESS(str(report)))
