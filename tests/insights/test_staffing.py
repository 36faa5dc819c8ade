"""Erlang C staffing: a textbook case, and the page's plan from a forecast of past weeks."""

from __future__ import annotations

import csv
import io
import math
from datetime import timedelta

import pytest
import time_machine

from cityline.cases.models import Interaction
from cityline.insights.staffing import agents_needed

from .conftest import CENTRAL, local

pytestmark = pytest.mark.django_db


def erlang_c_service_level(calls_per_hour: float, handling_seconds: float, agents: int, answer_seconds: float) -> float:
    """The textbook formula, by hand: P(wait) from Erlang C, then 1 − P(wait)·e^(−(N−A)·t/AHT)."""
    traffic = calls_per_hour * handling_seconds / 3600
    top = traffic**agents / math.factorial(agents) * agents / (agents - traffic)
    bottom = sum(traffic**k / math.factorial(k) for k in range(agents)) + top
    waiting = top / bottom
    return 1 - waiting * math.exp(-(agents - traffic) * answer_seconds / handling_seconds)


def test_the_textbook_case():
    # 200 calls an hour of 3 minutes is 10 erlangs; 80% in 20 s needs 14 agents (13 give ~72%).
    assert erlang_c_service_level(200, 180, 13, 20) < 0.8 <= erlang_c_service_level(200, 180, 14, 20)
    agents, _scheduled, level, occupancy = agents_needed(200, 180, 0.8, 20)
    assert agents == 14
    assert level == pytest.approx(erlang_c_service_level(200, 180, 14, 20), abs=1e-9)
    assert occupancy == pytest.approx(10 / 14)
    # With 30% of their time off the phones, 14 on the phones means 20 scheduled.
    assert agents_needed(200, 180, 0.8, 20, shrinkage=0.3)[1] == math.ceil(14 / 0.7)
    assert agents_needed(0, 180, 0.8, 20)[:2] == (0, 0)


def test_the_staffing_page_plans_from_the_past_weeks(client, city, staff):
    # Eight Mondays before the week of Tue 31 March: 30 calls of 240 s each 08:00–09:00.
    rows = []
    for week in range(1, 9):
        monday = local(2026, 3, 30, 8) - timedelta(weeks=week)
        for n in range(30):
            started = monday + timedelta(minutes=n * 2)
            rows.append(
                Interaction(
                    channel="phone",
                    outcome="information",
                    started_at=started,
                    ended_at=started + timedelta(seconds=240),
                )
            )
    Interaction.objects.bulk_create(rows)
    from cityline.insights.rollups import refresh_insights

    now = local(2026, 3, 31, 12)
    client.force_login(staff["supervisor"])
    with time_machine.travel(now, tick=False):
        refresh_insights()
        plan = list(
            csv.DictReader(io.StringIO(client.get("/insights/staffing/staffing.csv?shrinkage=0").content.decode()))
        )
        page = client.get("/insights/staffing/").content.decode()
    monday_8 = next(r for r in plan if r["Day"] == "Monday" and r["Hour"] == "08:00")
    assert monday_8["Calls forecast"] == "30.0"
    assert monday_8["Handling time (seconds)"] == "240"
    # 30 calls × 4 min = 2 erlangs: by hand, the fewest agents reaching 80% in 20 s.
    needed = next(n for n in range(3, 20) if erlang_c_service_level(30, 240, n, 20) >= 0.8)
    assert monday_8["Call-takers on the phones"] == str(needed) == monday_8["Call-takers scheduled"]
    tuesday_8 = next(r for r in plan if r["Day"] == "Tuesday" and r["Hour"] == "08:00")
    assert (tuesday_8["Calls forecast"], tuesday_8["Call-takers on the phones"]) == ("0.0", "0")
    assert "Call-takers needed, hour by hour" in page and "<svg" in page
    assert CENTRAL  # city time throughout


def test_bad_targets_are_explained(client, city, staff):
    client.force_login(staff["supervisor"])
    response = client.get("/insights/staffing/?service_level=150")
    assert response.status_code == 400
    assert "less than or equal to 99" in response.content.decode()
