"""The dashboard's figures for the small world (conftest.py), worked out by hand, against what the
pages and their CSV downloads show."""

from __future__ import annotations

import csv
import io

import pytest
import time_machine

from .conftest import NOW

pytestmark = pytest.mark.django_db
MARCH = "start=2026-03-01&end=2026-03-31"


def table(client, url: str) -> list[dict[str, str]]:
    with time_machine.travel(NOW, tick=False):
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.fixture
def supervisor_client(client, staff):
    client.force_login(staff["supervisor"])
    return client


def test_on_time_share_and_time_to_close_by_department(refreshed, supervisor_client):
    rows = {
        row["Department"]: row
        for row in table(supervisor_client, f"/insights/accountability/on-time-departments.csv?{MARCH}")
    }
    # Public Works: P1..P5 closed, 2/24/48/120/240 h; P1-P3 on time. P7 was a duplicate: left out.
    works = rows["Public Works"]
    assert (works["Closed"], works["On time"], works["Late"]) == ("5", "3", "2")
    assert works["Share on time"] == "0.6000"
    assert works["Median days to close"] == "2.0"  # rank ceil(0.5·5) = 3rd of 2,24,48,120,240 h → 48 h
    assert works["90th percentile days"] == "10.0"  # rank ceil(0.9·5) = 5th → 240 h
    clerk = rows["City Clerk"]
    assert (clerk["Closed"], clerk["On time"], clerk["Share on time"], clerk["Median days to close"]) == (
        "1",
        "1",
        "1.0000",
        "3.0",
    )


def test_the_whole_city_figure_is_said_in_words(refreshed, supervisor_client):
    with time_machine.travel(NOW, tick=False):
        page = supervisor_client.get(f"/insights/accountability/?{MARCH}").content.decode()
    # 4 of the 6 closes on time; ranks 3 of 2, 24, 48, 72, 120, 240 h → 48 h = 2.0 days.
    assert "67% were closed within their promised time" in page
    assert "half were closed within 2.0 days" in page


def test_by_service_type(refreshed, supervisor_client):
    rows = {
        row["Service type"]: row
        for row in table(supervisor_client, f"/insights/accountability/on-time-types.csv?{MARCH}")
    }
    assert rows["Pothole"]["Share on time"] == "0.6000"
    assert rows["Wrong directory entry"]["Median days to close"] == "3.0"


def test_backlog_by_age(refreshed, supervisor_client):
    rows = table(supervisor_client, "/insights/accountability/backlog-age.csv")
    found = {row["Age"]: (row["Open"], row["Past due"]) for row in rows}
    # Open now: C3 (1 day, not due), C2 (15 days, past due), P6 (85 days, past due).
    assert found == {
        "0–2 days": ("1", "0"),
        "3–7 days": ("0", "0"),
        "8–30 days": ("1", "1"),
        "31–90 days": ("1", "1"),
        "over 90 days": ("0", "0"),
    }


def test_breached_open_list(refreshed, supervisor_client):
    rows = table(supervisor_client, f"/insights/accountability/breached-open.csv?{MARCH}")
    numbers = [row["Case"] for row in rows]
    world = refreshed.cases
    assert numbers == [world["P6"].display_number, world["C2"].display_number]  # most overdue first


def test_volume_by_channel_and_language(refreshed, supervisor_client):
    rows = {row["Name"]: row for row in table(supervisor_client, f"/insights/volume/channels.csv?{MARCH}")}
    # Opened in March: P1-P5 and P7 by phone, C1-C3 on the web. Contacts: 6 phone, 2 automated line.
    assert (rows["Phone (call-taker)"]["Cases opened"], rows["Phone (call-taker)"]["Contacts"]) == ("6", "6")
    assert (rows["Web portal"]["Cases opened"], rows["Web portal"]["Contacts"]) == ("3", "0")
    assert rows["Phone (automated line)"]["Contacts"] == "2"
    languages = {
        row["Name"]: row["Cases opened"] for row in table(supervisor_client, f"/insights/volume/languages.csv?{MARCH}")
    }
    assert languages == {"English": "6", "Spanish": "3"}


def test_daily_trend(refreshed, supervisor_client):
    rows = {row["Period"]: row for row in table(supervisor_client, f"/insights/volume/trend.csv?{MARCH}")}
    assert len(rows) == 31
    assert rows["2026-03-02"]["Cases opened"] == "3"  # P1, P2, C1
    assert rows["2026-03-02"]["Contacts"] == "1"
    monthly = table(supervisor_client, "/insights/volume/trend.csv?start=2026-01-01&end=2026-03-31&per=month")
    assert [(row["Period"], row["Cases opened"]) for row in monthly] == [
        ("2026-01", "1"),
        ("2026-02", "0"),
        ("2026-03", "9"),
    ]


