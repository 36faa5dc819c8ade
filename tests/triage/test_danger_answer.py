"""Every channel turns the resident's answer to the danger question into the same decision."""

from __future__ import annotations

import pytest

from cityline.triage import resolve_danger_answer


@pytest.mark.parametrize("answer", [True, "yes", "Yes!", "yeah", "1", "sí", "si", "Sí, por favor", "not sure", "no sé"])
def test_yes_or_unsure_means_dial_911(answer: object) -> None:
    language = "es" if isinstance(answer, str) and answer.lower().startswith(("s", "no s")) else "en"
    decision = resolve_danger_answer(answer, language)
    assert decision.level == "yes"
    assert "911" in decision.advice


@pytest.mark.parametrize("answer", [False, "no", "No.", "nope", "2", "nadie", "no, everyone is fine"])
def test_no_means_carry_on_with_the_report(answer: object) -> None:
    assert resolve_danger_answer(answer, "en").level == "no"


def test_no_followed_by_an_emergency_still_goes_to_911() -> None:
    assert resolve_danger_answer("no, but now the garage is on fire", "en").level == "yes"


def test_a_sentence_describing_danger_counts_as_yes() -> None:
    decision = resolve_danger_answer("my neighbor is bleeding a lot", "en")
    assert decision.level == "yes"


def test_an_answer_that_is_not_yes_or_no_asks_again() -> None:
    decision = resolve_danger_answer("what?", "en")
    assert decision.level == "maybe"
    assert decision.question


def test_the_advice_is_spoken_in_the_residents_language() -> None:
    assert "Llame al 911" in resolve_danger_answer("sí", "es", category="medical").advice
