"""Open311 API speed on PostgreSQL with 100,000 cases: POST requests/s, GET-by-id and list p50/p95

    python -m bench open311 [--cases 100000] [--database cityline_bench_open311] [--keep]
                            [--workers 2] [--threads 4] [--concurrency 4] [--posts 4000]

Sets up a PostgreSQL database the way a city would (migrate, the Hutchinson pack,
`cityline generate-cases`, `cityline api-key create`), starts `cityline serve` on a free port and
drives it from client processes on the same machine over keep-alive HTTP connections. In the same
run it measures two ceilings:

- a raw SQL INSERT loop of the same case rows (psycopg, one transaction per row, same concurrency):
  what the database alone does, the ceiling of POST;
- a Django view that returns a constant, served by the same gunicorn with the same middleware:
  the ceiling of any request on this stack.

Each figure is printed with its ratio to its ceiling. `--keep` keeps the database (set up once,
then reused: the cases are not generated again).
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import psycopg

BASE = "postgres://postgres@127.0.0.1:5432"
REPOSITORY = Path(__file__).resolve().parent.parent
CENTER = (38.0608, -97.9298)  # Hutchinson


def cityline(argv: list[str], env: dict) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "cityline.cli", *argv], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def prepare(database: str, cases: int, keep: bool, env: dict) -> None:
    with psycopg.connect(f"{BASE}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if exists and keep:
            with psycopg.connect(f"{BASE}/{database}") as db:
                have = db.execute("SELECT count(*) FROM cases_case").fetchone()[0]
            if have >= cases:
                print(f"reusing {database}: {have:,} cases")
                cityline(["migrate", "-v0"], env)  # the code may have moved on since it was made
                return
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')
    started = time.perf_counter()
    cityline(["migrate", "-v0"], env)
    cityline(["load-pack", "hutchinson-ks"], env)
    cityline(["generate-cases", str(cases), "--seed", "1"], env)
    with psycopg.connect(f"{BASE}/{database}", autocommit=True) as db:
        db.execute("VACUUM ANALYZE")
    print(f"set up {database} with {cases:,} cases in {time.perf_counter() - started:.0f} s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- the client ----------------------------------------------------------------------------------


def _client(args: tuple) -> list[float]:
    """One client process: one keep-alive connection, ``count`` requests, their latencies (s)."""
    port, method, paths, bodies, count, seed = args
    connection = http.client.HTTPConnection("127.0.0.1", port)
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if method == "POST" else {}
    latencies = []
    for i in range(count):
        path = paths[(i + seed * 7) % len(paths)]
        body = bodies[i % len(bodies)] if bodies else None
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - started)
        if response.status >= 400:
            raise RuntimeError(f"{method} {path} → {response.status}")
    connection.close()
    return latencies


def drive(port: int, method: str, *, paths: list[str], bodies: list[bytes] | None, total: int, concurrency: int):
    """``total`` requests over ``concurrency`` client processes; (requests/s, latencies)."""
    per_client = total // concurrency
    jobs = []
    for n in range(concurrency):
        chunk_bodies = bodies[n * per_client : (n + 1) * per_client] if bodies else None
        jobs.append((port, method, paths, chunk_bodies, per_client, n))
    with multiprocessing.Pool(concurrency) as pool:
        started = time.perf_counter()
        results = pool.map(_client, jobs)
        elapsed = time.perf_counter() - started
    latencies = [x for part in results for x in part]
    return len(latencies) / elapsed, latencies


def pct(latencies: list[float], q: float) -> float:
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def post_bodies(key: str, count: int, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    bodies = []
    for i in range(count):
        lat = CENTER[0] + rng.uniform(-0.01, 0.01)
        lon = CENTER[1] + rng.uniform(-0.01, 0.01)
        fields = {
            "api_key": key,
            "service_code": "pothole",
            "lat": f"{lat:.6f}",
            "long": f"{lon:.6f}",
            "attribute[size]": rng.choice(["small", "medium", "large"]),
            "description": f"Benchmark pothole {seed}-{i} near the curb",
            "device_id": f"bench-{seed}-{i % 97}",
        }
        bodies.append(urlencode(fields).encode())
    return bodies


# --- the ceilings ----------------------------------------------------------------------------------


def _insert_client(args: tuple) -> int:
    url, count, offset = args
    with psycopg.connect(url, autocommit=True) as conn:
        service, department = conn.execute(
            "SELECT id, department_id FROM catalog_servicetype WHERE code = 'pothole'"
        ).fetchone()
        for i in range(count):
            conn.execute(
                "INSERT INTO bench_ceiling (number, service_type_id, department_id, status, priority, description,"
                " attributes, lat, lon, address, district, channel, language, created_at, updated_at,"
                " received_after_hours, sla_due_at, reopened_count, closing_reason)"
                " VALUES (%s, %s, %s, 'new', 'normal', %s, %s, %s, %s, '', '', 'open311', 'en', now(), now(),"
                " false, now() + interval '3 days', 0, '')",
                [
                    f"{offset + i:010d}",
                    service,
                    department,
                    f"Benchmark pothole {i}",
                    '{"size": "small"}',
                    38.06,
                    -97.93,
                ],
            )
    return count


def insert_ceiling(url: str, total: int, concurrency: int) -> float:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_ceiling")
        conn.execute("CREATE TABLE bench_ceiling (LIKE cases_case INCLUDING ALL)")
    per = total // concurrency
    with multiprocessing.Pool(concurrency) as pool:
        started = time.perf_counter()
        done = sum(pool.map(_insert_client, [(url, per, n * per) for n in range(concurrency)]))
        elapsed = time.perf_counter() - started
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE bench_ceiling")
    return done / elapsed


# --- the run -----------------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench open311")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database", default="cityline_bench_open311")
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the database")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=4, help="client processes")
    parser.add_argument("--posts", type=int, default=4000)
    parser.add_argument("--gets", type=int, default=2000)
    args = parser.parse_args(argv)

    url = f"{BASE}/{args.database}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PYTHONPATH": os.pathsep.join([str(REPOSITORY), os.environ.get("PYTHONPATH", "")]),
        "CITYLINE_VAR_DIR": str(REPOSITORY / "var" / "bench"),
        "LOG_LEVEL": "ERROR",
    }
    prepare(args.database, args.cases, args.keep, env)
    key = cityline(["api-key", "create", "Benchmark", "--rate-limit", "100000000"], env).strip()

    port = free_port()
    server_env = {**env, "DJANGO_SETTINGS_MODULE": "bench._open311_site"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cityline.cli",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
        ],
        env=server_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/bench/constant.json")
                break
            except OSError:
                time.sleep(0.2)
        with psycopg.connect(url) as db:
            recent = [
                row[0]
                for row in db.execute(
                    "SELECT number FROM cases_case WHERE created_at > now() - interval '90 days' ORDER BY random() LIMIT 500"
                )
            ]
            busiest = db.execute(
                "SELECT s.code FROM cases_case c JOIN catalog_servicetype s ON s.id = c.service_type_id"
                " WHERE c.created_at > now() - interval '90 days' GROUP BY s.code ORDER BY count(*) DESC LIMIT 1"
            ).fetchone()[0]
            in_window = db.execute(
                "SELECT count(*) FROM cases_case WHERE created_at > now() - interval '90 days'"
            ).fetchone()[0]
        by_id = [f"/open311/v2/requests/{number}.json" for number in recent]
        lists = {
            "list, default (newest ≤1000 of the last 90 days)": ["/open311/v2/requests.json"],
            f"list, page of 50 ({busiest}, open)": [
                f"/open311/v2/requests.json?service_code={busiest}&status=open&page_size=50"
            ],
            "list, 500 m around a point": [f"/open311/v2/requests.json?lat={CENTER[0]}&long={CENTER[1]}&radius=500"],
        }
        constant = ["/bench/constant.json"]

        # Warm every worker: caches, connections, code paths.
        drive(
            port,
            "GET",
            paths=constant + by_id[:20] + lists[next(iter(lists))],
            bodies=None,
            total=80,
            concurrency=args.concurrency,
        )
        drive(
            port,
            "POST",
            paths=["/open311/v2/requests.json"],
            bodies=post_bodies(key, 200, 99),
            total=200,
            concurrency=args.concurrency,
        )

        print(
            f"\n{args.cases:,} cases ({in_window:,} in the last 90 days); server: {args.workers} workers × {args.threads} threads;"
            f" {args.concurrency} client processes\n"
        )
        constant_rps, _ = drive(
            port, "GET", paths=constant, bodies=None, total=args.gets * 2, concurrency=args.concurrency
        )
        _, constant_latency = drive(port, "GET", paths=constant, bodies=None, total=args.gets // 2, concurrency=1)
        insert_rps = insert_ceiling(url, args.posts, args.concurrency)
        post_rps, post_latency = drive(
            port,
            "POST",
            paths=["/open311/v2/requests.json"],
            bodies=post_bodies(key, args.posts, 1),
            total=args.posts,
            concurrency=args.concurrency,
        )
        _, id_latency = drive(port, "GET", paths=by_id, bodies=None, total=args.gets, concurrency=1)
        list_latencies = {
            name: drive(port, "GET", paths=paths, bodies=None, total=max(50, args.gets // 10), concurrency=1)[1]
            for name, paths in lists.items()
        }

        c50, c95 = pct(constant_latency, 0.5), pct(constant_latency, 0.95)
        print(f"ceiling: Django constant view    {constant_rps:8,.0f} req/s   p50 {c50:6.2f} ms   p95 {c95:6.2f} ms")
        print(f"ceiling: raw SQL INSERT loop     {insert_rps:8,.0f} rows/s")
        print(
            f"POST requests                    {post_rps:8,.0f} req/s   p50 {pct(post_latency, 0.5):6.2f} ms   "
            f"p95 {pct(post_latency, 0.95):6.2f} ms   = {post_rps / insert_rps:.2f} of INSERT, {post_rps / constant_rps:.2f} of constant view"
        )
        i50, i95 = pct(id_latency, 0.5), pct(id_latency, 0.95)
        print(
            f"GET requests/ID                                 p50 {i50:6.2f} ms   p95 {i95:6.2f} ms   = {i95 / c95:.1f}× constant p95"
        )
        for name, latency in list_latencies.items():
            l50, l95 = pct(latency, 0.5), pct(latency, 0.95)
            print(f"GET {name:<45} p50 {l50:7.2f} ms   p95 {l95:7.2f} ms   = {l95 / c95:.1f}× constant p95")
        print(f"(median of {len(id_latency)} by id; ratios are to ceilings measured in this run)")
    finally:
        server.terminate()
        server.wait(timeout=15)
        if not args.keep:
            with psycopg.connect(f"{BASE}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
