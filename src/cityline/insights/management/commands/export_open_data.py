from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cityline.core.models import current_jurisdiction
from cityline.insights.opendata import export_open_data


class Command(BaseCommand):
    help = (
        "Write the open-data files (cases as CSV and GeoJSON, data dictionary, DCAT-US data.json): public fields only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, default=None, help="folder to write to (default: CITYLINE_OPEN_DATA_DIR)"
        )

    def handle(self, *args, output: Path | None, **options):
        if current_jurisdiction() is None:
            raise CommandError("No city is loaded: run cityline load-pack first.")
        try:
            report = export_open_data(output)
        except OSError as exc:
            raise CommandError(f"Could not write the open-data files: {exc}") from None
        self.stdout.write(
            self.style.SUCCESS(f"{report.cases:,} cases written to {report.directory} in {report.seconds:.1f} s")
        )
