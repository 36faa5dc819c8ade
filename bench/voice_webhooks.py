"""How fast does the phone line answer its webhooks with 8 callers at once on PostgreSQL? (p50/p95 per step, the 911-advisory time per language)

    python -m bench voice_webhooks [--callers 8] [--seconds 60] [--workers 2] [--threads 4]

Creates (or empties) a PostgreSQL database, loads the Hutchinson pack and 20,000 generated cases
(so status look-ups search a realistic table), starts gunicorn on it, warms every worker, then has
``--callers`` simulated callers (separate processes, the same simulator as ``cityline call``: signed
requests, TwiML parsed) place calls back to back for ``--seconds``: reports by speech, status
checks, questions, transfers and emergencies, in English and Spanish. It reports each webhook's
time as the server measured it (gunicorn's access log) and as the caller saw it, per step.

The ceiling, measured in the same run at the same concurrency, is the cheapest webhook the line
has: a signed status callback for a call it does not know (signature check, one indexed query).

The 911-advisory time is what a caller hears before the advice: the greeting (spoken seconds,
measured with espeak-ng where installed), then, after they describe the emergency at the menu,
the server's time to answer with the advice.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

BASE = "postgres://postgres@127.0.0.1:5432"
TOKEN = "bench-token-0123456789"
RESULTS = Path(__file__).resolve().parent / "results"

SCRIPTS = {
    "report (en)": ("en", [("silence",), ("say", "there is a big pothole in front of my house"), ("press", "1"), ("press", "2"), ("say", "1007 North Main Street"), ("press", "1"), ("silence",)]),
    "report (es)": ("es", [("silence",), ("say", "hay un bache muy grande enfrente de mi casa"), ("press", "1"), ("press", "3"), ("say", "1007 North Main Street"), ("press", "1"), ("silence",)]),
    "status (en)": ("en", [("silence",), ("press", "2"), ("press", "{number}#"), ("silence",)]),
    "status (es)": ("es", [("silence",), ("press", "2"), ("press", "{number}#"), ("silence",)]),
    "question (en)": ("en", [("silence",), ("press", "4"), ("say", "when is my trash picked up"), ("silence",)]),
    "department (en)": ("en", [("silence",), ("press", "3"), ("say", "water")]),
    "emergency (en)": ("en", [("silence",), ("say", "my neighbor's house is on fire")]),
    "emergency (es)": ("es", [("silence",), ("say", "la casa de mi vecino se está quemando")]),
}  # fmt: skip


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def cityline(argv: list[str], env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "cityline.cli", *argv], check=True, env=env, stdout=subprocess.DEVNULL)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def step_of(path: str) -> str:
    match = re.match(r"^/voice/(step/)?([\w-]+)", path)
    return match.group(2) if match else path


class TimedSession:
    """requests.Session whose posts are timed, with the step they were for."""

    def __init__(self, timings: list[tuple[str, float]]):
        import requests

        self.session = requests.Session()
        self.timings = timings

    def post(self, url, data, headers, timeout):
        started = time.perf_counter()
        response = self.session.post(url, data=data, headers=headers, timeout=timeout)
        self.timings.append((step_of(urlsplit(url).path), time.perf_counter() - started))
        return response


def caller(args: tuple) -> dict:
    """One simulated caller: calls back to back until the time is up. With ``pace``, the caller
    listens to each prompt first (its words at a speaking rate, times ``pace``, at most 8 s) as a
    real caller does, instead of answering at once."""
    base_url, until, numbers, seed, *rest = args
    pace = rest[0] if rest else 0.0
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityline.settings")
    from cityline.voice.simulator import PhoneCall

    rng = random.Random(seed)
    timings: list[tuple[str, float]] = []
    advisories: dict[str, list[float]] = defaultdict(list)
    calls = 0
    names = list(SCRIPTS)
    # A warm-up caller (until == 0) plays every script once, so each worker has built what it builds
    # on first use (triage indexes, Spanish stems, translations) before anything is measured.
    queue = list(names) if until == 0 else []
    while queue or time.time() < until:
        name = queue.pop() if queue else rng.choice(names)
        language, script = SCRIPTS[name]
        call = PhoneCall(base_url, caller=f"+1620555{rng.randint(1000, 9999)}", token=TOKEN, http=TimedSession(timings))
        heard = call.dial(spanish_line=language == "es")
        for action, *value in script:
            if heard.ended or not heard.waiting_for:
                break
            if pace:
                time.sleep(pace * min(8.0, len(heard.text.split()) / 2.9))
            before = len(timings)
            if action == "silence":
                heard = call.silence()
            elif action == "press":
                heard = call.press(value[0].format(number=rng.choice(numbers)))
            else:
                heard = call.say(value[0])
            if name.startswith("emergency") and heard.ended:
                advisories[language].append(timings[before][1])
        call.hang_up()
        calls += 1
    return {"timings": timings, "advisories": dict(advisories), "calls": calls}


def ceiling_caller(args: tuple[str, float, int]) -> list[float]:
    base_url, until, seed = args
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import requests

    from cityline.core.telephony import SIGNATURE_HEADER, provider_signature

    session = requests.Session()
    url = f"{base_url}/voice/status"
    times = []
    index = 0
    while time.time() < until:
        index += 1
        params = {"CallSid": f"CA{seed:08d}{index:024d}", "CallStatus": "completed", "From": "+16205550100"}
        headers = {SIGNATURE_HEADER: provider_signature(url, params, TOKEN)}
        started = time.perf_counter()
        response = session.post(url, data=params, headers=headers, timeout=30)
        times.append(time.perf_counter() - started)
        assert response.status_code == 204, response.text
    return times


def server_times(log: Path) -> dict[str, list[float]]:
    found: dict[str, list[float]] = defaultdict(list)
    for line in log.read_text().splitlines():
        parts = line.split()
        if len(parts) != 3 or not parts[2].isdigit():
            continue
        path, status, micros = parts
        if status.startswith("2"):
            found[step_of(path)].append(int(micros) / 1e6)
    return found


CPU_SCRIPT = r"""
import json, time, django
django.setup()
from types import SimpleNamespace
from urllib.parse import urlsplit
from django.test import Client
from cityline.core.telephony import provider_signature
from cityline.voice.simulator import PhoneCall
from django.conf import settings

