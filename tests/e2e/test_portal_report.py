"""Reporting a problem in a real browser: with a photo and a map pin, in English and Spanish, with
JavaScript turned off, and stopped when it may be an emergency."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from PIL import Image

from cityline.cases.models import Case
from tests.portal.helpers import warm_search

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def photo_bytes() -> bytes:
    image = Image.new("RGB", (800, 600), (90, 90, 90))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (38.0, 3.0, 39.6), 3: "W", 4: (97.0, 55.0, 48.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def settle(page) -> None:
    page.wait_for_load_state()
    page.evaluate("document.fonts.ready")


WORDS = {
    "en": {
        "describe": "There is a deep pothole in the road by the school",
        "continue": "Continue",
        "large": "Large",
        "send": "Send my report",
        "thanks": "Thank you. Your report is in.",
    },
    "es": {
        "describe": "Hay un bache enorme en la calle frente a la escuela",
        "continue": "Continuar",
        "large": "Grande",
        "send": "Enviar mi reporte",
        "thanks": "Gracias. Recibimos su reporte.",
    },
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_report_with_a_photo_and_a_map_pin(page, city, language):
    warm_search()
    words = WORDS[language]
    page.goto("/report/")
    if language == "es":
        page.get_by_role("button", name="Español").click()
        settle(page)
        assert page.locator("html").get_attribute("lang") == "es"
    page.get_by_role("textbox").fill(words["describe"])
    page.get_by_role("button", name=words["continue"]).click()
    settle(page)
    screenshot(page, f"report-2-type-{language}")
    # Triage's best guess is offered first.
    page.locator("label[for=service-pothole]").click()
    page.get_by_role("button", name=words["continue"]).click()
    settle(page)
    page.get_by_text(words["large"], exact=True).click()
    map_box = page.locator("#report-map")
    map_box.wait_for(state="visible")
    page.wait_for_function("document.querySelector('#report-map .leaflet-interactive') !== null")
    map_box.scroll_into_view_if_needed()
    box = map_box.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("document.querySelector('input[name=lat]').value !== ''")
    assert page.locator("input[name=pinned]").input_value() == "1"
    page.locator("input[name=photos]").set_input_files(
        files=[{"name": "pothole.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}]
    )
    screenshot(page, f"report-3-details-{language}")
    page.get_by_role("button", name=words["continue"]).last.click()
    settle(page)
    assert "/report/review/" in page.url
    screenshot(page, f"report-4-review-{language}")
    page.get_by_role("button", name=words["send"]).click()
    settle(page)
    assert words["thanks"] in page.content()
    case = Case.objects.get()
    assert case.language == language and case.lat is not None and case.attributes["size"] == "large"
    assert case.display_number in page.locator("#case-number").inner_text()
    assert case.attachments.count() == 1
    screenshot(page, f"report-5-sent-{language}")


def test_report_without_javascript(no_js_page, city):
    warm_search()
    page = no_js_page
    page.goto("/report/")
    page.get_by_role("textbox").fill("Pothole on Main Street")
    page.get_by_role("button", name="Continue").click()
    page.locator("label[for=service-pothole]").click()
    page.get_by_role("button", name="Continue").click()
    assert not page.locator("#map-block").is_visible()  # the map needs JavaScript; the address box does not
    page.get_by_text("Small", exact=True).click()
    page.get_by_label("Street address or nearest address").fill("100 north mian street")
    page.get_by_role("button", name="Find address").click()
    assert "Which of these addresses?" in page.content()
    page.get_by_text("100 N Main St", exact=True).click()
    page.locator("input[name=photos]").set_input_files(
        files=[{"name": "pothole.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}]
    )
    page.get_by_role("button", name="Continue").last.click()
    assert "/report/review/" in page.url and "100 N Main St" in page.content()
    page.get_by_role("button", name="Send my report").click()
    case = Case.objects.get()
    assert case.address == "100 N Main St" and case.attachments.count() == 1
    assert case.display_number in page.content()


def test_a_possible_emergency_stops_the_report(phone_page, city):
    warm_search()
    page = phone_page
    page.goto("/report/")
    page.get_by_role("textbox").fill("My neighbor's house is on fire and smoke is everywhere")
    page.get_by_role("button", name="Continue").click()
    settle(page)
    assert "This may be an emergency. Call 911 now." in page.content()
    assert page.get_by_role("link", name="Call 911").get_attribute("href") == "tel:911"
    assert axe_violations(page) == []
    screenshot(page, "report-emergency-phone")
    assert Case.objects.count() == 0
