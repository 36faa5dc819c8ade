"""Spanish is first-class: the same problems in Spanish rank nearly as well as in English.

The texts are written for these tests (``resident_texts.py``) and ranked against
the Hutchinson pack's own catalog, with no training.
"""

from __future__ import annotations

from .resident_texts import EMERGENCIES, MORE_PROBLEMS, PROBLEMS, QUESTIONS


def _top_k(triage, language: str, k: int, problems: list = PROBLEMS) -> float:
    column = 1 if language == "en" else 2
    hits = 0
    for row in problems:
        codes = [s.code for s in triage.assess(row[column], language).services[:k]]
        hits += row[0] in codes
    return hits / len(problems)


def test_the_sets_are_big_enough_to_mean_something() -> None:
    assert len(PROBLEMS) + len(QUESTIONS) + len(EMERGENCIES) >= 60


def test_english_problems_find_their_service_in_the_top_three(hutchinson_triage) -> None:
    assert _top_k(hutchinson_triage, "en", 3) >= 0.90


def test_spanish_problems_find_their_service_in_the_top_three(hutchinson_triage) -> None:
    assert _top_k(hutchinson_triage, "es", 3) >= 0.90


def test_spanish_is_within_five_points_of_english(hutchinson_triage) -> None:
    everything = PROBLEMS + MORE_PROBLEMS
    for k in (1, 3):
        spanish, english = (_top_k(hutchinson_triage, lang, k, everything) for lang in ("es", "en"))
        assert spanish >= english - 0.05, (k, spanish, english)


def test_texts_written_after_the_word_lists_still_find_their_service(hutchinson_triage) -> None:
    assert _top_k(hutchinson_triage, "en", 3, MORE_PROBLEMS) >= 0.90
    assert _top_k(hutchinson_triage, "es", 3, MORE_PROBLEMS) >= 0.90


def test_language_is_detected_when_not_given(hutchinson_triage) -> None:
    spanish = sum(hutchinson_triage.assess(row[2]).language == "es" for row in PROBLEMS)
    english = sum(hutchinson_triage.assess(row[1]).language == "en" for row in PROBLEMS)
    assert spanish >= 0.9 * len(PROBLEMS)
    assert english == len(PROBLEMS)


def test_questions_are_questions_in_both_languages(hutchinson_triage) -> None:
    for english, spanish in QUESTIONS:
        assert hutchinson_triage.assess(english, "en").kind == "question", english
        assert hutchinson_triage.assess(spanish, "es").kind == "question", spanish


def test_problems_are_not_sent_to_911(hutchinson_triage) -> None:
    for _code, english, spanish in PROBLEMS:
        assert hutchinson_triage.assess(english, "en").emergency.level != "yes", english
        assert hutchinson_triage.assess(spanish, "es").emergency.level != "yes", spanish
