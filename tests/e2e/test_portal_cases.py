"""Checking and following a case in a real browser: a mistyped number is caught, follow and stop."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from cityline.cases.actions import open_case
from cityline.cases.models import Subscription
from tests.portal.helpers import warm_search

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]


def swapped(number: str) -> str:
    for i in range(len(number) - 1):
        if number[i] != number[i + 1]:
            return number[:i] + number[i + 1] + number[i] + number[i + 2 :]
    raise AssertionError(number)


def test_lookup_with_a_mistyped_number_then_follow_and_stop(page, city):
    warm_search()
    cache.clear()
    case = open_case(service_type="pothole", channel="web", attributes={"size": "small"}, address="100 N Main St")
    page.goto("/cases/")
    page.get_by_label("Case number").fill(swapped(case.number))
    page.get_by_label("Case number").press("Enter")
    page.wait_for_load_state()
    error = page.locator("#id_number-error")
    assert "one digit may be mistyped or two swapped" in error.inner_text()
    assert page.get_by_label("Case number").get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Case number").input_value() == swapped(case.number)  # kept to correct
    assert axe_violations(page) == []
    screenshot(page, "case-lookup-mistyped")

    page.get_by_label("Case number").fill(case.display_number)
    page.get_by_role("button", name="Find my case").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/cases/{case.number}/")
    assert "Received" in page.content() and "Due" in page.content()
    screenshot(page, "case-page")

    page.get_by_text("E-mail", exact=True).click()
    page.get_by_label("E-mail address or mobile number").fill("neighbour@example.org")
    page.get_by_role("button", name="Follow this case").click()
    page.wait_for_load_state()
    assert "Check your e-mail" in page.content()

    token = Subscription.objects.get(address="neighbour@example.org").token
    page.goto(f"/updates/confirm/{token}/")
    assert "You will get updates on case" in page.content()
    page.get_by_role("link", name="Stop updates").click()
    page.wait_for_load_state()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Stop updates").click()
    page.wait_for_load_state()
    assert "are stopped" in page.content()
    assert Subscription.objects.get(token=token).unsubscribed_at is not None
