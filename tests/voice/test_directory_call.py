"""A city department by phone, on the Hutchinson demo pack: say or key it, hear its hours, be put
through to its direct line (a logged transfer), or after hours reach its after-hours line or leave it a
message. And the caller this line is built for: a broken water main, on a cell phone, at 7 pm."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cityline.cases.models import Case, Interaction
from cityline.voice.models import Voicemail

pytestmark = pytest.mark.django_db

CENTRAL = ZoneInfo("America/Chicago")
MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=CENTRAL)
MONDAY_EVENING = datetime(2026, 11, 30, 19, 0, tzinfo=CENTRAL)


def to_directory(call, spanish=False):
    call.dial(spanish_line=spanish)
    call.silence()
    return call.press("3")


@pytest.mark.parametrize(
    ("spanish", "said", "expected"),
    [
        (False, "water", "Water and Wastewater Utilities is open until 3:30 PM. Transferring you now."),
        (
            True,
            "agua",
            "Servicios de Agua y Aguas Residuales atiende hasta las 3 y media de la tarde. Le transfiero ahora.",
        ),
        (False, "the city clerk please", "City Clerk is open until 5 PM. Transferring you now."),
    ],
)
def test_say_a_department_and_be_put_through(hutchinson_city, phone, time_machine, spanish, said, expected):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    call = phone()
    heard = to_directory(call, spanish)
    assert heard.gather["input"] == "dtmf speech" and heard.gather["hints"]
    heard = call.say(said)
    assert heard.says[-1][1] == expected
    number = {"water": "+16205550125", "agua": "+16205550125", "the city clerk please": "+16205550105"}[said]
    assert heard.dialled == [number]
    assert heard.ended
    interaction = Interaction.objects.get()
    assert interaction.outcome == "transfer"
    assert interaction.department.slug == ("city-clerk" if "clerk" in said else "water-utilities")


def test_key_a_department_from_the_list(hutchinson_city, phone, time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    call = phone()
    to_directory(call)
    heard = call.press("1")
    assert heard.says[0] == ("en", "Press 1 for 3 1 1 Customer Service.")
    assert heard.says[-1] == ("en", "Press 9 for more choices.")
    heard = call.press("9")
    assert heard.says[0][1].startswith("Press 1 for ")
    heard = call.press("1")
    assert heard.dialled


def test_after_hours_the_after_hours_line_or_a_message_for_the_department(hutchinson_city, phone, time_machine):
    time_machine.move_to(MONDAY_EVENING, tick=False)
    call = phone()
    to_directory(call)
    heard = call.say("water department")
    assert heard.says == [
        ("en", "Water and Wastewater Utilities is closed now. It opens again tomorrow at 7 AM."),
        ("en", "For something that cannot wait, press 1 to reach their after-hours line."),
        ("en", "Press 2 to leave them a message, or 9 for the main menu."),
    ]
    heard = call.press("1")
    assert heard.dialled == ["+16205550126"]

    call = phone(caller="+16205550144")
    to_directory(call)
    call.say("water")
    heard = call.press("2")
    assert heard.waiting_for == "a message"
    call.leave_message("My water bill looks wrong, please call me back.", seconds=9)
    voicemail = Voicemail.objects.get()
    assert voicemail.department.slug == "water-utilities"
    assert voicemail.caller == "+16205550144"
    assert Interaction.objects.get(voicemails=voicemail).department.slug == "water-utilities"


def test_a_broken_water_main_at_7_pm_from_a_cell_phone(hutchinson_city, phone, time_machine):
    time_machine.move_to(MONDAY_EVENING, tick=False)
    call = phone(caller="+16205550166")
    call.dial()
    heard = call.silence()
    assert heard.says[0] == ("en", "City offices are closed now. They open again tomorrow at 8 AM.")
    heard = call.say("water is gushing up out of the street in front of my house")
    assert heard.text.startswith("It sounds like: Water main break.")
    heard = call.press("1")
    assert heard.says[0][1].startswith("Stay away from any pavement that is sinking")
    assert ("en", "How much water is coming out?") in heard.says
    call.press("3")
    heard = call.say("1007 North Main Street")
    assert heard.text.startswith("I found 1007 North Main Street.")
    heard = call.press("1")
    assert "It is urgent, so the on-call crew is being told about it now." in heard.text
    case = Case.objects.get()
    assert (case.service_type.code, case.priority, case.received_after_hours) == ("water-main-break", "urgent", True)
    assert case.attributes == {"flow": "gushing"}
