"""Whole calls on the call-taker's screen, played with the keyboard only, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cityline.cases import actions
from cityline.cases.models import Interaction

from .conftest import axe_violations, screenshot
from .console_helpers import Keys, fresh_triage, sign_in, staff

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]


@pytest.fixture
def taker(page, live_server, city, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    fresh_triage()
    user = staff("casey", "call_taker", first="Casey", last="Taylor")
    sign_in(page, live_server, user)
    page.goto("/console/calls/")
    return Keys(page)


def start_call(keys: Keys, language: str | None = None) -> None:
    page = keys.page
    if language:
        page.locator("#id_language").select_option(language)
    keys.press("Alt+n")
    expect(page.locator("#call-text")).to_be_focused()
    expect(page.locator("#call-timer")).to_have_text(re.compile(r"0:0\d"))


def say(keys: Keys, words: str) -> None:
    keys.page.keyboard.type(words)
    # The first words of a process build triage's indexes for the city's catalog: allow for it.
    expect(keys.page.locator("#assist .cl-picks")).to_be_visible(timeout=20_000)


def last_call() -> Interaction:
    return Interaction.objects.order_by("-pk").first()


def test_an_information_call_is_answered_from_the_knowledge_base(taker):
    start_call(taker)
    say(taker, "what day is my trash picked up")
    expect(taker.page.locator(".cl-answer__readout").first).to_contain_text("Trash")
    taker.press("Alt+k")
    expect(taker.page.locator("h1")).to_contain_text("Information given")
    call = last_call()
    assert call.outcome == "information" and call.article.key == "trash-day" and call.summary.startswith("what day")


def test_a_caller_is_transferred_to_a_direct_line(taker):
    start_call(taker)
    say(taker, "I need to talk to someone about the storm drains on my street")
    expect(taker.page.locator("[data-key=transfer]")).to_be_visible()
    expect(taker.page.locator(".cl-line-number").first).to_contain_text("(620) 555-01")
    taker.press("Alt+t")
    expect(taker.page.locator("h1")).to_contain_text("Transferred")
    assert last_call().department.slug == "public-works"


def test_a_pothole_case_is_opened_in_a_few_keystrokes_and_read_back(taker):
    start_call(taker)
    say(taker, "there is a big pothole in front of 200 S Main St")
    expect(taker.page.locator('[data-pick="1"]')).to_contain_text("Pothole")
    screenshot(taker.page, "console-call-suggestions")
    taker.count = 0  # from here: the right type is suggested
    taker.press("Alt+1")
    expect(taker.page.locator("#address-found")).to_be_visible()
    expect(taker.page.locator("#case-form input[type=radio]").first).to_be_focused()
    taker.press("Space", "Control+Enter")
    expect(taker.page.locator("#case-number")).to_be_visible()
    assert taker.count <= 6, f"{taker.count} keystrokes from the suggestion to an open case"
    call = last_call()
    case = call.case
    assert call.outcome == "case_opened" and case.service_type.code == "pothole"
    assert case.address == "200 S Main St" and case.attributes == {"size": "small"}
    assert taker.page.locator("#case-number").inner_text() == case.display_number
    spoken = taker.page.locator("#case-number-spoken span").all_inner_texts()
    assert spoken == [" ".join(case.number[i : i + 4]) for i in range(0, len(case.number), 4)]
    assert axe_violations(taker.page) == []


def test_a_status_call_finds_the_case_by_number(taker):
    case = actions.open_case(service_type="pothole", channel="web", attributes={"size": "large"}, lat=38.04, lon=-97.93)
    start_call(taker)
    say(taker, "calling about my case")
    taker.press("Alt+s")
    taker.page.keyboard.type(case.display_number)
    expect(taker.page.locator("#lookup-list")).to_contain_text("Pothole")
    taker.press("Enter")
    expect(taker.page.locator("h1")).to_contain_text("Status given")
    assert last_call().case == case


def test_an_emergency_call_ends_with_the_911_advisory(taker):
    start_call(taker)
    say(taker, "my neighbor's house is on fire and there are people inside")
    alert = taker.page.locator("#emergency-alert")
    expect(alert).to_contain_text("Please hang up and dial 911 now.")
    taker.press("Alt+9")
    expect(taker.page.locator("h1")).to_contain_text("Told to dial 911")
    call = last_call()
    assert call.outcome == "emergency_advisory" and call.case is None


def test_a_spanish_caller_hears_the_answer_in_spanish(taker):
    start_call(taker, language="es")
    expect(taker.page.locator("#call-language")).to_have_value("es")
    say(taker, "¿qué día pasa el camión de la basura?")
    readout = taker.page.locator(".cl-answer").first
    expect(readout).to_have_attribute("lang", "es")
    expect(readout).to_contain_text("basura")
    taker.press("Alt+k")
    expect(taker.page.locator("h1")).to_contain_text("Information given")
    call = last_call()
    assert call.language == "es" and call.article.language == "es"
