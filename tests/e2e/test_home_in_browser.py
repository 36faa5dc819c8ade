"""The home page in a real browser: readable, accessible, and switchable to Spanish."""

from __future__ import annotations

import pytest

from .conftest import axe_violations

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]


def test_home_page_is_accessible_and_switches_language(page, city):
    page.goto("/")
    assert page.locator("h1").inner_text().startswith("Riverton 311")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Español").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"
    assert "Ciudad de Riverton" in page.content()
