"""A person: in business hours the call-taker line (or the provider's queue); after hours the hours,
the 911 reminder and a voicemail that becomes an interaction for the next morning."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cityline.cases.models import Interaction
from cityline.core.models import Jurisdiction, forget_current_jurisdiction
from cityline.voice.models import CallSession, Voicemail

pytestmark = pytest.mark.django_db


def set_city(**fields) -> None:
    Jurisdiction.objects.update(**fields)
    forget_current_jurisdiction()


CENTRAL = ZoneInfo("America/Chicago")
MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=CENTRAL)
MONDAY_EVENING = datetime(2026, 11, 30, 19, 0, tzinfo=CENTRAL)


def test_in_business_hours_zero_reaches_the_call_centre(city, phone, time_machine):
    set_city(call_centre_phone="+16205550101")
    time_machine.move_to(MONDAY_MORNING, tick=False)
    call = phone()
    call.dial()
    call.silence()
    heard = call.press("0")
    assert heard.says == [("en", "Please hold while I connect you with a call-taker.")]
    assert heard.dialled == ["+16205550101"]
    assert Interaction.objects.get().outcome == "transfer"


def test_a_provider_queue_instead_of_a_number(city, phone, time_machine, settings):
    settings.CITYLINE_VOICE_QUEUE = "311-call-takers"
    time_machine.move_to(MONDAY_MORNING, tick=False)
    call = phone()
    call.dial()
    call.silence()
    heard = call.press("0")
    assert heard.queued == "311-call-takers"


def test_no_answer_at_the_call_centre_offers_voicemail(city, phone, time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    call = phone(transfer_result="no-answer")
    call.dial()
    call.silence()
    heard = call.press("0")
    assert ("en", "No one is free to take your call right now.") in heard.says
    assert heard.waiting_for == "a message"


def test_after_hours_hours_911_and_a_voicemail_for_the_morning(city, phone, time_machine):
    time_machine.move_to(MONDAY_EVENING, tick=False)
    call = phone(caller="+16205550133")
    call.dial()
    call.silence()
    heard = call.press("0")
    assert heard.says == [
        ("en", "Our call-takers answer Monday to Friday, 8 AM to 5 PM."),
        ("en", "City offices are closed now. They open again tomorrow at 8 AM."),
        ("en", "If this is an emergency, hang up and dial 9 1 1."),
        ("en", "If you use a TTY, call 7 1 1."),
        (
            "en",
            "Please leave a message after the tone: your name, your phone number and what you need, "
            "and we will call you back. Press the pound key when you are done.",
        ),
    ]
    assert heard.waiting_for == "a message"
    heard = call.leave_message("This is Ana at 200 South Main, the streetlight has been out a week.", seconds=14)
    assert heard.says[0] == ("en", "Thank you. Your message has been saved, and we will call you back.")
    assert heard.ended

    voicemail = Voicemail.objects.get()
    assert (voicemail.caller, voicemail.duration_seconds, voicemail.language) == ("+16205550133", 14, "en")
    assert voicemail.transcription == "This is Ana at 200 South Main, the streetlight has been out a week."
    interaction = Interaction.objects.get()
    assert interaction.outcome == "voicemail"
    assert "the streetlight has been out a week" in interaction.summary
    assert f"/admin/voice/voicemail/{voicemail.pk}/change/" in interaction.summary
    assert "+16205550133" not in interaction.summary  # the number stays with the voicemail, for staff
    assert not CallSession.objects.exists()


def test_in_spanish_the_hours_are_said_in_spanish_and_nothing_is_transcribed(city, phone, time_machine):
    time_machine.move_to(MONDAY_EVENING, tick=False)
    call = phone()
    call.dial(spanish_line=True)
    call.silence()
    heard = call.press("0")
    assert heard.says[0] == (
        "es",
        "Nuestros agentes atienden de lunes a viernes, de las 8 de la mañana a las 5 de la tarde.",
    )
    assert ("es", "Si es una emergencia, cuelgue y marque 9 1 1.") in heard.says
    heard = call.leave_message("Hola, llamo por la basura.")
    assert Voicemail.objects.get().transcription == ""
    assert Interaction.objects.get().outcome == "voicemail"


def test_silence_at_the_tone_saves_nothing(city, phone, time_machine):
    time_machine.move_to(MONDAY_EVENING, tick=False)
    call = phone()
    call.dial()
    call.silence()
    call.press("0")
    heard = call.leave_message("")
    assert heard.says == [("en", "I did not hear a message. Goodbye.")]
    assert not Voicemail.objects.exists()
    assert Interaction.objects.get().outcome == "abandoned"


def test_the_language_line_is_offered_where_the_city_has_one(city, phone, time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    call = phone()
    call.dial()
    assert "interpreter" not in call.silence().text
    set_city(language_line="+16205550102")
    call = phone(caller="+16205550134")
    call.dial()
    heard = call.silence()
    assert heard.says[-1] == ("en", "For an interpreter in another language, press 7.")
    heard = call.press("7")
    assert heard.dialled == ["+16205550102"]


def test_a_message_for_a_closed_department_is_in_its_next_morning_digest(city, phone, time_machine):
    from cityline.directory.models import Department
    from cityline.notify.digests import build_digest

    time_machine.move_to(MONDAY_EVENING, tick=False)
    call = phone()
    call.dial()
    call.silence()
    call.press("3")
    call.say("public works")
    heard = call.press("2")
    assert heard.waiting_for == "a message"
    call.leave_message("The storm drain on Elm is blocked again.", seconds=8)

    public_works = Department.objects.get(slug="public-works")
    opening = public_works.calendar.next_opening(MONDAY_EVENING)
    digest = build_digest(public_works, opening)
    [voicemail] = digest["voicemails"]
    assert "The storm drain on Elm is blocked again." in voicemail["summary"]
