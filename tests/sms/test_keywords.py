"""STATUS / ESTADO, FOLLOW / SEGUIR, HELP / AYUDA, STOP / START, and texts from paged staff."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cityline.cases import actions
from cityline.cases.actions import RequesterInfo
from cityline.cases.models import Interaction, OutboxMessage, Subscription
from cityline.sms import adapters

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(city, time_machine):
    time_machine.move_to(datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("America/Chicago")), tick=False)
    opened = actions.open_case(
        service_type="pothole",
        channel="web",
        attributes={"size": "small"},
        address="200 S Main St",
        requester=RequesterInfo(phone="+16205550199"),
    )
    actions.change_status(opened, "scheduled", note="Crew scheduled for Wednesday.")
    return opened


def test_status_with_a_number_in_english_and_spanish(case, texter):
    phone = texter("+16205550111")
    assert phone.send(f"STATUS {case.display_number}") == [
        f"Case {case.display_number} (Pothole, 200 S Main St): scheduled. Latest: Crew scheduled for Wednesday. "
        "Expected by Thu Dec 3."
    ]
    assert phone.send(f"estado {case.number}") == [
        f"Caso {case.display_number} (Bache, 200 S Main St): programado. Ultimo aviso: Crew scheduled for "
        "Wednesday. Se espera para el jue 3 Dic."
    ]
    assert list(Interaction.objects.values_list("outcome", flat=True)) == ["status_given", "status_given"]


def test_a_mistyped_number_is_refused(case, texter):
    swapped = case.number[:-2] + case.number[-1] + case.number[-2]
    if swapped == case.number:
        swapped = case.number[:-1] + str((int(case.number[-1]) + 1) % 10)
    assert texter().send(f"STATUS {swapped}") == [
        "That case number is not valid. Please check the digits and try again."
    ]


def test_status_alone_lists_the_senders_open_cases(case, texter):
    [reply] = texter().send("status")
    assert reply.startswith(f"Case {case.display_number} (Pothole, 200 S Main St): scheduled.")


def test_follow_a_case(case, texter):
    phone = texter("+16205550122")
    assert phone.send(f"FOLLOW {case.number}") == [
        f"You will get a text when case {case.display_number} changes. Reply STOP to stop all texts."
    ]
    subscription = Subscription.objects.get(address="+16205550122")
    assert subscription.active and subscription.channel == "sms"
    assert phone.send("seguir 123") == ["Responda SEGUIR y el numero de caso, p. ej. SEGUIR 1234 5678 90."]


def test_help_in_both_languages_fits_in_one_or_two_segments(city, texter):
    from cityline.notify.gsm7 import segments

    [english] = texter().send("HELP")
    assert english == (
        "Riverton 311: text a problem and its address, STATUS and a case number, or a question. Call 311 or "
        "(620) 555-0100. Emergencies: 911. Reply STOP to opt out. TTY: 711."
    )
    [spanish] = texter("+16205550112").send("AYUDA")
    assert spanish.startswith("Riverton 311: envie un problema y su direccion, ESTADO y un numero de caso")
    assert segments(english) <= 2 and segments(spanish) <= 2


def test_stop_silences_every_text_until_start(case, texter):
    phone = texter()
    pending = OutboxMessage.objects.create(kind="status_changed", channel="sms", recipient="+16205550199")
    assert phone.send("STOP") == ["You will get no more texts from Riverton 311. Reply START to get texts again."]
    assert adapters.is_opted_out("+16205550199")
    pending.refresh_from_db()
    assert pending.status == "cancelled"
    assert phone.send("pothole at 200 S Main St") == []
    assert phone.send("START") == ["Texts from Riverton 311 are on again. Reply HELP for help."]
    assert not adapters.is_opted_out("+16205550199")
    assert phone.send("HELP")


def test_stop_in_spanish(city, texter):
    phone = texter()
    assert phone.send("PARAR") == [
        "Ya no recibira mensajes del 311 de Riverton. Responda START para volver a recibirlos."
    ]
    assert adapters.is_opted_out("+16205550199")
