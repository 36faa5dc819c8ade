"""`cityline serve --with-worker` (what `make run` does): the server's worker delivers the outbox,
and stops when the server stops."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from cityline.cases.models import OutboxMessage, OutboxStatus
from tests.worker.test_worker_killed import shared_database, worker_environment

pytestmark = [pytest.mark.django_db(transaction=True)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(child) for child in task.read_text().split()]
    return found


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads child processes from /proc")
def test_the_server_runs_a_worker_and_takes_it_down_with_it(world, provider, tmp_path):
    world.city.policy = {**world.city.policy, "quiet_hours": "00:00-00:00"}
    world.city.save()
    case = world.report("pothole")
    OutboxMessage.objects.create(
        case=case, kind="public_note", channel="sms", recipient="+16205550190", payload={"note": "Hi."}
    )
    port = free_port()
    with shared_database(tmp_path) as database_url:
        server = subprocess.Popen(
            [sys.executable, "-m", "cityline.cli", "serve", "--with-worker", "--port", str(port), "--workers", "1"],
            env=worker_environment(database_url, provider.url),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 90  # a loaded machine starts Python slowly
            while not provider.texts_to("+16205550190") and time.monotonic() < deadline:
                time.sleep(0.1)
            assert provider.texts_to("+16205550190"), "the server's worker sent nothing"
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as page:
                assert page.status == 200
            workers = [
                pid for pid in children(server.pid) if b"\x00worker\x00" in Path(f"/proc/{pid}/cmdline").read_bytes()
            ]
            assert len(workers) == 1
            server.send_signal(signal.SIGTERM)
            server.wait(60)
            deadline = time.monotonic() + 15
            while os.path.exists(f"/proc/{workers[0]}") and time.monotonic() < deadline:
                time.sleep(0.1)
            assert (
                not os.path.exists(f"/proc/{workers[0]}")
                or b"Z" in Path(f"/proc/{workers[0]}/stat").read_bytes().split(b")")[1][:3]
            )
        finally:
            if server.poll() is None:
                server.kill()
    assert OutboxMessage.objects.get(recipient="+16205550190").status == OutboxStatus.SENT
