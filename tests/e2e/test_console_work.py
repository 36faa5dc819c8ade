"""The work queue, a case page and the supervisor's view in a real browser, on the Hutchinson demo
city with a few months of cases; these also take the console's screenshots (`make screenshots`)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from cityline.cases.models import Case

from .conftest import axe_violations, screenshot
from .console_helpers import Keys, fresh_triage, sign_in, staff

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]


@pytest.fixture
def demo_city(hutchinson, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    fresh_triage()
    call_command("generate_cases", 250, months=2, seed=311, no_interactions=False, verbosity=0)
    return hutchinson


def test_the_queue_is_worked_with_the_keyboard_and_a_case_is_closed(page, live_server, demo_city):
    worker = staff("dana", "department_staff", first="Dana", last="Reyes", departments=("public-works",))
    sign_in(page, live_server, worker)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto("/console/queue/")
    expect(page.locator("#queue-rows tr").first).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "console-queue")
    keys = Keys(page)
    keys.press("j", "Enter")
    expect(page.locator("#case-number")).to_be_visible()
    number = page.locator("#case-number").inner_text().replace(" ", "")
    case = Case.objects.get(number=number)
    assert case.department.slug == "public-works"
    assert axe_violations(page) == []
    screenshot(page, "console-case")
    if case.is_open:
        page.locator("summary", has_text="Close").click()
        page.locator("#id_close_reason").select_option("resolved")
        page.locator("#id_close_note").fill("Patched this morning. Thank you for reporting it.")
        page.locator("#close-form button[type=submit]").click()
        expect(page.locator("#case-status")).to_have_text("Closed")
        case.refresh_from_db()
        assert case.events.last().who == "Dana Reyes" and case.public().status_notes.startswith("Patched")


def test_the_supervisor_sees_the_queues_health_and_searches_as_they_type(page, live_server, demo_city):
    boss = staff("sam", "supervisor", first="Sam", last="Ortiz")
    sign_in(page, live_server, boss)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto("/console/supervisor/")
    expect(page.locator("#department-health tbody tr").first).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "console-supervisor")
    case = Case.objects.filter(status="new").first()
    page.keyboard.press("/")
    page.keyboard.type(case.number[:6])
    page.keyboard.press("Enter")
    expect(page.locator("#search-table")).to_contain_text(case.display_number)
    page.locator("#search-q").fill("")
    page.locator("#search-q").type(case.description.split()[0] if case.description else case.address.split()[-1])
    expect(page.locator("#search-table")).to_be_visible()


def test_the_call_screen_on_the_demo_city(page, live_server, demo_city):
    taker = staff("casey", "call_taker", first="Casey", last="Taylor")
    sign_in(page, live_server, taker)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto("/console/calls/")
    Keys(page).press("Alt+n")
    expect(page.locator("#call-text")).to_be_focused()
    page.keyboard.type("There's a big pothole in front of 1007 N Main St, my tire went flat")
    # The first text of a process builds triage's indexes for the city's catalog: allow for it.
    expect(page.locator('[data-pick="1"]')).to_contain_text("Pothole", timeout=20_000)
    Keys(page).press("Alt+1")
    expect(page.locator("#case-form")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "console-call")
