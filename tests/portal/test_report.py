"""Report a problem: each step, its errors, the draft that keeps what was typed, and the case it makes."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from PIL import Image

from cityline.cases.actions import open_case
from cityline.cases.models import Case, Interaction

from .helpers import INSIDE, OUTSIDE, describe, phone_photo, report_pothole, send

pytestmark = pytest.mark.django_db

CHICAGO = ZoneInfo("America/Chicago")
# A Tuesday morning: Public Works (07:00-15:30) is open.
OPEN_HOURS = datetime(2026, 11, 17, 9, 0, tzinfo=CHICAGO)
# The same Tuesday at 9 pm: closed.
NIGHT = datetime(2026, 11, 17, 21, 0, tzinfo=CHICAGO)


def test_the_whole_report_makes_one_case_with_a_clean_photo(resident, city):
    with time_machine.travel(OPEN_HOURS, tick=False):
        response = report_pothole(resident, photos=[phone_photo()])
        assert response.status_code == 302 and response["Location"] == "/report/review/"
        review = resident.get("/report/review/").content.decode()
        assert "Pothole" in review and "Larger" not in review  # the minimal pack's answer is "Large"
        assert "Large" in review and "100 N Main St" in review and "1 photo" in review
        sent = send(resident)
    case = Case.objects.get()
    assert sent["Location"] == f"/report/sent/{case.number}/"
    assert (case.service_type.code, case.channel, case.language) == ("pothole", "web", "en")
    assert case.attributes == {"size": "large"}
    assert (case.lat, case.lon, case.address) == (38.061, -97.93, "100 N Main St")
    page = resident.get(sent["Location"]).content.decode()
    # 100 N Main St is in the north district, where the pack routes potholes to the clerk.
    assert case.display_number in page and "What happens next" in page and "City Clerk gets your report" in page
    assert "The city aims to have it done by" in page
    attachment = case.attachments.get()
    stored = Image.open(attachment.file)
    assert stored.format == "JPEG" and stored.size == (480, 640)  # turned upright
    assert not stored.getexif() and "comment" not in stored.info
    interaction = Interaction.objects.get(case=case)
    assert (interaction.channel, interaction.outcome) == ("web", "case_opened")


def test_a_double_submitted_report_makes_one_case(resident, city):
    report_pothole(resident)
    draft = resident.session["portal_report_draft"]["id"]
    first = resident.post("/report/review/", {"draft": draft})
    second = resident.post("/report/review/", {"draft": draft})
    assert Case.objects.count() == 1
    assert first["Location"] == second["Location"] == f"/report/sent/{Case.objects.get().number}/"


def test_a_missing_required_answer_is_explained_next_to_the_question_and_nothing_typed_is_lost(resident, city):
    response = report_pothole(resident, size="", address="200 S Main St", attribute_depth_cm="12")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Answer this question." in page
    assert 'id="id_attribute_size-error"' in page
    assert "A deep pothole in the road" in page and 'value="12"' in page and "200 S Main St" in page
    # Leaving and coming back keeps it too: the draft is on the server.
    again = resident.get("/report/details/").content.decode()
    assert 'value="12"' in again and "200 S Main St" in again


def test_a_number_question_refuses_words(resident, city):
    page = report_pothole(resident, attribute_depth_cm="deep").content.decode()
    assert "Enter a number, for example 3." in page


def test_a_pin_outside_the_city_is_refused_with_what_to_do(resident, city):
    response = report_pothole(resident, address="", lat=OUTSIDE[0], lon=OUTSIDE[1], pinned="1")
    assert response.status_code == 400
    assert "outside the City of Riverton" in response.content.decode()


def test_a_pin_inside_the_city_finds_the_nearest_address(resident, city):
    response = report_pothole(resident, address="", lat=INSIDE[0] + 0.0001, lon=INSIDE[1], pinned="1")
    assert response.status_code == 302
    draft = resident.session["portal_report_draft"]
    assert draft["address"] == "100 N Main St" and draft["pinned"] is True


def test_an_address_with_a_typo_offers_the_right_one(resident, city):
    response = report_pothole(resident, address="100 north mian street")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose the right address from the list" in page and "100 N Main St" in page
    resident.post(
        "/report/details/",
        {
            "description": "x",
            "attribute_size": "small",
            "address_choice": "38.061|-97.93|100 N Main St",
            "action": "continue",
        },
    )
    assert resident.session["portal_report_draft"]["address"] == "100 N Main St"


def test_an_unknown_address_can_be_used_as_written(resident, city):
    page = report_pothole(resident, address="behind the old mill").content.decode()
    assert "We could not find" in page and "Use the address as I wrote it" in page
    response = report_pothole(resident, address="behind the old mill", address_as_written="on")
    assert response.status_code == 302
    send(resident)
    assert Case.objects.get().address == "behind the old mill"


def test_find_address_lists_the_matches_without_an_error(resident, city):
    report_pothole(resident)
    response = resident.post(
        "/report/details/", {"address": "main st", "attribute_size": "small", "action": "find_address"}
    )
    page = response.content.decode()
    assert "Which of these addresses?" in page and "100 N Main St" in page and "200 S Main St" in page


def test_a_photo_too_large_or_not_a_photo_is_refused_by_name(resident, city, settings):
    settings.CITYLINE_PHOTO_MAX_BYTES = 20_000
    big = Image.effect_noise((800, 800), 90).convert("RGB")
    buffer = io.BytesIO()
    big.save(buffer, "JPEG", quality=95)
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = report_pothole(resident, photos=[SimpleUploadedFile("big.jpg", buffer.getvalue())]).content.decode()
    assert "“big.jpg” is larger than 19.5\xa0KB. Choose a smaller photo" in page
    settings.CITYLINE_PHOTO_MAX_BYTES = 10 * 1024 * 1024
    page = report_pothole(resident, photos=[SimpleUploadedFile("notes.pdf", b"%PDF-1.4 not a photo")]).content.decode()
    assert "“notes.pdf” is not a photo we can read" in page


def test_photos_are_kept_across_an_error_and_can_be_removed(resident, city):
    page = report_pothole(resident, size="", photos=[phone_photo("one.jpg"), phone_photo("two.jpg")]).content.decode()
    assert "one.jpg" in page and "two.jpg" in page
    resident.post(
        "/report/details/",
        {"attribute_size": "small", "address": "100 N Main St", "remove_photo": ["0"], "action": "continue"},
    )
    assert [p["name"] for p in resident.session["portal_report_draft"]["photos"]] == ["two.jpg"]


def test_a_possible_emergency_stops_the_flow_with_911_advice(resident, city):
    response = describe(resident, "My neighbor's house is on fire")
    assert response.status_code == 200
    page = response.content.decode()
    assert "This may be an emergency. Call 911 now." in page and 'href="tel:911"' in page
    assert Interaction.objects.get().outcome == "emergency_advisory"
    assert Case.objects.count() == 0


def test_a_maybe_asks_one_question_and_no_goes_on(resident, city):
    response = describe(resident, "there is a car crash at the corner")
    assert response["Location"] == "/report/safety/"
    assert "Is anyone in danger right now?" in resident.get("/report/safety/").content.decode()
    assert resident.post("/report/safety/", {"answer": "no"})["Location"] == "/report/type/"


def test_a_maybe_answered_yes_or_not_sure_shows_911(resident, city):
    describe(resident, "there is a car crash at the corner")
    page = resident.post("/report/safety/", {"answer": "not sure"}).content.decode()
    assert "Call 911 now" in page


def test_emergency_words_in_the_details_also_stop_the_flow(resident, city):
    report_pothole(resident)
    response = resident.post(
        "/report/details/",
        {
            "description": "pothole and now someone is bleeding and unconscious",
            "attribute_size": "small",
            "address": "100 N Main St",
            "action": "continue",
        },
    )
    assert "Call 911 now" in response.content.decode()


def test_an_emergency_only_type_after_hours_sends_to_911_before_any_form(resident, city):
    with time_machine.travel(NIGHT, tick=False):
        response = resident.get("/report/new/gas-smell/", follow=True)
    assert "If you smell gas, leave now and dial 911." in response.content.decode()


def test_suggestions_come_from_triage_best_first(resident, city):
    describe(resident, "hay un bache enorme en mi calle")
    page = resident.get("/report/type/").content.decode()
    suggested = page.split("Is it one of these?")[1]
    assert suggested.index('value="pothole"') < suggested.index('value="gas-smell"')


def test_without_triage_the_resident_chooses_from_the_list_by_group(resident, city, monkeypatch):
    from cityline.portal import triage

    monkeypatch.setattr(triage, "_triage_module", lambda: None)
    assert describe(resident, "hay un bache enorme en mi calle")["Location"] == "/report/type/"
    page = resident.get("/report/type/").content.decode()
    assert "Is it one of these?" not in page and "All kinds of problems, by group" in page
    assert "<summary" in page and "Streets" in page and "Safety" in page


def test_choosing_no_type_is_explained(resident, city):
    response = resident.post("/report/type/", {})
    assert response.status_code == 400 and "Choose the kind of problem from the list." in response.content.decode()


def test_contact_details_are_asked_only_when_the_type_needs_them(resident, city):
    resident.get("/report/new/pothole/")
    assert 'name="email"' not in resident.get("/report/details/").content.decode()
    resident.get("/report/new/wrong-directory-entry/")
    page = resident.get("/report/details/").content.decode()
    assert 'name="email"' in page and 'name="phone"' in page
    response = resident.post(
        "/report/details/", {"description": "wrong number", "address": "100 N Main St", "action": "continue"}
    )
    assert "needs a way to reach you" in response.content.decode()
    resident.post(
        "/report/details/",
        {
            "description": "wrong number",
            "address": "100 N Main St",
            "email": "me@example.org",
            "contact_preference": "email",
            "action": "continue",
        },
    )
    send(resident)
    case = Case.objects.get()
    assert case.requester.email == "me@example.org"
    assert case.subscriptions.get().address == "me@example.org"


def test_nearby_open_cases_of_the_same_type_are_offered_to_follow(resident, city):
    other = open_case(
        service_type="pothole", channel="phone", attributes={"size": "small"}, lat=INSIDE[0], lon=INSIDE[1]
    )
    report_pothole(resident)
    page = resident.get("/report/review/").content.decode()
    assert "Is this it?" in page and f"/cases/{other.number}/#follow" in page


def test_reports_per_client_are_rate_limited_without_losing_the_draft(resident, city, settings):
    settings.CITYLINE_REPORT_RATE = "1/h"
    report_pothole(resident)
    send(resident)
    report_pothole(resident, address="200 S Main St")
    response = send(resident)
    assert response.status_code == 429 and "Please wait a little" in response.content.decode()
    assert resident.session["portal_report_draft"]["address"] == "200 S Main St"
    assert Case.objects.count() == 1


def test_the_report_in_spanish_keeps_the_residents_language(spanish, city):
    spanish.get("/report/new/pothole/")
    page = spanish.get("/report/details/").content.decode()
    assert "¿Qué tan grande es?" in page and "Grande" in page
    report_pothole(spanish)
    send(spanish)
    case = Case.objects.get()
    assert case.language == "es"
    assert "Gracias" in spanish.get(f"/report/sent/{case.number}/").content.decode()


def test_steps_out_of_order_go_back_to_the_right_step(resident, city):
    assert resident.get("/report/details/")["Location"] == "/report/"
    assert resident.get("/report/review/")["Location"] == "/report/"
    resident.get("/report/new/pothole/")
    assert resident.get("/report/review/")["Location"] == "/report/details/"
    assert resident.get("/report/new/no-such-type/").status_code == 404


def test_start_over_forgets_the_draft(resident, city):
    report_pothole(resident, photos=[phone_photo()])
    resident.post("/report/start-over/")
    assert "portal_report_draft" not in resident.session
