"""A question by phone, on the Hutchinson demo pack: the best article's read-out, then "press 1 to
have this texted to you, 2 to talk to someone"."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cityline.cases.models import Interaction, OutboxMessage
from cityline.knowledge.models import Article
from cityline.voice.speech import for_speech

pytestmark = pytest.mark.django_db

MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("America/Chicago"))


@pytest.fixture
def monday(time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=False)


def readout(key: str, language: str) -> str:
    """The article's read-out as the voice says it (311 digit by digit)."""
    return for_speech(Article.objects.get(key=key, language=language).readout)


def test_a_question_is_answered_with_the_articles_read_out_and_texted_on_request(hutchinson_city, phone, monday):
    call = phone()
    call.dial()
    call.silence()
    heard = call.press("4")
    assert heard.text == "What is your question? Please ask it in a few words."
    heard = call.say("when is my trash picked up?")
    assert heard.says[0] == ("en", readout("trash-pickup-day", "en"))
    assert heard.says[1][1].startswith("Press 1 to have this texted to you, 2 to talk to someone")
    heard = call.press("1")
    assert heard.says[0] == ("en", "I have texted it to the phone ending in 0 1 9 9.")
    assert heard.says[-1] == ("en", "Press 2 to talk to someone, 3 to ask another question, or 9 for the main menu.")
    text = OutboxMessage.objects.get(kind="ivr_article")
    assert text.payload["body"].startswith("Hutchinson 311: When is my trash picked up? Trash is collected once a week")
    heard = call.press("2")
    assert heard.dialled == ["+16205550101"]  # the pack's call centre
    interaction = Interaction.objects.get()
    assert interaction.outcome == "transfer"
    assert interaction.article.key == "trash-pickup-day"
    assert interaction.department.slug == "customer-service-311"


def test_a_question_at_the_main_menu_in_spanish(hutchinson_city, phone, monday):
    call = phone()
    call.dial(spanish_line=True)
    call.silence()
    heard = call.say("¿cuándo recogen la basura?")
    assert heard.says[0] == ("es", readout("trash-pickup-day", "es"))
    assert heard.says[1][1].startswith("Para recibir esto por mensaje de texto, oprima 1")
    call.silence()
    interaction = Interaction.objects.get()
    assert (interaction.outcome, interaction.language, interaction.article.language) == ("information", "es", "es")


def test_a_question_with_no_answer_is_asked_again_then_a_person(hutchinson_city, phone, monday):
    call = phone()
    call.dial()
    call.silence()
    call.press("4")
    heard = call.say("what is the airspeed velocity of an unladen swallow")
    assert heard.says[0] == ("en", "Sorry, I do not have an answer to that. Please ask it another way.")
    call.say("what is the airspeed velocity of an unladen swallow")
    heard = call.say("what is the airspeed velocity of an unladen swallow")
    assert heard.says[0] == ("en", "Let me connect you with someone who can help.")
    assert heard.dialled == ["+16205550101"]
