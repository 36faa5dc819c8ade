"""Week rows and the service table (cases summed over channels and languages): the pages read them
for whole weeks and for questions without a channel or language, and must show what the cases say."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import timedelta

import pytest
import time_machine

from cityline.cases import actions
from cityline.cases.models import Case, ClosingReason

from .conftest import CENTRAL, NOW, SOUTH, local

pytestmark = pytest.mark.django_db
MARCH = "start=2026-03-01&end=2026-03-31"


def table(client, url: str, at=NOW) -> list[dict[str, str]]:
    with time_machine.travel(at, tick=False):
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.fixture
def supervisor_client(client, staff):
    client.force_login(staff["supervisor"])
    return client


def test_weekly_trend_by_hand(refreshed, supervisor_client):
    # 1 March is a Sunday and 30-31 March a Monday and Tuesday: read from day rows; the four weeks
    # between from week rows. Cases: 2 Mar P1 P2 C1, 3 Mar P3, 4 Mar P4 | 9 Mar P5 | 16 Mar C2,
    # 20 Mar P7 | — | 30 Mar C3. Contacts: 2, 5 Mar | 10, 11, 12, 12, 13 Mar | — | 25 Mar | —.
    rows = table(supervisor_client, f"/insights/volume/trend.csv?{MARCH}&per=week")
    assert [(row["Period"], row["Cases opened"], row["Contacts"]) for row in rows] == [
        ("week of 2026-02-23", "0", "0"),
        ("week of 2026-03-02", "5", "2"),
        ("week of 2026-03-09", "1", "5"),
        ("week of 2026-03-16", "2", "0"),
        ("week of 2026-03-23", "0", "1"),
        ("week of 2026-03-30", "1", "0"),
    ]


def test_a_channel_filter_reads_the_full_table_and_agrees(refreshed, supervisor_client):
    # The potholes came by phone, the clerk's cases by the web.
    rows = {
        row["Service type"]: row
        for row in table(supervisor_client, f"/insights/accountability/on-time-types.csv?{MARCH}&channel=phone")
    }
    assert list(rows) == ["Pothole"]
    assert (rows["Pothole"]["Closed"], rows["Pothole"]["On time"], rows["Pothole"]["Median days to close"]) == (
        "5",
        "3",
        "2.0",
    )
    web = table(supervisor_client, f"/insights/accountability/on-time-types.csv?{MARCH}&channel=web&language=es")
    assert [(row["Service type"], row["Closed"], row["On time"]) for row in web] == [
        ("Wrong directory entry", "1", "1")
    ]


def test_places_with_a_channel_filter_answer(refreshed, supervisor_client):
    # Repeat locations are kept by type and place: the channel filter does not narrow them.
    rows = table(supervisor_client, "/insights/places/repeat-locations.csv?channel=phone")
    assert {row["Service type"] for row in rows} == {"Pothole", "Wrong directory entry"}


def _from_cases(first, last):
    """Cases opened per week and closed on time / late per type, counted from the cases table."""
    opened: Counter = Counter()
    promises: dict[str, list[int]] = {}
    for case in Case.objects.select_related("service_type"):
        day = case.created_at.astimezone(CENTRAL).date()
        if first <= day <= last:
            opened[day - timedelta(days=day.weekday())] += 1
        if case.closed_at and case.closing_reason != ClosingReason.DUPLICATE:
            closed_day = case.closed_at.astimezone(CENTRAL).date()
            if first <= closed_day <= last:
                counts = promises.setdefault(case.service_type.name, [0, 0])
                counts[0 if case.closed_on_time else 1] += 1
    return opened, promises


def test_after_the_workers_refresh_the_pages_show_what_the_cases_say(refreshed, supervisor_client):
    from cityline.insights import tasks

    moment = NOW + timedelta(hours=2)
    with time_machine.travel(moment, tick=False):
        actions.close(refreshed.cases["C3"], reason="resolved", note="Fixed")
        actions.close(refreshed.cases["C2"], reason="resolved", note="Fixed late")
        for channel in ("sms", "web"):
            actions.open_case(service_type="pothole", channel=channel, attributes={"size": "small"}, at=moment, **SOUTH)
        tasks.refresh.call()

    first, last = local(2026, 1, 1).date(), moment.date()
    opened, promises = _from_cases(first, last)
    query = f"start={first}&end={last}"
    weeks = table(supervisor_client, f"/insights/volume/trend.csv?{query}&per=week", moment)
    shown = {row["Period"].removeprefix("week of "): int(row["Cases opened"]) for row in weeks}
    assert {day: count for day, count in shown.items() if count} == {
        monday.isoformat(): count for monday, count in opened.items()
    }
    assert sum(shown.values()) == 12

    by_type = table(supervisor_client, f"/insights/accountability/on-time-types.csv?{query}", moment)
    assert {row["Service type"]: [int(row["On time"]), int(row["Late"])] for row in by_type} == promises
    public = table(supervisor_client, "/performance/monthly.csv", moment)
    assert {row["Month"]: row["Requests opened"] for row in public if row["Month"] >= "2026-01"} == {
        "2026-01": "1",
        "2026-02": "0",
        "2026-03": "11",
    }
