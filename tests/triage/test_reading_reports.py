"""How triage reads a report: what the problem is, not where it is, and words as residents type them."""

from __future__ import annotations

import pytest

from cityline.triage.assessment import Triage
from cityline.triage.catalog import Catalog, ServiceEntry
from cityline.triage.engine import train


def _catalog() -> Catalog:
    def service(code: str, name: str, description: str, keywords: list[str]) -> ServiceEntry:
        return ServiceEntry(code, {"en": name}, {"en": description}, keywords={"en": keywords})

    return Catalog(
        services=(
            service("pothole", "Pothole", "A hole in the road surface.", ["pothole", "road"]),
            service("sidewalk", "Sidewalk repair", "A broken, cracked or raised sidewalk or curb.", ["sidewalk"]),
            service("streetlight", "Streetlight out", "A street light that is dark.", ["streetlight", "lamp"]),
            service("encampment", "Homeless encampment", "Tents or people living outside.", ["tent", "homeless"]),
            service("parking", "Illegal parking", "A vehicle parked where it should not be.", ["parking"]),
            service("park", "Park maintenance", "Broken benches, restrooms or playgrounds in a park.", ["park"]),
            service("trash", "Missed trash pickup", "Trash or recycling not collected.", ["trash", "garbage"]),
        ),
        articles=(),
        departments=(),
    )


@pytest.fixture(scope="module")
def triage() -> Triage:
    return Triage(_catalog())


def _first(triage: Triage, text: str) -> str:
    return triage.assess(text, "en").services[0].code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("blankets and belongings blocking the sidewalk", "encampment"),
        ("trash cans left on the sidewalk", "trash"),
        ("the light in the park is out", "streetlight"),
        ("a broken bench in the park", "park"),
        # The place still counts when it is what is broken.
        ("the sidewalk is cracked and raised in front of my house", "sidewalk"),
        ("the curb by the park is broken", "sidewalk"),
    ],
)
def test_the_problem_counts_more_than_the_place_it_is_in(triage: Triage, text: str, code: str) -> None:
    assert _first(triage, text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("the street light on our corner is out", "streetlight"),
        ("big pot hole on the corner", "pothole"),
        ("the side walk is broken", "sidewalk"),
        ("rest room is closed and dirty", "park"),
    ],
)
def test_a_compound_typed_as_two_words_is_the_compound(triage: Triage, text: str, code: str) -> None:
    assert _first(triage, text) == code


def test_a_service_with_no_cases_is_still_found_after_training(triage: Triage) -> None:
    cases = [("deep hole in the road by the school", "en", "pothole"), ("loud trash truck at 5am", "en", "trash")]
    triage = Triage(_catalog(), model=train(triage.ranker, cases * 20))
    assert _first(triage, "the sidewalk is cracked and raised") == "sidewalk"
    assert _first(triage, "people living in tents by the river") == "encampment"
    assert _first(triage, "deep hole in the road again") == "pothole"
