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


def test_a_likely_match_to_a_service_the_city_handles_as_an_emergency_asks_the_question() -> None:
    """No rule fires on "strange odor near the meter", but the city's gas-smell type
    (after hours: emergency) ranks high, so triage asks the danger question and gives the type's notice."""
    from pathlib import Path

    from cityline.triage.assessment import Triage
    from cityline.triage.catalog import from_pack

    minimal = Triage(from_pack(Path(__file__).resolve().parents[1] / "packs" / "minimal"))
    text = "strange odor near the meter on our street"
    assert detect(text, "en").level == "no"
    english = minimal.assess(text, "en")
    assert english.emergency.level == "maybe"
    assert english.emergency.question == DANGER_QUESTION["en"]
    assert english.emergency.advice == "If you smell gas, leave now and dial 911."
    assert "Gas smell" in english.emergency.reason
    spanish = minimal.assess("huele raro cerca del medidor en la calle", "es")
    assert spanish.emergency.level == "maybe"
    assert spanish.emergency.advice == "Si huele a gas, salga ahora y marque 911."
    # An ordinary report that ranks the gas type low is left alone.
    assert minimal.assess("the pothole on Elm is back", "en").emergency.level == "no"
