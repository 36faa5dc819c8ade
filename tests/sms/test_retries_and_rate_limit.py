"""A provider retrying a text never makes two cases; a number that sends too much gets one polite reply."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cityline.cases.models import Case

pytestmark = pytest.mark.django_db

MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("America/Chicago"))


def test_the_same_message_twice_makes_one_case_and_gets_the_same_reply(city, texter, time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    phone = texter()
    phone.send("pothole at 200 S Main St")
    phone.send("yes")
    first = phone.send("2", message_sid="SM" + "7" * 32)
    again = phone.send("2", message_sid="SM" + "7" * 32)
    assert first == again and first[0].startswith("Thank you! Case")
    assert Case.objects.count() == 1


def test_too_many_texts_get_one_polite_reply_then_quiet(city, texter, settings, time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    settings.CITYLINE_SMS_RATE_LIMIT = 3
    phone = texter()
    for _ in range(3):
        assert phone.send("HELP")
    assert phone.send("HELP") == [
        "You have sent many messages in a short time. Please wait a few minutes, or call 311."
    ]
    assert phone.send("HELP") == []
    assert texter("+16205550100").send("HELP"), "another number is not limited"
    # STOP is honoured even while limited.
    assert phone.send("STOP")
    time_machine.move_to(MONDAY_MORNING + timedelta(minutes=11), tick=False)
    assert phone.send("START")
    assert phone.send("HELP")[0].startswith("Riverton 311")
