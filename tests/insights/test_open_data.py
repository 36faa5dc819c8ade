"""Open data: public fields only, locations snapped to a coarse grid, descriptions only when the
city's pack turns them on, and a DCAT-US catalog describing it all."""

from __future__ import annotations

import csv
import json

import h3
import pytest
import time_machine
from django.core.management import call_command

from cityline.core.models import Jurisdiction, forget_current_jurisdiction
from cityline.insights.opendata import SNAP_RESOLUTION, scrub

from .conftest import NOW, PLANTED, SOUTH

pytestmark = pytest.mark.django_db


def planted_in(text: str) -> list[str]:
    lowered = text.lower()
    found = [word for word in PLANTED["names"] + PLANTED["emails"] if word.lower() in lowered]
    digits = "".join(ch for ch in text if ch.isdigit() or ch == "\n")
    found += [phone for phone in PLANTED["phones"] if phone in text]
    found += [p for p in ("6205550199", "6205550177") if p in digits]
    return found


@pytest.fixture
def exported(world, tmp_path, settings):
    settings.CITYLINE_OPEN_DATA_DIR = tmp_path
    with time_machine.travel(NOW, tick=False):
        call_command("export-open-data".replace("-", "_"))
    return tmp_path


def test_the_export_has_every_case_and_no_personal_data(exported, world):
    text = (exported / "cases.csv").read_text()
    geo = (exported / "cases.geojson").read_text()
    assert planted_in(text) == [] and planted_in(geo) == []
    rows = list(csv.DictReader(text.splitlines()))
    assert len(rows) == len(world.cases) == 10
    assert set(rows[0]) == {
        line.split(",")[0] for line in (exported / "data-dictionary.csv").read_text().splitlines()[1:]
    }
    assert {row["description"] for row in rows} == {""}  # the pack does not publish descriptions
    by_number = {row["case_number"]: row for row in rows}
    p4 = by_number[world.cases["P4"].number]
    assert (p4["status"], p4["closed_on_time"], p4["days_to_close"]) == ("closed", "false", "10.0")
    p7 = by_number[world.cases["P7"].number]
    assert (p7["closing_reason"], p7["duplicate_of"], p7["closed_on_time"]) == (
        "duplicate",
        world.cases["P6"].number,
        "",
    )


def test_locations_are_snapped_to_a_hexagon_centre(exported):
    features = json.loads((exported / "cases.geojson").read_text())["features"]
    lon, lat = features[0]["geometry"]["coordinates"]
    cell = h3.latlng_to_cell(SOUTH["lat"], SOUTH["lon"], SNAP_RESOLUTION)
    centre = h3.cell_to_latlng(cell)
    assert (round(lat, 5), round(lon, 5)) == (round(centre[0], 5), round(centre[1], 5))
    assert (lat, lon) != (SOUTH["lat"], SOUTH["lon"])
    assert features[0]["properties"]["location_cell"] == cell


def test_descriptions_when_the_city_turns_them_on_are_scrubbed(world, tmp_path, settings):
    city = Jurisdiction.objects.get()
    city.policy = {**city.policy, "open_data_descriptions": True}
    city.save()
    forget_current_jurisdiction()
    settings.CITYLINE_OPEN_DATA_DIR = tmp_path
    call_command("export_open_data")
    text = (tmp_path / "cases.csv").read_text()
    assert "The hours are wrong." in text and "Wrong number listed" in text
    assert planted_in(text) == []
    assert "[phone]" in text and "[e-mail]" in text and "[name]" in text


def test_scrub_blanks_phones_emails_and_names():
    said = "I'm Ana Ruiz, 620 555 0142 or +1 (620) 555-0143, ana.ruiz@example.com. Pothole by the school."
    assert scrub(said, ("Ana", "Ruiz")) == "I'm [name] [name], [phone] or [phone], [e-mail]. Pothole by the school."


def test_the_catalog_is_dcat_us(exported, client):
    catalog = json.loads((exported / "data.json").read_text())
    assert catalog["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
    required = {"title", "description", "keyword", "modified", "publisher", "contactPoint", "identifier", "accessLevel"}
    for dataset in catalog["dataset"]:
        assert required <= set(dataset), required - set(dataset)
        assert dataset["accessLevel"] == "public"
        for distribution in dataset["distribution"]:
            assert distribution["downloadURL"].startswith("http")
    assert catalog["dataset"][0]["temporal"] == "2026-01-05/2026-03-30"
    # Served at the conventional address and under /open-data/.
    assert json.loads(b"".join(client.get("/data.json").streaming_content)) == catalog
    response = client.get("/open-data/cases.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert client.get("/open-data/secrets.txt").status_code == 404


def test_the_export_command_refuses_without_a_city(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="load-pack"):
        call_command("export_open_data", output=tmp_path)
