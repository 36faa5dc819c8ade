"""Possible duplicates: open cases of the same type, nearby and recent, nearest first."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cityline.cases import actions
from cityline.cases.duplicates import find_duplicates
from cityline.catalog.models import ServiceType

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("America/Chicago"))
HERE = (38.0400, -97.9300)
METRE_LAT = 1 / 111_195  # degrees of latitude per metre


def report(lat_offset_m: float = 0, days_ago: float = 0, code: str = "pothole", **extra):
    return actions.open_case(
        service_type=code,
        channel="web",
        attributes={"size": "small"} if code == "pothole" else {},
        lat=HERE[0] + lat_offset_m * METRE_LAT,
        lon=HERE[1],
        at=NOW - timedelta(days=days_ago),
        **extra,
    )


def test_nearby_open_recent_cases_of_the_same_type_nearest_first(city):
    twenty_m = report(20, days_ago=3)
    five_m = report(5, days_ago=10)
    report(120, days_ago=1)  # beyond the type's 50 m radius
    report(10, days_ago=45)  # older than the 30-day window
    actions.close(report(2, days_ago=2), reason="resolved", at=NOW - timedelta(days=1))  # closed
    report(3, days_ago=1, code="gas-smell")  # another type
    found = find_duplicates(ServiceType.objects.get(code="pothole"), *HERE, at=NOW)
    assert [c.case.pk for c in found] == [five_m.pk, twenty_m.pk]
    assert round(found[0].distance_m) == 5 and found[0].age == timedelta(days=10)


def test_a_merged_duplicate_is_not_offered_again(city):
    parent = report(5, days_ago=2)
    child = report(8, days_ago=1)
    actions.merge(child, parent)
    assert [c.case.pk for c in find_duplicates(parent.service_type, *HERE, at=NOW)] == [parent.pk]
