"""assess(): emergency, question or problem, with services, articles and departments."""

from __future__ import annotations

import pytest

from cityline.triage import assess

pytestmark = [pytest.mark.usefixtures("made_up_city"), pytest.mark.django_db]


def test_a_problem_ranks_the_right_service_and_its_department() -> None:
    result = assess("there is a big hole in the road on Elm street")
    assert result.kind == "problem"
    assert result.emergency.level == "no"
    assert result.services[0].code == "pothole"
    assert result.services[0].name == "Pothole"
    assert 0 < result.services[0].score <= 1
    assert result.departments[0].slug == "public-works"


def test_spanish_is_detected_and_answered_in_spanish() -> None:
    result = assess("la farola de mi calle está apagada")
    assert result.language == "es"
    assert result.services[0].code == "streetlight"
    assert result.services[0].name == "Lámpara apagada"


def test_a_question_finds_the_article_in_the_residents_language() -> None:
    english = assess("When is my garbage picked up?")
    assert english.kind == "question"
    assert english.articles[0].slug == "trash-day"
    assert english.articles[0].readout.startswith("Trash is picked up")
    spanish = assess("¿Cuándo recogen la basura?", "es")
    assert spanish.kind == "question"
    assert spanish.articles[0].slug == "dia-basura"


def test_a_complaint_phrased_as_a_question_is_a_problem() -> None:
    assert assess("Why hasn't the street light been fixed yet?").kind == "problem"


def test_an_emergency_is_an_emergency_whatever_the_catalog() -> None:
    result = assess("hay un cable caído echando chispas")
    assert result.kind == "emergency"
    assert result.emergency.level == "yes"
    assert result.emergency.advice
