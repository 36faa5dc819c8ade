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


def test_an_idle_conversation_is_forgotten_with_the_number_a_day_later(city, texter, time_machine):
    from cityline.sms.models import Conversation

    time_machine.move_to(MONDAY_MORNING, tick=False)
    texter().send("HELP")
    assert Conversation.objects.filter(phone="+16205550199").exists()
    time_machine.move_to(MONDAY_MORNING + timedelta(days=2), tick=False)
    texter("+16205550111").send("HELP")
    assert list(Conversation.objects.values_list("phone", flat=True)) == ["+16205550111"]


def test_an_opted_out_number_still_gets_help(city, texter):
    phone = texter()
    phone.send("STOP")
    assert phone.send("hello") == []
    assert phone.send("HELP")[0].startswith("Riverton 311: text a problem")


def test_a_fault_of_ours_gets_an_apology_not_an_error(city, texter, monkeypatch):
    from cityline.sms import conversation

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(conversation, "_reply", broken)
    assert texter().send("pothole") == ["Sorry, something went wrong. Please try again in a few minutes, or call 311."]
