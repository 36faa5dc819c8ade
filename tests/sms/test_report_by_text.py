"""Reporting by text: one question at a time for what is missing, in English and Spanish, replies in
GSM-7 and short; emergency words get the 911 reply and no case."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cityline.cases.models import Case, Interaction, Subscription
from cityline.notify.gsm7 import is_gsm7, segments
from cityline.sms.models import Conversation, InboundMessage

pytestmark = pytest.mark.django_db

MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("America/Chicago"))


@pytest.fixture(autouse=True)
def monday(time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=False)


def city_replies(phone) -> list[str]:
    return [text for who, text in phone.conversation if who == "city"]


def assert_short_gsm7(phone, most_segments: int) -> None:
    replies = city_replies(phone)
    assert all(is_gsm7(reply) for reply in replies), [r for r in replies if not is_gsm7(r)]
    assert sum(segments(reply) for reply in replies) <= most_segments, [(segments(r), r) for r in replies]
    stored = list(InboundMessage.objects.order_by("received_at", "pk").values_list("segments", flat=True))
    assert sum(stored) == sum(segments(reply) for reply in replies)


def test_a_report_with_its_address_asks_only_what_is_missing(city, texter):
    phone = texter()
    assert phone.send("pothole at 200 S Main St") == [
        "It sounds like: Pothole. Reply YES if that is right, or NO for other choices."
    ]
    assert phone.send("yes") == ["How big is it? Reply 1 Small, 2 Large."]
    [opened] = phone.send("2")
    case = Case.objects.get()
    assert opened == (
        f"Thank you! Case {case.display_number} is open: Pothole (200 S Main St). We will text you when it "
        f"changes. To check it, reply STATUS {case.number}."
    )
    assert (case.channel, case.attributes, case.address, case.lat) == ("sms", {"size": "large"}, "200 S Main St", 38.05)
    assert case.requester.phone == "+16205550199"
    # Updates by text, without a second "case opened" message: the reply said it.
    subscription = Subscription.objects.get(case=case)
    assert (subscription.channel, subscription.address, subscription.active) == ("sms", "+16205550199", True)
    assert not case.outbox.filter(kind="case_opened").exists()
    assert Interaction.objects.get().outcome == "case_opened"
    assert_short_gsm7(phone, most_segments=4)


def test_the_same_report_in_spanish_with_the_place_asked_for(city, texter):
    phone = texter()
    assert phone.send("hay un bache enorme en mi calle") == [
        "Parece que se trata de: Bache. Responda SI si es correcto, o NO para otras opciones."
    ]
    assert phone.send("Sí") == ["¿Qué tan grande es? Responda 1 Pequeño, 2 Grande."]
    assert phone.send("grande") == ["¿Donde esta? Responda con la direccion, p. ej. 100 N Main St."]
    # Said the Spanish way, without "Street": close enough to ask rather than guess.
    assert phone.send("200 sur Main") == ["¿Quiso decir 200 S Main St? Responda SI o NO."]
    [opened] = phone.send("si")
    case = Case.objects.get()
    assert opened.startswith(f"¡Gracias! Se abrio el caso {case.display_number}: Bache (200 S Main St).")
    assert opened.endswith(f"Para consultarlo, responda ESTADO {case.number}.")
    assert case.language == "es"
    assert_short_gsm7(phone, most_segments=6)


def test_an_address_not_on_the_map_is_confirmed_as_written(city, texter):
    phone = texter()
    phone.send("there is a pothole")
    phone.send("yes")
    phone.send("1")
    assert phone.send("Elm and 5th") == [
        "I could not find Elm and 5th on the city's map. Reply YES to use it as written, or send the address again."
    ]
    phone.send("yes")
    assert Case.objects.get().address == "Elm and 5th"


def test_an_answer_not_understood_is_asked_again_and_nothing_typed_is_lost(city, texter):
    phone = texter()
    phone.send("pothole at 200 S Main St")
    phone.send("yes")
    assert phone.send("medium-ish") == ["Sorry, that is not one of the choices. How big is it? Reply 1 Small, 2 Large."]
    # A status check in the middle of a report does not lose the report.
    assert phone.send("STATUS") == ["Reply STATUS and the case number, e.g. STATUS 1234 5678 90."]
    phone.send("small")
    assert Case.objects.get().attributes == {"size": "small"}


def test_no_for_other_choices(city, texter):
    phone = texter()
    phone.send("there is a pothole on my street")
    assert phone.send("no") == [
        "Which is it? Reply 1 Gas smell, 2 Wrong directory entry, or describe the problem again."
    ]
    assert phone.send("2") == ["Where is it? Reply with the street address, e.g. 100 N Main St."]


def test_emergency_words_get_the_911_reply_and_no_case(city, texter):
    phone = texter()
    [reply] = phone.send("my neighbor's house is on fire")
    assert reply == (
        "Get everyone out, stay out, and call 911 now. This text line is not watched for emergencies; "
        "no case was opened."
    )
    assert not Case.objects.exists()
    assert Interaction.objects.get().outcome == "emergency_advisory"


def test_emergency_words_in_the_middle_of_a_report_stop_it(city, texter):
    phone = texter()
    phone.send("pothole at 200 S Main St")
    [reply] = phone.send("wait, there is a gas leak, I can smell gas in my house")
    assert reply.startswith("Leave the building now.")
    assert not Case.objects.exists()
    assert Conversation.objects.get().step == "idle"


def test_maybe_an_emergency_asks_first(city, texter):
    phone = texter()
    assert phone.send("I can see smoke down the street") == ["Is anyone in danger right now? Please answer yes or no."]
    # Nobody in danger: the text is read as a report.
    [reply] = phone.send("no")
    assert reply.startswith("It sounds like: ") and reply.endswith(
        "Reply YES if that is right, or NO for other choices."
    )
    assert not Case.objects.exists()


def test_a_conversation_left_for_half_an_hour_starts_afresh(city, texter, time_machine):
    phone = texter()
    phone.send("pothole at 200 S Main St")
    time_machine.move_to(datetime(2026, 11, 30, 11, 0, tzinfo=ZoneInfo("America/Chicago")), tick=False)
    [reply] = phone.send("yes")
    assert "Pothole" not in reply
    assert not Case.objects.exists()
    assert Interaction.objects.order_by("started_at").first().outcome == "abandoned"
