"""The public performance page: figures in plain words, in English and Spanish, no personal data."""

from __future__ import annotations

import csv
import io

import pytest
import time_machine

from .conftest import NOW, PLANTED

pytestmark = pytest.mark.django_db


@pytest.fixture
def april(refreshed):
    """The page seen on 2 April: last month is the world's March."""
    from datetime import timedelta

    from cityline.insights.rollups import refresh_insights

    moment = NOW + timedelta(days=2)
    with time_machine.travel(moment, tick=False):
        refresh_insights()
        yield moment


def test_the_page_gives_this_year_and_last_month_in_words_tables_and_charts(client, april):
    with time_machine.travel(april, tick=False):
        page = client.get("/performance/").content.decode()
    assert "How we are doing" in page
    assert "Last month" in page and "This year so far" in page
    assert "67%" in page  # March: 4 of 6 closed on time
    assert "What the figures mean" in page
    assert page.count("<svg") >= 3 and page.count("<table") >= 3
    for word in PLANTED["names"] + PLANTED["emails"] + PLANTED["phones"]:
        assert word not in page


def test_the_monthly_csv(client, april):
    with time_machine.travel(april, tick=False):
        rows = {
            row["Month"]: row
            for row in csv.DictReader(io.StringIO(client.get("/performance/monthly.csv").content.decode()))
        }
    assert rows["2026-03"]["Requests opened"] == "9"
    assert rows["2026-03"]["Closed on time"] == "0.6667"
    assert rows["2026-03"]["Median days to close"] == "2.0"
    assert rows["2026-01"]["Requests opened"] == "1"


def test_the_page_in_spanish(client, april):
    with time_machine.travel(april, tick=False):
        page = client.get("/performance/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'lang="es"' in page
    assert "Cómo lo estamos haciendo" in page
    assert "Qué significan las cifras" in page


def test_the_home_page_links_to_it(client, city):
    assert 'href="/performance/"' in client.get("/").content.decode()
