"""The directory: every department's lines, hours and "open now"; JSON-LD; corrections; HSDS download."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cityline.cases.models import Case, Interaction

pytestmark = pytest.mark.django_db

CHICAGO = ZoneInfo("America/Chicago")
TUESDAY_MORNING = datetime(2026, 11, 17, 10, 0, tzinfo=CHICAGO)
TUESDAY_EVENING = datetime(2026, 11, 17, 16, 0, tzinfo=CHICAGO)


def jsonld(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    return json.loads(block)


def test_the_directory_lists_every_department_with_its_line_and_whether_it_is_open(client, city):
    with time_machine.travel(TUESDAY_MORNING, tick=False):
        html = client.get("/directory/").content.decode()
    assert "Public Works" in html and 'href="tel:+16205550120"' in html
    assert "City Clerk" in html and 'href="tel:+16205550130"' in html
    assert "Open now" in html and "closes today at 3:30 p.m." in html


def test_a_department_page_says_when_it_opens_next(resident, city):
    with time_machine.travel(TUESDAY_EVENING, tick=False):
        html = resident.get("/directory/public-works/").content.decode()
    assert "Closed now" in html and "opens tomorrow at 7 a.m." in html
    assert "Monday" in html and "7 a.m. – 3:30 p.m." in html and "Saturday" in html
    assert "After hours" in html and 'href="tel:+16205550121"' in html
    assert "Director of Public Works" in html
    assert "last checked on Oct. 1, 2026" in html
    assert 'href="/report/new/pothole/"' in html
    assert Interaction.objects.get().outcome == "transfer"


def test_a_department_page_in_spanish_in_the_citys_time(spanish, city):
    with time_machine.travel(TUESDAY_EVENING, tick=False):
        html = spanish.get("/directory/public-works/").content.decode()
    assert "Obras Públicas" in html and "Línea principal" in html and "Cerrado ahora" in html
    assert "lunes" in html.lower()


def test_schema_org_json_ld_describes_lines_and_hours(client, city):
    data = jsonld(client.get("/directory/public-works/").content.decode())
    assert data["@type"] == "GovernmentOrganization" and data["name"] == "Public Works"
    assert data["telephone"] == "+16205550120"
    main = data["contactPoint"][0]
    assert main["@type"] == "ContactPoint" and main["telephone"] == "+16205550120"
    hours = main["hoursAvailable"][0]
    assert hours["@type"] == "OpeningHoursSpecification"
    assert hours["opens"] == "07:00:00" and hours["closes"] == "15:30:00"
    assert "https://schema.org/Monday" in hours["dayOfWeek"] and "https://schema.org/Saturday" not in hours["dayOfWeek"]
    assert data["url"].endswith("/directory/public-works/")


def test_elected_officials_are_listed(client, city):
    html = client.get("/directory/city-clerk/").content.decode()
    assert "Elected officials" in html and "Pat Example" in html and "Mayor" in html
    assert jsonld(html)["member"][0]["name"] == "Pat Example"


def test_a_wrong_number_report_reaches_the_clerk_as_a_case(resident, city):
    html = resident.get("/directory/public-works/").content.decode()
    token = re.search(r'name="token" value="(\w+)"', html).group(1)
    form = {"token": token, "description": "The after-hours number rings a fax.", "email": "resident@example.org"}
    response = resident.post("/directory/public-works/correction/", form)
    assert response.status_code == 200
    case = Case.objects.get()
    assert case.service_type.code == "wrong-directory-entry" and case.department.slug == "city-clerk"
    assert "Public Works" in case.description and "rings a fax" in case.description
    assert case.display_number in response.content.decode()
    resident.post("/directory/public-works/correction/", form)
    assert Case.objects.count() == 1  # the same form sent twice


def test_a_wrong_number_report_without_contact_says_what_is_missing(resident, city):
    response = resident.post("/directory/public-works/correction/", {"description": "wrong hours", "token": "t1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "The clerk needs a way to reach you" in html and "wrong hours" in html
    assert Case.objects.count() == 0


def test_an_unknown_department_is_404(client, city):
    assert client.get("/directory/no-such-office/").status_code == 404


def test_the_directory_downloads_as_an_open_referral_data_package(client, city):
    response = client.get("/directory/open-referral.zip")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    package = json.loads(archive.read("datapackage.json"))
    tables = {}
    for resource in package["resources"]:
        rows = list(csv.DictReader(io.StringIO(archive.read(resource["path"]).decode())))
        header = archive.read(resource["path"]).decode().splitlines()[0].split(",")
        assert header == [field["name"] for field in resource["schema"]["fields"]]
        tables[resource["name"]] = rows
    ids = {name: {row["id"] for row in rows} for name, rows in tables.items()}
    for resource in package["resources"]:
        for key in resource["schema"].get("foreignKeys", []):
            column, target = key["fields"][0], key["reference"]["resource"]
            for row in tables[resource["name"]]:
                assert not row[column] or row[column] in ids[target], (resource["name"], column)
    names = {row["name"] for row in tables["organization"]}
    assert {"City of Riverton", "Public Works", "City Clerk"} <= names
    numbers = {row["number"] for row in tables["phone"]}
    assert {"+16205550120", "+16205550121", "+16205550130"} <= numbers
    schedule = next(row for row in tables["schedule"] if row["opens_at"] == "07:00")
    assert (schedule["freq"], schedule["byday"], schedule["closes_at"]) == ("WEEKLY", "MO,TU,WE,TH,FR", "15:30")
    assert any(row["title"].startswith("Mayor") and row["name"] == "Pat Example" for row in tables["contact"])
    # Residents never appear: only office data.
    assert "requester" not in archive.read("contact.csv").decode().lower()
