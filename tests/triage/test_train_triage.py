"""Training on a city's own cases teaches triage the words its residents use."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from cityline.triage import assess
from cityline.triage.assessment import Triage
from cityline.triage.engine import TrainedModel, train

from .conftest import small_catalog

# In this made-up city residents call potholes "zorbels" and graffiti "wildstyle",
# words the catalog never uses.
LOCAL_WORDS = [
    ("zorbel by the bank on Main", "pothole"),
    ("a deep zorbel at 5th and Elm", "pothole"),
    ("zorbels all over Cedar lane", "pothole"),
    ("my car hit a zorbel on the bridge", "pothole"),
    ("wildstyle on the library wall", "graffiti"),
    ("fresh wildstyle across the bus shelter", "graffiti"),
    ("someone put wildstyle on our fence", "graffiti"),
    ("wildstyle pieces on the underpass", "graffiti"),
    ("lamp out on Oak", "streetlight"),
    ("loud party next door", "noise"),
] * 3


def _codes(triage: Triage, text: str) -> list[str]:
    return [s.code for s in triage.assess(text, "en").services]


def _share(triage: Triage, text: str, code: str) -> float:
    return next(s.score for s in triage.assess(text, "en").services if s.code == code)


def test_training_moves_the_right_service_to_the_top() -> None:
    triage = Triage(small_catalog())
    assert _codes(triage, "new wildstyle at the park")[0] != "graffiti"
    zorbel = "there is a zorbel outside the post office"
    before = _share(triage, zorbel, "pothole")
    assert before < 0.2
    model = train(triage.ranker, [(text, "en", code) for text, code in LOCAL_WORDS])
    triage.model = TrainedModel.from_bytes(model.to_bytes())
    assert _codes(triage, "new wildstyle at the park")[0] == "graffiti"
    assert _codes(triage, "another zorbel near the bakery")[0] == "pothole"
    # Against a catalog that is sure of something else ("outside the post office" reads like a
    # dark street light), a dozen cases move a city word's service far up, short of overruling it.
    assert _share(triage, zorbel, "pothole") > before + 0.25
    # What the catalog already knew is not forgotten.
    assert _codes(triage, "the street light is flickering")[0] == "streetlight"


@pytest.mark.django_db
def test_train_triage_command_stores_a_model_that_assess_uses(made_up_city, tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "service_code"])
        writer.writerows(LOCAL_WORDS)
    assert assess("new wildstyle at the park").services[0].code != "graffiti"
    out = StringIO()
    call_command("train_triage", "--csv", str(path), stdout=out)
    assert "Trained on 30 examples" in out.getvalue()
    assert assess("new wildstyle at the park").services[0].code == "graffiti"
