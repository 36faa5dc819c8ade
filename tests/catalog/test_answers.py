"""An attribute question answered by key, by word or by text, in English and Spanish."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cityline.catalog.answers import AnswerNotUnderstood, questions_to_ask, read_answer
from cityline.catalog.models import Attribute, Datatype, ServiceType

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("America/Chicago"))


def attribute(code: str, datatype: str, values=(), required=True) -> Attribute:
    return Attribute(
        service_type=ServiceType.objects.get(code="pothole"),
        code=code,
        datatype=datatype,
        description="?",
        required=required,
        values=[{"key": key, "name": name} for key, name in values],
    )


SIZE = (
    ("small", {"en": "Smaller than a dinner plate", "es": "Más pequeño que un plato"}),
    ("large", {"en": "Larger than a tire", "es": "Más grande que una llanta"}),
)
PROBLEMS = (
    ("cracked", {"en": "Cracked", "es": "Agrietada"}),
    ("lifted", {"en": "Lifted by roots", "es": "Levantada por raíces"}),
    ("missing", {"en": "Missing piece", "es": "Falta un pedazo"}),
)


def test_a_choice_by_key_or_by_words(city):
    size = attribute("size", Datatype.SINGLEVALUELIST, SIZE)
    assert read_answer(size, "2", "en") == "large"
    assert read_answer(size, "smaller than a plate", "en") == "small"
    assert read_answer(size, "más grande", "es") == "large"
    with pytest.raises(AnswerNotUnderstood):
        read_answer(size, "3", "en")
    with pytest.raises(AnswerNotUnderstood):
        read_answer(size, "purple", "en")


def test_several_choices_by_keys_or_words(city):
    problems = attribute("problem", Datatype.MULTIVALUELIST, PROBLEMS)
    assert read_answer(problems, "13#", "en") == ["cracked", "missing"]
    assert read_answer(problems, "1 3", "en") == ["cracked", "missing"]
    assert read_answer(problems, "cracked and lifted by roots", "en") == ["cracked", "lifted"]
    assert read_answer(problems, "agrietada y falta un pedazo", "es") == ["cracked", "missing"]
    with pytest.raises(AnswerNotUnderstood):
        read_answer(problems, "19", "en")


def test_numbers_and_days_ago(city):
    assert read_answer(attribute("depth", Datatype.NUMBER), "about three", "en") == 3
    when = attribute("when", Datatype.DATETIME)
    assert read_answer(when, "0", "en", now=MONDAY) == "2026-11-30T10:00-06:00"
    assert read_answer(when, "ayer", "es", now=MONDAY) == "2026-11-29T12:00-06:00"
    assert read_answer(when, "friday", "en", now=MONDAY) == "2026-11-27T12:00-06:00"
    with pytest.raises(AnswerNotUnderstood):
        read_answer(when, "a long time", "en", now=MONDAY)


def test_only_required_questions_are_asked_on_short_channels(city):
    assert [a.code for a in questions_to_ask(ServiceType.objects.get(code="pothole"))] == ["size"]
