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

# In this made-up city residents call potholes "chuckholes" and graffiti "wildstyle",
# words the catalog never uses.
LOCAL_WORDS = [
    ("chuckhole by the bank on Main", "pothole"),
    ("a deep chuckhole at 5th and Elm", "pothole"),
    ("chuckholes all over Cedar lane", "pothole"),
    ("my car hit a chuckhole on the bridge", "pothole"),
    ("wildstyle on the library wall", "graffiti"),
    ("fresh wildstyle across the bus shelter", "graffiti"),
    ("someone put wildstyle on our fence", "graffiti"),
    ("wildstyle pieces on the underpass", "graffiti"),
    ("lamp out on Oak", "streetlight"),
    ("loud party next door", "noise"),
] * 3


def _codes(triage: Triage, text: str) -> list[str]:
    return [s.code for s in triage.assess(text, "en").services]


def test_training_moves_the_right_service_to_the_top() -> None:
    triage = Triage(small_catalog())
    assert _codes(triage, "there is a chuckhole outside the night club")[0] != "pothole"
    assert _codes(triage, "new wildstyle at the park")[0] != "graffiti"
    model = train(triage.ranker, [(text, "en", code) for text, code in LOCAL_WORDS])
    triage.model = TrainedModel.from_bytes(model.to_bytes())
    assert _codes(triage, "there is a chuckhole outside the night club")[0] == "pothole"
    assert _codes(triage, "new wildstyle at the park")[0] == "graffiti"
    # What the catalog already knew is not forgotten.
    assert _codes(triage, "the street light is flickering")[0] == "streetlight"


@pytest.mark.django_db
def test_train_triage_command_stores_a_model_that_assess_uses(made_up_city, tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "service_code"])
        writer.writerows(LOCAL_WORDS)
    assert assess("there is a chuckhole outside the night club").services[0].code != "pothole"
    out = StringIO()
    call_command("train_triage", "--csv", str(path), stdout=out)
    assert "Trained on 30 examples" in out.getvalue()
    assert assess("there is a chuckhole outside the night club").services[0].code == "pothole"
