"""GET requests: the spec's filters and default window, and the extensions aggregators use."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
import time_machine
from django.utils import timezone

from cityline.cases import actions

from .conftest import TUESDAY_MORNING, errors, report

pytestmark = pytest.mark.django_db


def ids(found: list[dict]) -> list[str]:
    return [item["service_request_id"] for item in found]


@pytest.fixture(autouse=True)
def _tuesday_morning():
    # Gas reports are taken only in business hours, and "now" decides the default window.
    with time_machine.travel(TUESDAY_MORNING, tick=True):
        yield


@pytest.fixture
def cases(city):
    """Five cases over four months, each made in business hours; the newest first in every default list."""
    now = timezone.now()
    made = {
        "old": report(at=now - timedelta(days=120), description="An old hole"),
        "month": report(
            at=now - timedelta(days=28), service_type="gas-smell", attributes={}, description="Gas by the school"
        ),
        "week": report(at=now - timedelta(days=7, minutes=5), lat=38.08, lon=-97.93, description="Hole on North Main"),
        "day": report(
            at=now - timedelta(days=1, minutes=5), lat=38.0505, lon=-97.9305, description="Crater near the bakery"
        ),
        "hour": report(at=now - timedelta(hours=1), lat=38.03, lon=-97.95, description="Small hole, Avenue B"),
    }
    actions.close(made["day"], reason="resolved", note="Patched the crater this morning.")
    return {name: case.number for name, case in made.items()}


def test_default_is_the_last_90_days_newest_first(api, cases):
    found = api.both("requests")
    assert ids(found) == [cases["hour"], cases["day"], cases["week"], cases["month"]]
    closed = next(item for item in found if item["service_request_id"] == cases["day"])
    assert closed["status"] == "closed"
    assert closed["status_notes"] == "Patched the crater this morning."
    assert "expected_datetime" not in closed  # a closed case promises nothing more


def test_ids_override_every_other_filter_and_unknown_ids_are_left_out(api, cases):
    asked = ",".join([cases["old"], cases["hour"], "1234567890", "not-a-number"])
    found = api.both("requests", {"service_request_id": asked, "status": "closed", "service_code": "gas-smell"})
    assert sorted(ids(found)) == sorted([cases["old"], cases["hour"]])


def test_filter_by_service_code_and_status(api, cases):
    assert ids(api.both("requests", {"service_code": "gas-smell"})) == [cases["month"]]
    assert ids(api.both("requests", {"status": "closed"})) == [cases["day"]]
    assert ids(api.both("requests", {"status": "open,closed", "service_code": "pothole,gas-smell"})) == [
        cases["hour"],
        cases["day"],
        cases["week"],
        cases["month"],
    ]


def test_date_range_reaches_older_cases(api, cases):
    now = timezone.now()
    start = (now - timedelta(days=130)).isoformat()
    end = (now - timedelta(days=60)).isoformat()
    assert ids(api.both("requests", {"start_date": start, "end_date": end})) == [cases["old"]]
    # Only a start: 90 days from it.
    assert ids(api.both("requests", {"start_date": start})) == [cases["old"]]
    # Dates as a client writes them in a URL, Z and all.
    utc = (now - timedelta(days=2)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ids(api.both("requests", {"start_date": utc})) == [cases["hour"], cases["day"]]


def test_dates_are_w3c_with_the_citys_offset(api, cases):
    [found] = api.both("requests", {"service_request_id": cases["hour"]})
    assert found["requested_datetime"][-6:] in ("-06:00", "-05:00")  # Central time, standard or daylight


def test_at_most_1000_requests_by_default(api, city):
    from cityline.cases.models import Case
    from cityline.catalog.models import ServiceType

    pothole = ServiceType.objects.select_related("department").get(code="pothole")
    now = timezone.now()
    Case.objects.bulk_create(
        Case(
            number=f"{i:010d}",
            service_type=pothole,
            department=pothole.department,
            channel="web",
            created_at=now - timedelta(minutes=i),
            updated_at=now,
            sla_due_at=now + timedelta(days=3),
        )
        for i in range(1, 1006)
    )
    response = api.get("requests.json")
    assert len(response.json()) == 1000
    assert "X-Total-Count" not in response  # counted only when a client pages


def test_extensions_add_detailed_fields_only_when_asked(api, cases):
    [plain] = api.both("requests", {"service_request_id": cases["day"]})
    assert "extended_attributes" not in plain
    [extended] = api.both("requests", {"service_request_id": cases["day"], "extensions": "true"})
    assert extended["extended_attributes"] == {
        "detailed_status": "closed",
        "department": "public-works",
        "channel": "web",
        "district": "south",
        "closed_datetime": extended["extended_attributes"]["closed_datetime"],
        "closing_reason": "resolved",
    }


def test_duplicate_of_in_extensions(api, cases):
    from cityline.cases.models import Case

    actions.merge(Case.objects.get(number=cases["hour"]), Case.objects.get(number=cases["week"]))
    [child] = api.both(f"requests/{cases['hour']}", {"extensions": "true"})
    assert child["status"] == "closed"
    assert child["extended_attributes"]["duplicate_of"] == cases["week"]
    assert child["extended_attributes"]["closing_reason"] == "duplicate"


def test_paging_with_a_total(api, cases):
    first = api.get("requests.json", {"page_size": "2"})
    assert ids(first.json()) == [cases["hour"], cases["day"]]
    assert first["X-Total-Count"] == "4"
    assert 'rel="next"' in first["Link"] and "page=2" in first["Link"] and 'rel="prev"' not in first["Link"]
    second = api.get("requests.json", {"page_size": "2", "page": "2"})
    assert ids(second.json()) == [cases["week"], cases["month"]]
    assert 'rel="prev"' in second["Link"] and 'rel="next"' not in second["Link"]
    assert api.json("requests.json", {"page_size": "2", "page": "3"}) == []


def test_sync_by_updated_after_reads_oldest_change_first(api, cases):
    from cityline.cases.models import Case

    mark = timezone.now()
    actions.add_note(Case.objects.get(number=cases["month"]), "Crew on site", public=True)
    actions.acknowledge(Case.objects.get(number=cases["old"]))
    found = api.both("requests", {"updated_after": mark.isoformat()})
    # The 120-day-old case is there: a sync is not held to the 90-day window.
    assert ids(found) == [cases["month"], cases["old"]]
    # Times are to the second, so the next sync from the last one seen may bring back what changed
    # in that very second (a client keeps the newest copy by service_request_id); nothing older.
    last = found[-1]["updated_datetime"]
    again = api.both("requests", {"updated_after": last})
    assert {item["updated_datetime"] for item in again} <= {last}
    assert ids(api.both("requests", {"updated_before": mark.isoformat(), "status": "closed"})) == [cases["day"]]


def test_radius_search_in_metres(api, cases):
    near_bakery = {"lat": "38.0505", "long": "-97.9305"}
    assert ids(api.both("requests", {**near_bakery, "radius": "60"})) == [cases["day"]]
    # The gas report sits at 38.05,-97.93: about 70 m from the bakery point.
    assert ids(api.both("requests", {**near_bakery, "radius": "80"})) == [cases["day"], cases["month"]]
    # Without a radius: 500 m.
    assert ids(api.both("requests", near_bakery)) == [cases["day"], cases["month"]]


def test_bbox_is_longitude_first(api, cases):
    north_half = "-97.98,38.06,-97.88,38.10"
    assert ids(api.both("requests", {"bbox": north_half})) == [cases["week"]]


def test_full_text_search(api, cases):
    assert ids(api.both("requests", {"q": "crater"})) == [cases["day"]]
    assert ids(api.both("requests", {"q": "hole north"})) == [cases["week"]]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "pending"}, "status: pending: choose from open, closed"),
        (
            {"start_date": "yesterday"},
            "start_date: 'yesterday' is not a W3C date-time; write it like 2026-11-30T09:00:00-06:00 or 2026-11-30T15:00:00Z",
        ),
        (
            {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
            "end_date: start_date to end_date may span at most 90 days; ask in steps",
        ),
        (
            {"start_date": "2026-03-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"},
            "end_date: end_date is before start_date",
        ),
        ({"service_code": "unicorns"}, "service_code: there is no service unicorns; the list is at services.json"),
        ({"page_size": "5000"}, "page_size: Ensure this value is less than or equal to 1000."),
        ({"lat": "38.05"}, "long: give lat and long together"),
        ({"radius": "100"}, "radius: radius needs lat and long (the centre)"),
        (
            {"bbox": "38.0,-97.9"},
            "bbox: four numbers: min_long,min_lat,max_long,max_lat (longitude first, as in GeoJSON)",
        ),
        ({"extensions": "maybe"}, "extensions: 'maybe' is not true or false"),
    ],
)
def test_bad_filters_are_400_with_the_parameter_named(api, city, params, message):
    for fmt in ("json", "xml"):
        response = api.get(f"requests.{fmt}", params)
        assert response.status_code == 400
        assert errors(response) == [message.replace("services.json", f"services.{fmt}")]


def test_empty_filters_are_ignored(api, cases):
    empty = {"service_code": "", "status": "", "start_date": "", "end_date": "", "page": "", "q": "", "extensions": ""}
    assert ids(api.both("requests", empty)) == ids(api.both("requests"))
