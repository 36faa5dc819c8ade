"""Whole calls and texts over real HTTP: `cityline call` and `cityline sms` play the provider's part
against a live server, with signed requests, as a script on standard input."""

from __future__ import annotations

import io
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from cityline.cases import numbers
from cityline.cases.models import Case, Interaction
from tests.webhooks import TOKEN

pytestmark = pytest.mark.django_db(transaction=True)

MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("America/Chicago"))


def run(command, script, monkeypatch, *args):
    monkeypatch.setattr(sys, "stdin", io.StringIO(script))
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_a_scripted_call_in_english_and_in_spanish(city, live_phone, live_server, monkeypatch, time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=True)
    live_phone()  # sets the token and the site address for the live server
    script = "\n".join(["", "there is a pothole on my street", "1", "2", "200 South Main Street", "1", "1", ""]) + "\n"
    out = run("call", script, monkeypatch, "--url", live_server.url, "--from", "+16205550123", "--token", TOKEN)
    english = Case.objects.get()
    assert "  Say (en): If this is an emergency, hang up and dial 9 1 1." in out
    assert "  Say (en): It sounds like: Pothole. Press 1 if that is right, or 2 for other choices." in out
    assert out.count(f"  Say (en): Your case number is {numbers.spoken(english.number)}.") == 2
    assert "Thank you for calling City of Riverton 3 1 1. Goodbye." in out

    script = "\n".join(["", "hay un bache en mi calle", "sí", "1", "200 South Main Street", "1", "hangup"]) + "\n"
    out = run(
        "call",
        script,
        monkeypatch,
        "--url",
        live_server.url,
        "--from",
        "+16205550124",
        "--lang",
        "es",
        "--token",
        TOKEN,
    )
    spanish = Case.objects.exclude(pk=english.pk).get()
    assert "  Say (es): Si es una emergencia, cuelgue y marque 9 1 1." in out
    assert f"  Say (es): Su número de caso es {numbers.spoken(spanish.number)}." in out
    assert spanish.language == "es"
    assert sorted(Interaction.objects.values_list("outcome", "language")) == [
        ("case_opened", "en"),
        ("case_opened", "es"),
    ]


def test_a_scripted_text_conversation(city, live_phone, live_server, monkeypatch, time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=True)
    live_phone()
    script = "pothole at 200 S Main St\nyes\n2\nAYUDA\n"
    out = run("sms", script, monkeypatch, "--url", live_server.url, "--from", "+16205550125", "--token", TOKEN)
    case = Case.objects.get()
    assert "< It sounds like: Pothole. Reply YES if that is right, or NO for other choices." in out
    assert f"< Thank you! Case {case.display_number} is open: Pothole (200 S Main St)." in out
    assert "< Riverton 311: envie un problema y su direccion" in out


def test_the_simulator_reports_a_refusal(city, live_server, monkeypatch, settings):
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.SITE_URL = live_server.url
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(Exception, match="answered 403"):
        call_command("call", "--url", live_server.url, "--token", "wrong-token", stdout=io.StringIO())
