"""How fast does `cityline generate-cases` fill PostgreSQL? (cases per second, and the ratio to a COPY ceiling)

    python -m bench generate_cases [--count 100000] [--database cityline_bench_generate]

Creates (or empties) a PostgreSQL database, loads the Hutchinson pack, times `cityline
generate-cases COUNT` as a whole process, then measures a ceiling in the same run: a bare COPY of
the same number of case rows with fixed values (no Python work per case, no history, no calls).
The ratio says how much of the ceiling the generator reaches, whatever the machine's speed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

import psycopg

BASE = "postgres://postgres@127.0.0.1:5432"


def run(argv: list[str], database_url: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "cityline.cli", *argv],
        check=True,
        env={**os.environ, "DATABASE_URL": database_url},
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def copy_ceiling(database_url: str, count: int) -> float:
    with psycopg.connect(database_url, autocommit=True) as conn:
        service, department = conn.execute("SELECT id, department_id FROM catalog_servicetype LIMIT 1").fetchone()
        conn.execute("CREATE TEMP TABLE ceiling (LIKE cases_case INCLUDING DEFAULTS)")
        columns = (
            "number",
            "service_type_id",
            "department_id",
            "status",
            "priority",
            "description",
            "attributes",
            "lat",
            "lon",
            "address",
            "district",
            "channel",
            "language",
            "created_at",
            "updated_at",
            "received_after_hours",
            "sla_due_at",
            "reopened_count",
        )
        started = time.perf_counter()
        with conn.cursor() as cursor, cursor.copy(f"COPY ceiling ({', '.join(columns)}) FROM STDIN") as copy:
            for i in range(count):
                copy.write_row(
                    (
                        f"{1000000000 + i}",
                        service,
                        department,
                        "closed",
                        "normal",
                        "Reported by a resident.",
                        "{}",
                        38.06,
                        -97.93,
                        "",
                        "",
                        "phone",
                        "en",
                        "2026-01-05 09:00-06",
                        "2026-01-05 09:00-06",
                        False,
                        "2026-01-08 09:00-06",
                        0,
                    )
                )
        return time.perf_counter() - started


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench generate_cases")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--database", default="cityline_bench_generate")
    args = parser.parse_args(argv)
    with psycopg.connect(f"{BASE}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.database}"')
        conn.execute(f'CREATE DATABASE "{args.database}"')
    url = f"{BASE}/{args.database}"
    run(["migrate", "-v0"], url)
    run(["load-pack", "hutchinson-ks", "--quiet-changes"], url)
    generator = run(["generate-cases", str(args.count), "--seed", "1"], url)
    ceiling = copy_ceiling(url, args.count)
    print(
        f"generate-cases {args.count:,}: {generator:.1f} s, {args.count / generator:,.0f} cases/s "
        f"(with history events and calls)"
    )
    print(f"ceiling, bare COPY of {args.count:,} case rows: {ceiling:.1f} s, {args.count / ceiling:,.0f} rows/s")
    print(f"ratio generator/ceiling: {ceiling / generator:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
