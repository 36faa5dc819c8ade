"""How fast do the insights dashboard, the public performance page and the CSVs answer? (ms per request)

    python -m bench insights_speed --database cityline_bench_insights [--cases 100000] [--repeat 7]

Uses a PostgreSQL database that already holds generated cases (``--cases N`` generates them first
into an empty database and rebuilds the summary tables), then times each page in-process through
Django's test client, as a signed-in supervisor: the median and 95th percentile of ``--repeat``
requests after one warm-up (a running server has warm caches too). Two references are measured in
the same run: the home page (a ceiling: the cheapest page the site serves) and the naive query the
summary tables replace (cases closed this year by department, read from the cases table). Finally
it times an incremental `refresh-insights` after 100 more cases arrive.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

BASE = "postgres://postgres@127.0.0.1:5432"


def _run(argv: list[str], env: dict) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cityline.cli", *argv], check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def _times(fn, repeat: int) -> list[float]:
    fn()  # warm-up
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="cityline_bench_insights")
    parser.add_argument("--cases", type=int, default=0, help="generate this many cases first (empties the database)")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)

    url = f"{BASE}/{args.database}"
    env = {**os.environ, "DATABASE_URL": url}
    if args.cases:
        import psycopg

        with psycopg.connect(f"{BASE}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{args.database}"')
            conn.execute(f'CREATE DATABASE "{args.database}"')
        _run(["migrate", "-v0"], env)
        _run(["load-pack", "hutchinson-ks"], env)
        seconds = _run(["generate-cases", str(args.cases), "--seed", "7"], env)
        print(f"generated {args.cases:,} cases in {seconds:.0f} s")
        seconds = _run(["refresh-insights", "--full"], env)
        print(f"full rebuild of the summary tables: {seconds:.0f} s")

    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityline.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Q
    from django.test import Client

    from cityline.cases.models import Case
    from cityline.insights.queries import today_in_city

    cases = Case.objects.count()
    user, _created = get_user_model().objects.get_or_create(
        username="bench-supervisor", defaults={"is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    today = today_in_city()
    year = f"start={today.replace(month=1, day=1)}&end={today}"
    twelve = f"start={today.replace(year=today.year - 1)}&end={today}"
    pages = [
        ("home page (ceiling)", "/"),
        ("volume, last 30 days", "/insights/volume/"),
        ("volume, this year", f"/insights/volume/?{year}"),
        ("volume, 12 months per week", f"/insights/volume/?{twelve}&per=week"),
        ("promises kept, last 30 days", "/insights/accountability/"),
        ("promises kept, this year", f"/insights/accountability/?{year}"),
        ("call centre, this year", f"/insights/call-centre/?{year}"),
        ("where, this year", f"/insights/places/?{year}"),
        ("staffing", "/insights/staffing/"),
        ("public performance page", "/performance/"),
        ("public performance page, Spanish", "/performance/?lang=es"),
        ("CSV: on time by type, this year", f"/insights/accountability/on-time-types.csv?{year}"),
    ]

    def naive() -> None:
        start = today.replace(month=1, day=1)
        list(
            Case.objects.filter(closed_at__date__gte=start)
            .values("department_id")
            .annotate(n=Count("id"), on_time=Count("id", filter=Q(closed_on_time=True)))
        )

    from django.core.cache import caches

    def get(path: str):
        # The Spanish page is asked for as a Spanish browser asks: by its Accept-Language header.
        if path.endswith("?lang=es"):
            return client.get(path.removesuffix("?lang=es"), HTTP_ACCEPT_LANGUAGE="es")
        return client.get(path)

    load_before = os.getloadavg()
    print(f"\n{cases:,} cases on PostgreSQL; {args.repeat} requests each after a warm-up")
    print("cold: the figure cache emptied before each request (the first visitor after a refresh); warm: not\n")
    print(f"{'page':<36} {'cold median':>11} {'cold p95':>9} {'× ceiling':>10} {'warm median':>12}")
    ceiling = None
    worst = 0.0
    for label, path in pages:

        def cold(path=path):
            caches["insights"].clear()
            _check(get(path), path)

        times = _times(cold, args.repeat)
        warm = statistics.median(_times(lambda path=path: _check(get(path), path), args.repeat))
        median = statistics.median(times)
        p95 = sorted(times)[max(int(len(times) * 0.95) - 1, 0)]
        ceiling = ceiling or median
        if label != "home page (ceiling)":
            worst = max(worst, median)
        print(f"{label:<36.36} {median:>11.0f} {p95:>9.0f} {median / ceiling:>10.1f} {warm:>12.0f}")
    naive_times = _times(naive, max(args.repeat // 2, 2))
    print(f"{'naive query on cases (reference)':<36} {statistics.median(naive_times):>10.0f}")
    print(f"\nslowest insights page, cold: median {worst:.0f} ms")
    load_after = os.getloadavg()
    print(
        f"load average (1, 5, 15 min) before: {load_before[0]:.1f} {load_before[1]:.1f} {load_before[2]:.1f}; "
        f"after: {load_after[0]:.1f} {load_after[1]:.1f} {load_after[2]:.1f}"
    )

    env["DATABASE_URL"] = url
    _run(["generate-cases", "100", "--months", "1"], env)
    seconds = _run(["refresh-insights"], env)
    print(f"incremental refresh after 100 new cases (whole process, incl. start-up): {seconds:.1f} s")
    return 0


def _check(response, path: str):
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return response


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