def test_first_contact_resolution(refreshed, supervisor_client):
    rows = {
        row["Channel"]: row
        for row in table(supervisor_client, f"/insights/call-centre/first-contact-resolution.csv?{MARCH}")
    }
    # First contacts: A's case call (repeated 3 days later: not settled), B's two on different
    # matters (settled), D's two transfers 13 days apart (both settled), E's voicemail (not
    # settled). A's status call repeats; C hung up: neither is a first contact. 4 of 6.
    overall = rows["All contacts"]
    assert (overall["First contacts"], overall["Settled at first contact"]) == ("6", "4")
    assert overall["Rate"] == "0.6667"
    assert rows["Phone (automated line)"]["First contacts"] == "1"  # the voicemail


def test_outcomes_transfers_and_handling_time(refreshed, supervisor_client):
    outcomes = {
        row["Outcome"]: row["Contacts"]
        for row in table(supervisor_client, f"/insights/call-centre/outcomes.csv?{MARCH}")
    }
    assert outcomes == {
        "Information given": "2",
        "Transferred to a direct line": "2",
        "Case opened": "1",
        "Status given": "1",
        "Abandoned": "1",
        "Voicemail": "1",
    }
    transfers = table(supervisor_client, f"/insights/call-centre/transfers.csv?{MARCH}")
    assert [(row["Department"], row["Transfers"]) for row in transfers] == [("Public Works", "2")]
    agents = {
        row["Call-taker"]: row for row in table(supervisor_client, f"/insights/call-centre/handling-time.csv?{MARCH}")
    }
    assert agents["Xavier Agent"]["Average handling time (seconds)"] == "200"  # (300 + 100 + 200) / 3
    assert agents["Yolanda Agent"]["Average handling time (seconds)"] == "90"  # (60 + 120) / 2


def test_hour_of_week(refreshed, supervisor_client):
    rows = {row["Day"]: row for row in table(supervisor_client, f"/insights/call-centre/hour-of-week.csv?{MARCH}")}
    # Monday 2nd 08:55 (A); Wednesday 25th 09:00 (D); Thursdays 5th 09:00 (A) and 12th 09:00 (D),
    # 12th 08:30 (C, hung up); Friday 13th 18:00 (E).
    assert rows["Monday"]["08:00"] == "1"
    assert rows["Wednesday"]["09:00"] == "1"
    assert (rows["Thursday"]["09:00"], rows["Thursday"]["08:00"]) == ("2", "1")
    assert rows["Friday"]["18:00"] == "1"


def test_equity_by_district(refreshed, supervisor_client):
    rows = {row["District"]: row for row in table(supervisor_client, f"/insights/places/equity.csv?{MARCH}")}
    assert rows["South"]["Median days to close"] == "2.0"  # all the world is in the south
    assert (rows["South"]["Closed"], rows["South"]["Merged as duplicates"]) == ("6", "1")


def test_the_pages_show_the_same_figures(refreshed, supervisor_client):
    with time_machine.travel(NOW, tick=False):
        page = supervisor_client.get(f"/insights/accountability/?{MARCH}").content.decode()
    assert "<svg" in page and 'role="img"' in page  # a chart …
    assert "<table" in page and "60%" in page  # … and its table
    assert "on-time-departments.csv?" in page  # … and its CSV


def test_repeat_locations(refreshed, supervisor_client):
    rows = {row["Service type"]: row for row in table(supervisor_client, "/insights/places/repeat-locations.csv")}
    # All the world's cases are at one spot: six potholes (the duplicate P7 left out), P6 still
    # open; three clerk's cases, two open.
    assert (rows["Pothole"]["Reports"], rows["Pothole"]["Still open"], rows["Pothole"]["District"]) == (
        "6",
        "1",
        "South",
    )
    assert (rows["Wrong directory entry"]["Reports"], rows["Wrong directory entry"]["Still open"]) == ("3", "2")
    assert rows["Pothole"]["Latest case"] == refreshed.cases["P5"].display_number  # the latest opened, P6 is older


def test_hotspots(refreshed, supervisor_client):
    rows = table(supervisor_client, f"/insights/places/hotspots.csv?{MARCH}")
    assert [(row["District"], row["Cases"]) for row in rows] == [("South", "9")]  # opened in March
