"""``cityline eval-triage``: measure triage on labelled CSV files, print one JSON object."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityline.triage.catalog import load_catalog
from cityline.triage.evaluate import evaluate, read_csv


class Command(BaseCommand):
    help = (
        "Measure service-type ranking and emergency detection on labelled text. "
        "Prints one JSON object: top1, top3, macro_f1, emergency_recall (yes or maybe), emergency_recall_yes_only, "
        "emergency_fpr (yes), emergency_fpr_with_maybe, emergency_convention, ms_per_text, n, n_emergency."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--catalog", required=True, help="Open311 services JSON file, a city pack folder, or a shipped pack's name"
        )
        parser.add_argument("--data", help="CSV with text,service_code columns")
        parser.add_argument("--train", help="CSV with text,service_code columns to train on first (trained mode)")
        parser.add_argument("--emergency", help="CSV with text,emergency columns (1 = real emergency)")
        parser.add_argument("--language", choices=["en", "es"], help="language of the texts (default: detect)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["data"] and not options["emergency"]:
            raise CommandError("give --data, --emergency or both")
        try:
            catalog = load_catalog(options["catalog"], options["language"] or "en")
            data = read_csv(options["data"]) if options["data"] else []
            train_rows = read_csv(options["train"]) if options["train"] else None
            emergency = read_csv(options["emergency"]) if options["emergency"] else None
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(str(error)) from error
        result = evaluate(catalog, data, train_rows, emergency, options["language"])
        self.stdout.write(json.dumps(result))
