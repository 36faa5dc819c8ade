"""Reporting a problem by phone: the caller's words through triage, the type confirmed, its required
questions, the place read back, contact only where the type needs it, and the case number in groups."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cityline.cases import numbers
from cityline.cases.models import Case, Interaction, OutboxMessage

pytestmark = pytest.mark.django_db

CENTRAL = ZoneInfo("America/Chicago")
MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=CENTRAL)
SATURDAY_NIGHT = datetime(2026, 11, 28, 21, 0, tzinfo=CENTRAL)


@pytest.fixture
def monday(time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=False)


def to_menu(call, spanish=False):
    call.dial(spanish_line=spanish)
    return call.silence()


def test_a_pothole_reported_in_words_becomes_a_case_read_back_in_groups(city, phone, monday):
    call = phone()
    to_menu(call)
    heard = call.say("there is a big pothole in front of my house")
    assert heard.text == "It sounds like: Pothole. Press 1 if that is right, or 2 for other choices."
    heard = call.press("1")
    assert heard.text == "How big is it? Press 1 for Small. Press 2 for Large."
    heard = call.press("2")
    assert heard.text.startswith("Where is it? Please say the street address")
    assert heard.gather["input"] == "speech"
    heard = call.say("200 South Main Street")
    assert heard.text == "I found 200 South Main Street. Press 1 if that is right, or 2 to say it again."
    heard = call.press("1")

    case = Case.objects.get()
    assert (case.service_type.code, case.attributes, case.address) == ("pothole", {"size": "large"}, "200 S Main St")
    assert case.channel == "ivr" and case.requester is None  # a pothole needs no contact details
    assert case.description == "there is a big pothole in front of my house"
    assert heard.says[1] == ("en", f"Your case number is {numbers.spoken(case.number)}.")
    assert "We expect it to be taken care of by Thursday at 10 AM." in heard.text
    assert "2 to have it texted to you" in heard.text

    heard = call.press("1")
    assert heard.says[0] == ("en", f"Your case number is {numbers.spoken(case.number)}.")
    heard = call.silence()
    assert heard.ended and "Goodbye" in heard.text
    interaction = Interaction.objects.get()
    assert (interaction.outcome, interaction.case, interaction.channel) == ("case_opened", case, "ivr")
    assert interaction.path[:3] == ["greeting", "menu: speech", "triage: pothole"]
    assert interaction.duration is not None


def test_the_same_report_in_spanish(city, phone, monday):
    call = phone()
    to_menu(call, spanish=True)
    heard = call.say("hay un bache muy grande en mi calle")
    assert heard.text == "Parece que se trata de: Bache. Si es correcto, oprima 1; para otras opciones, oprima 2."
    heard = call.say("sí")
    assert heard.says[0] == ("es", "¿Qué tan grande es?")
    assert ("es", "Para Grande, oprima 2.") in heard.says
    call.say("grande")
    heard = call.say("200 sur Main")
    assert heard.text.startswith("Encontré 200 South Main Street.")
    heard = call.press("1")
    case = Case.objects.get()
    assert case.language == "es" and case.attributes == {"size": "large"}
    assert f"Su número de caso es {numbers.spoken(case.number)}." in heard.text
    assert "Esperamos atenderlo a más tardar el jueves a las 10 de la mañana." in heard.text


def test_a_report_by_keypad_alone(city, phone, monday):
    call = phone(caller="")
    to_menu(call)
    heard = call.press("1")
    assert "To choose from a list instead, press 1." in heard.text
    heard = call.press("1")
    assert heard.text.startswith("Press 1 for Streets. Press 2 for Safety.")
    heard = call.press("1")
    assert heard.text == "Press 1 for Pothole."
    heard = call.press("1")
    assert heard.text.startswith("How big is it?")
    heard = call.press("1")
    heard = call.say("100 north main street")
    call.press("1")
    case = Case.objects.get()
    assert (case.attributes, case.district, case.department.slug) == ({"size": "small"}, "north", "city-clerk")
    # Without a caller ID there is nothing to text the number to.
    assert "texted" not in call.transcript[-1]


def test_other_choices_and_describing_again(city, phone, monday):
    call = phone()
    to_menu(call)
    call.say("there is a pothole on my street")
    heard = call.press("2")
    assert heard.text.startswith("Press 1 for Gas smell. Press 2 for Wrong directory entry.")
    assert heard.text.endswith("Press 8 to choose from the full list, or 9 to describe the problem again.")
    heard = call.press("9")
    assert heard.text.startswith("In a few words, what is the problem?")


def test_an_address_not_on_the_map_is_used_as_said_after_confirming(city, phone, monday):
    call = phone()
    to_menu(call)
    call.say("pothole")
    call.press("1")
    call.press("1")
    heard = call.say("the corner of Elm and Fifth")
    assert heard.text == (
        "I could not find the corner of Elm and Fifth on the city's map. "
        "Press 1 to use it as you said it, or 2 to say it again."
    )
    heard = call.press("2")
    assert heard.text.startswith("Where is it?")
    call.say("the corner of Elm and Fifth")
    call.press("1")
    case = Case.objects.get()
    assert (case.address, case.lat) == ("the corner of Elm and Fifth", None)


def test_contact_only_where_the_type_needs_it_with_the_caller_id_offered(city, phone, monday):
    call = phone()
    to_menu(call)
    call.press("1")
    call.press("1")
    call.press("3")  # City services
    call.press("1")  # Wrong directory entry (needs a way to reach the resident)
    heard = call.say("125 East Avenue B")
    heard = call.press("1")
    assert heard.text == (
        "City Clerk needs a phone number to reach you about this. Press 1 to use the number you are calling "
        "from, ending in 0 1 9 9, or 2 to key a different number."
    )
    heard = call.press("2")
    assert heard.text == "Please key your 10-digit phone number, then press the pound key."
    heard = call.press("12")
    assert heard.says[0] == ("en", "That is not a phone number I can call.")
    call.press("6205550142")
    case = Case.objects.get()
    assert case.service_type.code == "wrong-directory-entry"
    assert case.requester.phone == "+16205550142"


def test_texting_the_case_number_queues_one_text_in_the_callers_language(city, phone, monday):
    call = phone()
    to_menu(call, spanish=True)
    call.say("un bache")
    call.press("1")
    call.press("1")
    call.say("200 South Main Street")
    call.press("1")
    heard = call.press("2")
    assert heard.says[0] == ("es", "Se lo envié por mensaje de texto al teléfono que termina en 0 1 9 9.")
    assert "oprima 2" not in heard.says[-1][1].split("Para oír")[0]
    case = Case.objects.get()
    text = OutboxMessage.objects.get(kind="ivr_case_number")
    assert (text.channel, text.recipient, text.language) == ("sms", "+16205550199", "es")
    assert text.payload["body"] == (
        f"Riverton 311: su numero de caso es {case.display_number} (Bache). Para saber su estado, "
        f"envie ESTADO {case.number} a este numero o llame al 311."
    )


def test_a_retried_answer_makes_no_second_case_and_gets_the_same_reply(city, phone, monday):
    call = phone()
    to_menu(call)
    call.say("pothole")
    call.press("1")
    call.press("1")
    call.say("200 South Main Street")
    action = call._action["action"]
    first = call.press("1")
    first_reply = call.last_response
    # The provider did not hear our answer in time and posts the same keypress again.
    call._action = {"action": action}
    second = call.press("1")
    assert call.last_response == first_reply
    assert second.says == first.says
    assert Case.objects.count() == 1


def test_a_retried_incoming_call_gets_the_same_greeting_and_one_interaction(city, phone, monday):
    call = phone()
    first = call.dial()
    again = call.dial()
    assert first.says == again.says
    assert Interaction.objects.count() == 1


def test_emergency_words_get_the_advice_and_no_case(city, phone, monday):
    call = phone()
    to_menu(call)
    heard = call.say("there is a power line down and sparking in the street")
    assert heard.ended
    assert "Stay at least 35 feet (10 meters) away from the wire" in heard.text
    assert heard.says[-1] == ("en", "Goodbye.")
    assert not Case.objects.exists()
    assert Interaction.objects.get().outcome == "emergency_advisory"


def test_maybe_an_emergency_asks_the_danger_question(city, phone, monday):
    call = phone()
    to_menu(call)
    heard = call.say("I can see smoke down the street")
    assert heard.text == "Is anyone in danger right now? Please answer yes or no. Press 1 for yes, 2 for no."
    heard = call.press("1")
    assert heard.ended and "call 9 1 1 now" in heard.text.lower()

    call = phone(caller="+16205550155")
    to_menu(call, spanish=True)
    heard = call.say("veo humo en la calle")
    assert heard.says[0] == ("es", "¿Hay alguien en peligro en este momento? Por favor, responda sí o no.")
    heard = call.say("no")
    assert not heard.ended
    assert not Case.objects.exists()


def test_an_emergency_only_type_after_hours_speaks_its_notice(city, phone, time_machine):
    time_machine.move_to(SATURDAY_NIGHT, tick=False)
    call = phone()
    to_menu(call)
    call.press("1")
    call.press("1")
    call.press("2")  # Safety
    heard = call.press("1")  # Gas smell: after hours, the city takes no case, it sends you to 911
    assert heard.text == "If you smell gas, leave now and dial 9 1 1. Goodbye."
    assert heard.ended
    assert not Case.objects.exists()
    assert Interaction.objects.get().outcome == "emergency_advisory"
