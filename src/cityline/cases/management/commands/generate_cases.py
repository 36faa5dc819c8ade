from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from cityline.cases.synthetic import generate_cases


class Command(BaseCommand):
    help = "Write N realistic synthetic cases over the past months (for demos, dashboards and benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument(
            "--months", type=int, default=12, help="spread them over this many past months (default 12)"
        )
        parser.add_argument("--seed", type=int, default=None, help="for a repeatable set")
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--no-interactions", action="store_true", help="cases only, no calls or texts")

    def handle(self, *args, count: int, months: int, seed, batch_size: int, no_interactions: bool, **options):
        if count < 1:
            raise CommandError("COUNT must be at least 1")
        step = max(count // 10, batch_size)

        def progress(done: int) -> None:
            if done % step < batch_size or done == count:
                self.stdout.write(f"  {done:,} / {count:,}")

        try:
            report = generate_cases(
                count,
                months=months,
                seed=seed,
                batch_size=batch_size,
                interactions=not no_interactions,
                progress=progress,
            )
        except RuntimeError as exc:
            raise CommandError(str(exc)) from None
        rate = report.cases / report.seconds if report.seconds else 0
        on_time = report.on_time / report.closed if report.closed else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.cases:,} cases ({report.closed:,} closed, {on_time:.0%} of them on time), "
                f"{report.events:,} history events, {report.interactions:,} interactions "
                f"in {report.seconds:.1f} s ({rate:,.0f} cases/s)"
            )
        )
