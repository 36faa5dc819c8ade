"""Every resident page type in a real browser: no serious or critical axe-core violation, no sideways
scrolling at 200 % zoom or on a 360 px phone, and usable with the keyboard alone. Screenshots of each
(desktop and phone width) go to docs/screenshots/ with `make screenshots`."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from cityline.cases import actions
from cityline.cases.actions import RequesterInfo, open_case
from tests.portal.helpers import warm_search

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

DESKTOP = {"width": 1280, "height": 900}
ZOOM_200 = {"width": 640, "height": 450}  # a 1280 px window at 200 % zoom
PHONE = {"width": 360, "height": 740}


def overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0: nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def check(page, url: str, name: str) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(url)
    page.evaluate("document.fonts.ready")
    assert axe_violations(page) == [], url
    screenshot(page, f"{name}-desktop")
    page.set_viewport_size(ZOOM_200)
    assert overflow(page) <= 0, f"{url} scrolls sideways at 200% zoom"
    page.set_viewport_size(PHONE)
    assert overflow(page) <= 0, f"{url} scrolls sideways on a phone"
    screenshot(page, f"{name}-phone")


def test_every_page_type(page, hutchinson):
    warm_search()
    cache.clear()
    case = open_case(
        service_type="pothole",
        channel="web",
        description="Deep pothole in the right lane",
        attributes={"size": "medium"},
        address="1007 N Main St",
        requester=RequesterInfo(email="resident@example.org"),
    )
    actions.acknowledge(case, actor="Public Works")
    actions.add_note(case, "A crew is scheduled for Thursday.", public=True, actor="Public Works")
    subscription = actions.follow(case, channel="email", address="neighbour@example.org")
    pages = [
        ("/", "home"),
        ("/search/?q=pothole", "search"),
        ("/directory/", "directory"),
        ("/directory/public-works/", "department"),
        ("/help/", "help-topics"),
        ("/help/potholes/", "article"),
        ("/report/", "report-1-describe"),
        ("/report/new/pothole/", "report-3-details"),
        ("/cases/", "case-lookup"),
        (f"/cases/{case.number}/", "case"),
        (f"/report/sent/{case.number}/", "report-5-sent"),
        (f"/updates/confirm/{subscription.token}/", "updates-confirmed"),
        (f"/updates/stop/{subscription.token}/", "updates-stop"),
        ("/no-such-page/", "not-found"),
    ]
    for url, name in pages:
        check(page, url, name)
    page.set_viewport_size(DESKTOP)
    page.goto("/report/")
    page.get_by_role("textbox").fill("there is a car crash at the corner")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert "/report/safety/" in page.url
    check(page, page.url, "report-safety")
    page.get_by_text("No, nobody is in danger").click()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    check(page, page.url, "report-2-type")
    page.get_by_role("button", name="Español").click()
    page.wait_for_load_state()
    check(page, "/", "home-es")
    check(page, "/directory/utility-billing/", "department-es")


def test_keyboard_alone_reaches_the_report_and_sends_the_describe_step(page, city):
    warm_search()
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    # From the main content, Tab reaches the search box, then "Report a problem".
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == "/report/":
            break
    else:
        raise AssertionError("Report a problem is not reachable with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "text":
            break
    page.keyboard.type("Pothole on Main Street")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/report/type/" in page.url
    # A kind of problem is chosen with the arrow keys and sent with Enter.
    page.locator("input[name=service]").first.focus()
    page.keyboard.press("Space")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/report/details/" in page.url
    outline = page.evaluate(
        "(() => { const b = document.querySelector('button[value=find_address]'); b.focus();"
        " const s = getComputedStyle(b); return s.outlineStyle + ' ' + s.outlineWidth; })()"
    )
    assert not outline.startswith("none"), "focused buttons show where the focus is"
