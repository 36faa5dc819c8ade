"""The one search box answers Hutchinson's most common questions, in English and in Spanish."""

from __future__ import annotations

import pytest

from tests.portal.helpers import warm_search

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]


def test_search_answers_trash_pickup_day_and_the_water_bill_in_spanish(page, hutchinson):
    warm_search()
    page.goto("/")
    page.get_by_label("What do you need?").fill("trash pickup day")
    page.get_by_label("What do you need?").press("Enter")
    page.wait_for_load_state()
    answers = page.get_by_role("region", name="Best answers for “trash pickup day”")
    assert "When is my trash picked up?" in answers.inner_text()
    assert answers.get_by_role("link", name="(620) 555-0130").get_attribute("href") == "tel:+16205550130"
    assert axe_violations(page) == []
    screenshot(page, "search-trash-pickup-day")

    page.get_by_role("button", name="Español").click()
    page.wait_for_load_state()
    page.get_by_label("¿Qué necesita?").fill("¿dónde pago mi factura de agua?")
    page.get_by_label("¿Qué necesita?").press("Enter")
    page.wait_for_load_state()
    answers = page.get_by_role("region", name="Mejores respuestas para “¿dónde pago mi factura de agua?”")
    text = answers.inner_text()
    assert "¿Cómo pago mi recibo del agua?" in text and "Facturación de Servicios Públicos" in text
    answers.get_by_role("link", name="¿Cómo pago mi recibo del agua?").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "¿Cómo pago mi recibo del agua?"
    screenshot(page, "article-water-bill-es")
