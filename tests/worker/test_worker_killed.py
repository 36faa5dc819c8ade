"""A real `cityline worker` process killed with SIGKILL in the middle of a batch loses no message,
and a message the provider confirmed is never sent again.

The fake provider accepts the 7th text and never answers it, so the worker is killed while that one
is in flight (the provider has it; the outbox does not know). A second worker, started after the
claim's lease ran out, delivers the rest; before sending the in-flight one again it finds it at the
provider and records it instead. Every message reaches the provider exactly once.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

from cityline.cases.models import OutboxMessage, OutboxStatus
from tests.notify.fakes import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER
from tests.notify.world import SITE_URL

pytestmark = [pytest.mark.django_db(transaction=True)]

MESSAGES = 20
HANG_ON = 7


@contextmanager
def shared_database(tmp_path: Path):
    """A DATABASE_URL a child process can open, holding what this test wrote; what the child writes
    is visible here afterwards. PostgreSQL: the test database itself. SQLite (in memory in tests):
    copied to a file for the child, and copied back."""
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        user = settings_dict["USER"] or "postgres"
        host = settings_dict["HOST"] or "127.0.0.1"
        port = settings_dict["PORT"] or 5432
        password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
        yield f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"
        return
    path = tmp_path / "worker.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    try:
        yield f"sqlite:///{path}"
    finally:
        with sqlite3.connect(path) as source:
            source.backup(connection.connection)


def worker_environment(database_url: str, provider_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "CITYLINE_SMS_BACKEND": "twilio",
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": FROM_NUMBER,
        "TWILIO_API_BASE": provider_url,
        "CITYLINE_SITE_URL": SITE_URL,
        "CITYLINE_OUTBOX_LEASE_SECONDS": "1",
        "LOG_LEVEL": "WARNING",
        "CITYLINE_WORKER_INTERVAL": "0.2",
    }


def start_worker(database_url: str, provider_url: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "cityline.cli", "worker", "--interval", "0.2", *extra],
        env=worker_environment(database_url, provider_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(world, provider, tmp_path):
    # Real time is used here, and it may be night in Riverton: no quiet hours for this test.
    world.city.policy = {**world.city.policy, "quiet_hours": "00:00-00:00"}
    world.city.save()
    case = world.report("pothole")
    numbers = [f"+1620555{i:04d}" for i in range(200, 200 + MESSAGES)]
    for i, number in enumerate(numbers):
        OutboxMessage.objects.create(
            case=case, kind="public_note", channel="sms", recipient=number, payload={"note": f"Note number {i}."}
        )
    provider.hang_on = HANG_ON
    with shared_database(tmp_path) as database_url:
        worker = start_worker(database_url, provider.url)
        try:
            if not provider.hanging.wait(90):
                worker.kill()
                pytest.fail("the worker sent no text: " + worker.communicate()[0].decode()[-3000:])
            worker.send_signal(signal.SIGKILL)
            worker.wait(30)
        finally:
            if worker.poll() is None:
                worker.kill()
        provider.release.set()
        assert len(provider.texts_to(numbers[HANG_ON - 1])) == 1
        time.sleep(1.2)  # the killed worker's lease on the message in flight runs out
        finisher = start_worker(database_url, provider.url, "--until-idle")
        output, _ = finisher.communicate(timeout=180)
        assert finisher.returncode == 0, output.decode()

    messages = list(OutboxMessage.objects.filter(kind="public_note").order_by("pk"))
    assert [m.status for m in messages] == [OutboxStatus.SENT] * MESSAGES
    sent_by_provider = {s.to: s for s in provider.sent if s.kind == "sms"}
    assert [len(provider.texts_to(number)) for number in numbers] == [1] * MESSAGES
    assert {m.recipient: m.provider_id for m in messages} == {to: s.sid for to, s in sent_by_provider.items()}
    # The one in flight was claimed twice and found at the provider the second time, not sent again.
    in_flight = messages[HANG_ON - 1]
    assert in_flight.attempts == 2
    assert [m.attempts for m in messages if m.pk != in_flight.pk] == [1] * (MESSAGES - 1)
