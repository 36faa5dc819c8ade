"""Real emergencies are sent to 911; ordinary reports with emergency words are not."""

from __future__ import annotations

import pytest

from cityline.triage.emergency import DANGER_QUESTION, detect

from .resident_texts import EMERGENCIES, HARD_NEGATIVES


@pytest.mark.parametrize("english, spanish", EMERGENCIES)
def test_emergencies_in_progress_say_dial_911(english: str, spanish: str) -> None:
    for text, language in ((english, "en"), (spanish, "es")):
        check = detect(text, language)
        assert check.level == "yes", text
        assert "911" in check.advice


@pytest.mark.parametrize("english, spanish", HARD_NEGATIVES)
def test_ordinary_reports_with_emergency_words_are_not_sent_to_911(english: str, spanish: str) -> None:
    assert detect(english, "en").level == "no", english
    assert detect(spanish, "es").level == "no", spanish


@pytest.mark.parametrize(
    "text",
    [
        "a car is parked in front of the fire hydrant",
        "the fire station's lawn needs mowing",
        "report a water main break from last week",
        "dead deer on the road",
        "fireworks noise complaint",
        "smoke detector battery chirping",
    ],
)
def test_the_issue_examples_of_hard_negatives(text: str) -> None:
    assert detect(text).level == "no"


def test_advice_is_specific_and_in_the_residents_language() -> None:
    gas = detect("I smell gas in the basement", "en")
    assert gas.category == "gas"
    assert "Leave the building" in gas.advice
    wire = detect("hay un cable caído echando chispas", "es")
    assert wire.level == "yes"
    assert wire.category == "electrical"
    assert "llame al 911" in wire.advice


def test_a_city_with_another_emergency_number_gets_it_in_the_advice() -> None:
    assert "112" in detect("my house is on fire", "en", emergency_number="112").advice


def test_a_possible_emergency_asks_the_danger_question() -> None:
    check = detect("I can see smoke down the street", "en")
    assert check.level == "maybe"
    assert check.question == DANGER_QUESTION["en"]
    assert detect("veo humo en la calle", "es").question == DANGER_QUESTION["es"]


def test_a_danger_that_might_happen_is_not_an_emergency_now() -> None:
    check = detect("This loose railing is a hazard, someone could get hurt", "en")
    assert check.level != "yes"
