"""How fast does the console answer? Search as you type, the work queue, and whole pages.

    DATABASE_URL=postgres://... python -m bench console_search [--cases 100000] [--repeat 5]

Fills the database (the Hutchinson pack and ``generate-cases`` up to ``--cases``) unless it holds
that many already, then times, on the same data in the same run:

* every prefix of realistic typed inputs (case numbers whole and in part, addresses, words) through
  ``console.search.search_cases`` as a supervisor and as department staff: the 95th percentile is
  held against the 100 ms goal (30 ms beyond that);
* the work queue's first page and a filtered page (``console.queue.queue_cases``);
* whole pages rendered through Django's test client (queue, case, search, supervisor): goal 200 ms;
* a ceiling for comparison, measured the same way: reading 20 known cases by primary key with the
  same joins (what showing any page of 20 results costs at least). The ratio to it says how much
  the search itself adds on this machine.

Not a test: it prints figures to record in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable

TYPED = [
    "pothole on main",
    "streetlight out",
    "1007 n main st",
    "dead dog in the alley",
    "water leak by the school",
    "graffiti",
    "trash not picked up",
    "25th ave",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    action()  # warm the caches and the plan once
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        out.append((time.perf_counter() - started) * 1000)
    return out


def line(name: str, samples: list[float], ceiling: float | None = None, goal: float | None = None) -> str:
    median, p95 = statistics.median(samples), percentile(samples, 0.95)
    text = f"  {name:<38} n={len(samples):<5} median {median:7.2f} ms   p95 {p95:7.2f} ms"
    if ceiling:
        text += f"   median/ceiling {median / ceiling:5.1f}x"
    if goal:
        text += f"   {'within' if p95 <= goal else 'OVER'} {goal:.0f} ms"
    return text


def prepare(cases: int) -> None:
    from django.core.management import call_command

    from cityline.cases.models import Case
    from cityline.core.models import current_jurisdiction

    call_command("migrate", interactive=False, verbosity=0)
    if current_jurisdiction() is None:
        call_command("load_pack", "hutchinson-ks", quiet_changes=True)
    have = Case.objects.count()
    if have < cases:
        print(f"  generating {cases - have:,} cases (once; later runs reuse them) …", flush=True)
        call_command("generate_cases", cases - have, months=24, seed=7, verbosity=0)
    from django.db import connection

    if connection.vendor == "postgresql":
        # Rows written in bulk have no planner statistics until autovacuum's analyze runs; without
        # them the planner guesses, and search picks a plan that reads every row.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench console_search")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="timings per query")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityline.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from cityline.cases.models import Case
    from cityline.console.accounts import create_staff, new_password
    from cityline.console.queue import queue_cases
    from cityline.console.search import search_cases
    from cityline.directory.models import StaffProfile

    settings.ALLOWED_HOSTS = ["*"]
    prepare(args.cases)
    total = Case.objects.count()
    print(f"  database: {connection.vendor}, {total:,} cases")

    def profile(username: str, role: str, departments: tuple[str, ...] = ()) -> StaffProfile:
        found = StaffProfile.objects.filter(user__username=username).first()
        return found or create_staff(username, role=role, password=new_password(), departments=departments)

    boss = profile("bench-supervisor", "supervisor")
    worker = profile("bench-works", "department_staff", ("public-works",))
    numbers = list(Case.objects.order_by("?").values_list("number", flat=True)[:20])
    typed = [text[:n] for text in TYPED for n in range(2, len(text) + 1)]
    typed += [number[:n] for number in numbers[:8] for n in range(6, 11)]

    known = list(Case.objects.order_by("?").values_list("pk", flat=True)[:20])

    def by_key() -> list[Case]:
        return list(Case.objects.select_related("service_type", "department").filter(pk__in=known))

    ceiling_samples = timed(by_key, max(40, args.repeat * 8))
    ceiling = statistics.median(ceiling_samples)
    print(line("ceiling: 20 cases by primary key, same joins", ceiling_samples))

    for who, staff in (("supervisor", boss), ("department staff", worker)):
        samples: list[float] = []
        for text in typed:
            samples += timed(lambda text=text, staff=staff: search_cases(text, staff=staff).cases, args.repeat)
        print(line(f"search as you type ({who})", samples, ceiling, goal=100))
        print(f"    {'(30 ms beyond goal: ' + ('met' if percentile(samples, 0.95) <= 30 else 'not yet') + ')'}")

    queue_first = timed(lambda: queue_cases(worker, {}).page.items, args.repeat * 4)
    print(line("queue: my departments, first page", queue_first, ceiling, goal=100))
    queue_filtered = timed(
        lambda: queue_cases(boss, {"sla": "breached", "sort": "priority"}).page.items, args.repeat * 4
    )
    print(line("queue: all, breached, by priority", queue_filtered, ceiling, goal=100))
    deep = queue_cases(boss, {"sort": "newest"}, size=50)
    for _ in range(20):  # page 21: keyset paging costs what page 1 costs
        deep = queue_cases(boss, {"sort": "newest", "after": deep.page.next_cursor}, size=50)
    cursor = deep.page.next_cursor
    print(
        line(
            "queue: page 22 (keyset)",
            timed(lambda: queue_cases(boss, {"sort": "newest", "after": cursor}).page.items, args.repeat * 4),
            ceiling,
            goal=100,
        )
    )

    client = Client()
    client.force_login(boss.user)
    pages = {
        "page: work queue": "/console/queue/",
        "page: case": f"/console/cases/{numbers[0]}/",
        "page: search 'main st'": "/console/search/?q=main+st",
        "page: supervisor": "/console/supervisor/",
    }
    for name, url in pages.items():
        samples = timed(lambda url=url: client.get(url), args.repeat * 2)
        print(line(name, samples, goal=200))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
