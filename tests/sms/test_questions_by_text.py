"""A question by text, on the Hutchinson demo pack: the article's read-out, in the question's language."""

from __future__ import annotations

import pytest

from cityline.cases.models import Interaction
from cityline.knowledge.models import Article
from cityline.notify.gsm7 import fit

pytestmark = pytest.mark.django_db


def test_a_question_gets_the_articles_read_out_in_its_language(hutchinson_city, texter):
    english = Article.objects.get(key="trash-pickup-day", language="en").readout
    spanish = Article.objects.get(key="trash-pickup-day", language="es").readout
    assert texter().send("When is my trash picked up?") == [fit(english)]
    assert Interaction.objects.get().outcome == "information"
    assert texter("+16205550188").send("¿Cuándo recogen la basura?") == [fit(spanish)]