client = Client()

class Transport:
    def post(self, url, data, headers, timeout):
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        extra = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}
        response = client.post(path, data=data, **extra)
        return SimpleNamespace(status_code=response.status_code, text=response.content.decode())

site = settings.SITE_URL
token = settings.TWILIO_AUTH_TOKEN
numbers = json.loads(NUMBERS)
found = {}

def ceiling(i):
    params = {"CallSid": f"CA{i:032d}", "CallStatus": "completed", "From": "+16205550100"}
    signature = provider_signature(site + "/voice/status", params, token)
    started = time.process_time()
    client.post("/voice/status", data=params, HTTP_X_TWILIO_SIGNATURE=signature)
    found.setdefault("_ceiling", []).append(time.process_time() - started)

def call(i):
    return PhoneCall(site, caller=f"+1620555{1000 + i:04d}", token=token, http=Transport())

def greeting(i):
    c = call(i); started = time.process_time(); c.dial()
    found.setdefault("_greeting", []).append(time.process_time() - started)

def menu_answer(i):
    c = call(i); c.dial(); c.silence(); started = time.process_time(); c.press("2")
    found.setdefault("_menu", []).append(time.process_time() - started)

def status_number(i):
    c = call(i); c.dial(); c.silence(); c.press("2"); started = time.process_time()
    c.press(numbers[i % len(numbers)] + "#")
    found.setdefault("_status", []).append(time.process_time() - started)

def spoken_report(i):
    c = call(i); c.dial(); c.silence(); started = time.process_time()
    c.say("there is a big pothole in front of my house")
    found.setdefault("_speech", []).append(time.process_time() - started)
    c.press("1"); c.press("2"); c.say("1007 North Main Street"); started = time.process_time(); c.press("1")
    found.setdefault("_open", []).append(time.process_time() - started)

for run in (ceiling, greeting, menu_answer, status_number, spoken_report):
    for i in range(31):
        run(i)
