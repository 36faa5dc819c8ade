"""The insights dashboard and the public performance page in a real browser: charts and tables,
the hotspot map drawn by Leaflet with no tile server, the table without JavaScript, and no serious
accessibility problem."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from tests.insights.conftest import NOW, build_world

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]
MARCH = "start=2026-03-01&end=2026-03-31"


@pytest.fixture
def world(city, django_user_model):
    from django.core.cache import caches

    from cityline.insights.rollups import refresh_insights

    caches["insights"].clear()
    build_world(django_user_model)
    with time_machine.travel(NOW, tick=False):
        refresh_insights()
    refresh_insights()  # and as of today, for the public page's "this year"


@pytest.fixture
def signed_in(world, django_user_model, browser_context, live_server):
    from cityline.directory.models import StaffProfile

    user = django_user_model.objects.create_user("sam", first_name="Sam", last_name="Supervisor")
    StaffProfile.objects.create(user=user, role="supervisor")
    client = Client()
    client.force_login(user)
    browser_context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return browser_context


def test_the_dashboard_shows_charts_tables_and_the_map(signed_in):
    page = signed_in.new_page()
    page.goto(f"/insights/accountability/?{MARCH}")
    assert page.get_by_role("heading", name="Promises kept, by department").is_visible()
    assert page.locator("svg[role=img]").count() >= 2
    works = page.locator("#figure-on-time-departments table tr", has_text="Public Works")
    assert "60%" in works.inner_text()
    assert axe_violations(page) == []
    screenshot(page, "insights-dashboard")

    page.goto(f"/insights/places/?{MARCH}")
    page.wait_for_selector("#hexmap path.leaflet-interactive")
    assert page.locator("#hexmap path.leaflet-interactive").count() == 1  # the world's one hexagon …
    assert page.locator("#hexmap .leaflet-overlay-pane path").count() == 2  # … inside the city boundary
    assert page.locator(".leaflet-tile").count() == 0  # no tile server
    assert axe_violations(page) == []
    screenshot(page, "insights-map")


def test_without_javascript_the_map_is_a_table(signed_in, browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.add_cookies(signed_in.cookies())
    page = context.new_page()
    page.goto(f"/insights/places/?{MARCH}")
    rows = page.locator("#figure-hotspots table tbody tr")
    assert rows.count() >= 1
    assert "South" in rows.first.inner_text()
    context.close()


def test_the_public_page_is_accessible_in_both_languages(page, world):
    page.goto("/performance/")
    assert page.locator("h1").inner_text() == "How we are doing"
    assert axe_violations(page) == []
    screenshot(page, "performance")
    page.get_by_role("button", name="Español").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Cómo lo estamos haciendo"
