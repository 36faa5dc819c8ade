"""``cityline train-triage``: learn service-type ranking from closed cases or a CSV."""

from __future__ import annotations

import random
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityline.triage.evaluate import read_csv, training_examples
from cityline.triage.training import cases_examples, train_and_store


class Command(BaseCommand):
    help = "Train the service-type ranking on closed cases (description and final service type) or on a CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--csv", help="CSV with text,service_code columns instead of the closed cases")
        parser.add_argument("--language", choices=["en", "es"], help="language of the CSV texts (default: detect)")
        parser.add_argument(
            "--limit", type=int, default=200_000, help="at most this many newest cases (default 200000)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["csv"]:
            try:
                examples = training_examples(read_csv(options["csv"]), options["language"])
            except (OSError, ValueError, KeyError) as error:
                raise CommandError(str(error)) from error
            source = options["csv"]
        else:
            examples = cases_examples(options["limit"])
            source = "cases"
        if not examples:
            raise CommandError("nothing to learn from: no closed case with a description and a service type")
        random.Random(0).shuffle(examples)
        try:
            row = train_and_store(examples, source)
        except ValueError as error:
            raise CommandError(str(error)) from error
        metrics = row.metrics
        self.stdout.write(
            f"Trained on {row.examples} examples over {row.services} service types; "
            f"held-out top-1 {metrics.get('top1_trained')} (catalog alone {metrics.get('top1_zero_shot')}), "
            f"top-3 {metrics.get('top3_trained')} (catalog alone {metrics.get('top3_zero_shot')}). "
            f"Triage now uses model {row.pk}."
        )
