"""No answer or an answer not understood: asked twice more, then a person (voicemail after hours).
A caller who hangs up mid-report leaves an abandoned interaction and no half-made case."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cityline.cases.models import Case, Interaction
from cityline.voice.engine import expire_sessions
from cityline.voice.models import CallSession

pytestmark = pytest.mark.django_db

CENTRAL = ZoneInfo("America/Chicago")
MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=CENTRAL)
MONDAY_EVENING = datetime(2026, 11, 30, 19, 0, tzinfo=CENTRAL)


def test_silence_is_asked_about_twice_more_then_a_person(city, phone, time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    call = phone()
    call.dial()
    call.silence()  # the greeting's pause leads to the menu
    heard = call.silence()
    assert heard.says[0] == ("en", "Sorry, I did not get that.")
    assert heard.says[1][1].startswith("Tell me in a few words")
    heard = call.press("5")  # not a choice
    assert heard.says[0] == ("en", "Sorry, I did not get that.")
    heard = call.silence()
    assert heard.says[0] == ("en", "Let me connect you with someone who can help.")
    assert heard.dialled


def test_after_hours_the_third_time_leads_to_voicemail(city, phone, time_machine):
    time_machine.move_to(MONDAY_EVENING, tick=False)
    call = phone()
    call.dial()
    call.silence()
    call.press("1")
    call.press("5")
    call.silence()
    heard = call.silence()
    assert heard.says[0] == ("en", "Let me connect you with someone who can help.")
    assert heard.waiting_for == "a message"


def test_spanish_no_input(city, phone, time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    call = phone()
    call.dial(spanish_line=True)
    call.silence()
    heard = call.silence()
    assert heard.says[0] == ("es", "Perdón, no le entendí.")


def test_hanging_up_mid_report_leaves_no_case_and_an_abandoned_interaction(city, phone, time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    call = phone()
    call.dial()
    call.silence()
    call.say("a pothole on main street")
    call.press("1")
    call.press("2")
    time_machine.move_to(MONDAY_MORNING + timedelta(seconds=75), tick=False)
    call.hang_up(duration=75)
    assert not Case.objects.exists()
    assert not CallSession.objects.exists()
    interaction = Interaction.objects.get()
    assert interaction.outcome == "abandoned"
    assert interaction.duration == timedelta(seconds=75)
    assert interaction.summary == "Caller hung up at: report_location"
    assert interaction.path[-1] == "answer: size"
    # The provider repeats its status callback: nothing changes.
    call.ended = False
    call.hang_up()
    assert Interaction.objects.get().outcome == "abandoned"


def test_a_call_whose_end_was_never_reported_expires(city, phone, time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    call = phone()
    call.dial()
    time_machine.move_to(MONDAY_MORNING + timedelta(hours=3), tick=False)
    assert expire_sessions() == 1
    interaction = Interaction.objects.get()
    assert interaction.outcome == "abandoned"
    assert interaction.ended_at == MONDAY_MORNING