result = {}
for key, label in [("_ceiling", "ceiling (unknown call)"), ("_greeting", "greeting"),
                   ("_menu", "a keyed menu answer"), ("_status", "a keyed case number"),
                   ("_speech", "a spoken report at the menu (triage)"), ("_open", "the last step: the case opened")]:
    values = sorted(found[key][1:])
    result[label] = values[len(values) // 2]
print(json.dumps(result))
"""


def cpu_per_webhook(env: dict[str, str], numbers: list[str]) -> dict[str, float]:
    """Each kind of webhook's CPU time in one process (Django's test client, the real views and
    database), the median of 30: what a request costs the server, whatever else the machine runs."""
    script = CPU_SCRIPT.replace("NUMBERS", repr(json.dumps(numbers[:50])))
    output = subprocess.run(
        [sys.executable, "-c", script],
        check=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "cityline.settings"},
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def greeting_seconds(env: dict[str, str]) -> dict[str, float]:
    script = (
        "import json; from cityline.voice import flowmap; from cityline.core.models import current_jurisdiction;"
        "c = current_jurisdiction();"
        "print(json.dumps({l: flowmap.greeting_timing(c, l).total for l in ('en', 'es')}))"
    )
    output = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        check=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "cityline.settings"},
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench voice_webhooks")
    parser.add_argument("--callers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--solo-seconds", type=float, default=15, help="one caller alone, for the unloaded time")
    parser.add_argument("--paced-seconds", type=float, default=60, help="the callers listening to each prompt first")
    parser.add_argument("--pace", type=float, default=1.0, help="share of each prompt's speaking time a caller waits")
    parser.add_argument("--database", default="cityline_bench_voice")
    args = parser.parse_args(argv)

    with psycopg.connect(f"{BASE}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.database}"')
        conn.execute(f'CREATE DATABASE "{args.database}"')
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    var = Path(tempfile.mkdtemp(prefix="cityline-bench-voice-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"{BASE}/{args.database}",
        "TWILIO_AUTH_TOKEN": TOKEN,
        "CITYLINE_SITE_URL": base_url,
        "CITYLINE_VAR_DIR": str(var),
        "LOG_LEVEL": "WARNING",
    }
    cityline(["migrate", "-v0"], env)
    cityline(["load-pack", "hutchinson-ks", "--quiet-changes"], env)
    cityline(["generate-cases", str(args.cases), "--seed", "1"], env)
    with psycopg.connect(env["DATABASE_URL"]) as conn:
        numbers = [row[0] for row in conn.execute("SELECT number FROM cases_case ORDER BY random() LIMIT 500")]

    log = var / "access.log"
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "cityline.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers), "--threads", str(args.threads),
            "--worker-class", "gthread", "--access-logfile", str(log), "--access-logformat", "%(U)s %(s)s %(D)s",
        ],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        # Warm every worker: each builds its triage indexes on its first report.
        with multiprocessing.Pool(args.workers * args.threads) as pool:
            pool.map(caller, [(base_url, 0, numbers, 1000 + i) for i in range(args.workers * args.threads * 2)])
        log.write_text("")

        until = time.time() + args.seconds
        with multiprocessing.Pool(args.callers) as pool:
            results = pool.map(caller, [(base_url, until, numbers, i) for i in range(args.callers)])
        served = server_times(log)
        log.write_text("")
        with multiprocessing.Pool(args.callers) as pool:
            ceiling = [
                t
                for times in pool.map(ceiling_caller, [(base_url, time.time() + 15, i) for i in range(args.callers)])
                for t in times
            ]
        ceiling_served = server_times(log).get("status", [])
        # The same callers listening to each prompt before answering, as callers do.
        log.write_text("")
        if args.paced_seconds:
            until = time.time() + args.paced_seconds
            with multiprocessing.Pool(args.callers) as pool:
                pool.map(caller, [(base_url, until, numbers, 500 + i, args.pace) for i in range(args.callers)])
        paced = [t for times in server_times(log).values() for t in times]
        # One caller alone: each webhook's own time, with no other request waiting beside it.
        log.write_text("")
        caller((base_url, time.time() + args.solo_seconds, numbers, 99))
        solo = [t for times in server_times(log).values() for t in times]
    finally:
        server.terminate()
        server.wait(timeout=30)

    seen: dict[str, list[float]] = defaultdict(list)
    advisories: dict[str, list[float]] = defaultdict(list)
    for result in results:
        for step, seconds in result["timings"]:
            seen[step].append(seconds)
        for language, times in result["advisories"].items():
            advisories[language].extend(times)
    calls = sum(r["calls"] for r in results)
    every_served = [t for times in served.values() for t in times]
    every_seen = [t for times in seen.values() for t in times]

    def ms(value: float) -> str:
        return f"{value * 1000:6.1f}"

    load = os.getloadavg()[0]
    print(f"(load average on this machine's {os.cpu_count()} cores at the end: {load:.1f})")
    print(f"{args.callers} callers for {args.seconds:.0f} s, gunicorn {args.workers}×{args.threads} threads, "
          f"PostgreSQL, {args.cases:,} cases: {calls} calls, {len(every_served)} webhooks "
          f"({len(every_served) / args.seconds:.0f}/s)")  # fmt: skip
    print(f"{'step':<26}{'n':>6}{'server p50':>12}{'p95':>8}{'caller p50':>12}{'p95':>8}  (ms)")
    for step in sorted(served, key=lambda s: -len(served[s])):
        print(f"{step:<26}{len(served[step]):>6}{ms(statistics.median(served[step])):>12}"
              f"{ms(percentile(served[step], 0.95)):>8}{ms(statistics.median(seen.get(step, [0]))):>12}"
              f"{ms(percentile(seen.get(step, [0]), 0.95)):>8}")  # fmt: skip
    print(f"{'all webhooks':<26}{len(every_served):>6}{ms(statistics.median(every_served)):>12}"
          f"{ms(percentile(every_served, 0.95)):>8}{ms(statistics.median(every_seen)):>12}{ms(percentile(every_seen, 0.95)):>8}")  # fmt: skip
    print(f"{'ceiling (unknown call)':<26}{len(ceiling_served):>6}{ms(statistics.median(ceiling_served)):>12}"
          f"{ms(percentile(ceiling_served, 0.95)):>8}{ms(statistics.median(ceiling)):>12}{ms(percentile(ceiling, 0.95)):>8}")  # fmt: skip
    print(f"{'one caller alone':<26}{len(solo):>6}{ms(statistics.median(solo)):>12}{ms(percentile(solo, 0.95)):>8}")
    if paced:
        print(f"{f'{args.callers} callers, listening':<26}{len(paced):>6}{ms(statistics.median(paced)):>12}"
              f"{ms(percentile(paced, 0.95)):>8}")  # fmt: skip
    ratio = statistics.median(every_served) / statistics.median(ceiling_served)
    print(
        f"webhook median / ceiling median (server): {ratio:.1f}×; goal p95 ≤ 20 ms: "
        f"{'met' if percentile(every_served, 0.95) <= 0.020 else 'not met'}"
    )

    cpu = cpu_per_webhook(env, numbers)
    print("CPU time of one webhook in one process (median of 30):")
    for label, seconds in cpu.items():
        print(f"  {label:<40}{seconds * 1000:6.1f} ms")
    greeting = greeting_seconds(env)
    print("911-advisory time (a caller who describes the emergency at the first menu):")
    for language in ("en", "es"):
        times = advisories.get(language, [])
        if not times:
            continue
        print(f"  {language}: greeting {greeting[language]:.1f} s of speech, then the advice {ms(statistics.median(times)).strip()} ms "
              f"(p95 {ms(percentile(times, 0.95)).strip()} ms) after the caller stops speaking; n={len(times)}")  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "voice_webhooks.json").write_text(
        json.dumps(
            {
                "callers": args.callers,
                "seconds": args.seconds,
                "calls": calls,
                "server": {k: sorted(v) for k, v in served.items()},
                "ceiling": sorted(ceiling_served),
                "solo": sorted(solo),
                "paced": sorted(paced),
                "cpu": cpu,
                "advisories": advisories,
                "greeting": greeting,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
