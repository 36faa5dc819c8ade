"""Checking on a case by phone: a keyed number (its check digit refuses a mistyped one), read in the
caller's language; a known caller ID hears their open cases first."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cityline.cases import actions, numbers
from cityline.cases.actions import RequesterInfo
from cityline.cases.models import Interaction

pytestmark = pytest.mark.django_db

CENTRAL = ZoneInfo("America/Chicago")


@pytest.fixture
def case(city, time_machine):
    time_machine.move_to(datetime(2026, 11, 30, 10, 0, tzinfo=CENTRAL), tick=False)
    opened = actions.open_case(
        service_type="pothole",
        channel="web",
        attributes={"size": "large"},
        address="200 S Main St",
        requester=RequesterInfo(phone="+16205550177"),
    )
    actions.change_status(opened, "in_progress", note="A crew is patching it this week.")
    return opened


def mistyped(number: str) -> str:
    """The number with two neighbouring digits swapped: the check digit must catch it."""
    for i in range(len(number) - 1):
        if number[i] != number[i + 1]:
            return number[:i] + number[i + 1] + number[i] + number[i + 2 :]
    raise AssertionError("a number of one repeated digit")


def test_a_keyed_number_gets_status_note_and_expected_date(case, phone):
    call = phone()
    call.dial()
    call.silence()
    heard = call.press("2")
    assert heard.text == "Please key the case number, then press the pound key. Or say the number."
    assert heard.gather["finishOnKey"] == "#"
    heard = call.press(case.number + "#")
    assert heard.says[:4] == [
        ("en", f"Case {numbers.spoken(case.number)}: Pothole, at 200 South Main Street."),
        ("en", "Status: in progress: work has started."),
        ("en", "The latest update says: A crew is patching it this week."),
        ("en", "It is expected to be taken care of by Thursday, December 3."),
    ]
    heard = call.silence()
    assert heard.ended
    assert Interaction.objects.get().outcome == "status_given"


def test_a_mistyped_number_is_refused_and_asked_again(case, phone):
    call = phone()
    call.dial()
    call.silence()
    call.press("2")
    heard = call.press(mistyped(case.number) + "#")
    assert heard.says[0] == ("en", "That number is not valid, please try again.")
    heard = call.press("12345#")
    assert heard.says[0] == ("en", "That number is not valid, please try again.")
    heard = call.press("*")
    assert "Tell me in a few words" in heard.text


def test_a_spoken_number_in_spanish(case, phone):
    call = phone(caller="+16205550188")
    call.dial(spanish_line=True)
    call.silence()
    call.press("2")
    spoken = " ".join(
        ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"][int(d)] for d in case.number
    )
    heard = call.say(spoken)
    assert heard.says[:3] == [
        ("es", f"Caso {numbers.spoken(case.number)}: Bache, en 200 South Main Street."),
        ("es", "Estado: en curso: el trabajo empezó."),
        ("es", "La última actualización dice: A crew is patching it this week."),
    ]
    assert ("es", "Se espera atenderlo a más tardar el jueves 3 de diciembre.") in heard.says


def test_a_known_caller_hears_their_open_cases_first(case, phone):
    call = phone(caller="+16205550177")
    call.dial()
    call.silence()
    heard = call.press("2")
    assert heard.says == [
        ("en", "You have 1 open case."),
        ("en", f"Pothole, case number {numbers.spoken(case.number)}: in progress: work has started."),
        ("en", "To hear about another case, key its number, then press the pound key."),
    ]
    call.hang_up()
    assert Interaction.objects.get().outcome == "status_given"
