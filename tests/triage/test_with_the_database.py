"""assess() reads the city loaded from a pack, and train-triage stores its model in the database."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from cityline.triage import assess
from cityline.triage.models import TrainedModel
from cityline.triage.service import forget


def test_assess_ranks_the_loaded_citys_service_types(city) -> None:
    forget()
    english = assess("big hole in the road on Main street")
    assert english.services[0].code == "pothole"
    spanish = assess("hay un bache enorme en mi calle")
    assert spanish.language == "es"
    assert spanish.services[0].code == "pothole"
    assert spanish.services[0].name == "Bache"


def test_train_triage_stores_a_model_for_the_current_pack(city, tmp_path: Path) -> None:
    forget()
    path = tmp_path / "cases.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "service_code"])
        writer.writerows(
            [
                ("zorbel on elm", "pothole"),
                ("a zorbel at the school", "pothole"),
                ("it smells like rotten eggs outside", "gas-smell"),
                ("the phone number listed for the library is wrong", "wrong-directory-entry"),
            ]
            * 5
        )
    out = StringIO()
    call_command("train_triage", "--csv", str(path), stdout=out)
    row = TrainedModel.objects.get()
    assert row.pack == city.slug
    assert row.examples == 20
    assert f"model {row.pk}" in out.getvalue()
    assert assess("another zorbel by the school").services[0].code == "pothole"
