"""The call-taker's screen through HTTP: a call starts, suggestions follow the words, and each
outcome ends the interaction with its duration."""

from __future__ import annotations

import pytest

from cityline.cases.models import Case, Interaction, Requester
from cityline.directory.models import Department
from cityline.knowledge.models import Article

from .conftest import pothole

pytestmark = pytest.mark.django_db


@pytest.fixture
def taker(people, as_user):
    return as_user(people["call_taker"])


def start(client, **data) -> Interaction:
    response = client.post("/console/calls/start/", data)
    assert response.status_code == 302
    return Interaction.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def test_a_call_opens_an_interaction_and_shows_the_timer_and_the_callers_history(taker, people):
    earlier = pothole(
        requester=__import__("cityline.cases.actions", fromlist=["RequesterInfo"]).RequesterInfo(
            phone="(620) 555-0177", language="es"
        )
    )
    call = start(taker, number="620-555-0177")
    assert call.agent == people["call_taker"] and call.channel == "phone" and call.ended_at is None
    assert call.language == "es"  # their language last time
    page = taker.get(f"/console/calls/{call.pk}/").content.decode()
    assert 'id="call-timer"' in page and "+16205550177" in page
    assert earlier.display_number in page and "prefers es" in page


def test_suggestions_follow_the_words(taker):
    call = start(taker)
    page = taker.get(f"/console/calls/{call.pk}/assist/", {"text": "there is a pothole on my street"}).content.decode()
    assert "Pothole" in page and 'data-pick="1"' in page
    emergency = taker.get(
        f"/console/calls/{call.pk}/assist/", {"text": "my neighbor's house is on fire"}
    ).content.decode()
    assert "Please hang up and dial 911 now." in emergency and 'hx-swap-oob="true"' in emergency
    spanish = taker.get(
        f"/console/calls/{call.pk}/assist/", {"text": "la casa de mi vecino está en llamas", "language": "es"}
    ).content.decode()
    assert "Por favor, cuelgue y marque al 911 ahora." in spanish


def test_an_answer_from_the_knowledge_base_ends_the_call_as_information(taker):
    call = start(taker, language="es")
    article = Article.objects.get(language="es", key="trash-day")
    response = taker.post(
        f"/console/calls/{call.pk}/answered/",
        {"article": article.pk, "text": "qué día pasa la basura", "language": "es"},
    )
    call.refresh_from_db()
    assert response.status_code == 302 and call.outcome == "information" and call.article == article
    assert call.language == "es" and call.summary == "qué día pasa la basura" and call.duration is not None
    page = taker.get(response["Location"]).content.decode()
    assert "Call ended" in page and "Information given" in page


def test_a_transfer_is_logged_with_the_department(taker):
    call = start(taker)
    works = Department.objects.get(slug="public-works")
    taker.post(f"/console/calls/{call.pk}/transfer/", {"department": works.pk, "text": "I need streets"})
    call.refresh_from_db()
    assert call.outcome == "transfer" and call.department == works


def test_a_case_is_opened_for_the_caller_and_its_number_is_shown_to_read_back(taker, people):
    call = start(taker, number="6205550188")
    text = "big pothole in front of 200 S Main St"
    form = taker.get(f"/console/calls/{call.pk}/case/", {"service": "pothole", "text": text}, HTTP_HX_REQUEST="true")
    html = form.content.decode()
    assert 'value="200 S Main St"' in html and "Found on the map" in html and "+16205550188" in html
    response = taker.post(
        f"/console/calls/{call.pk}/case/open/",
        {
            "service": "pothole",
            "description": text,
            "address": "200 S Main St",
            "lat": "38.05",
            "lon": "-97.93",
            "attr_size": "large",
            "text": text,
        },
    )
    assert response.status_code == 302
    call.refresh_from_db()
    case = call.case
    assert call.outcome == "case_opened" and case.channel == "phone" and case.attributes == {"size": "large"}
    assert case.events.get(kind="opened").who == "Casey Taylor"
    page = taker.get(response["Location"]).content.decode()
    assert case.display_number in page
    groups = [" ".join(case.number[i : i + 4]) for i in range(0, 10, 4)]
    assert all(f"<span>{group}</span>" in page for group in groups)


def test_a_refused_case_keeps_everything_typed_and_says_what_to_fix(taker):
    call = start(taker)
    response = taker.post(
        f"/console/calls/{call.pk}/case/open/",
        {
            "service": "pothole",
            "description": "deep hole by the school",
            "address": "",
            "text": "deep hole by the school",
        },
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "give a location" in page and "How big is it?: an answer is required" in page
    assert "deep hole by the school" in page
    assert not Case.objects.exists() and Interaction.objects.get(pk=call.pk).ended_at is None


def test_contact_is_asked_only_when_the_service_needs_it(taker):
    call = start(taker)
    response = taker.post(
        f"/console/calls/{call.pk}/case/open/",
        {"service": "wrong-directory-entry", "description": "the clerk's number is wrong", "address": "100 N Main St"},
    )
    assert response.status_code == 422 and "needs a phone number or an e-mail address" in response.content.decode()
    taker.post(
        f"/console/calls/{call.pk}/case/open/",
        {
            "service": "wrong-directory-entry",
            "description": "the clerk's number is wrong",
            "address": "100 N Main St",
            "phone": "620 555 0199",
        },
    )
    assert Requester.objects.get().phone == "+16205550199"


def test_status_of_an_existing_case_is_found_by_number_and_given(taker):
    case = pothole()
    call = start(taker)
    found = taker.get(f"/console/calls/{call.pk}/lookup/", {"q": case.display_number}).content.decode()
    assert case.display_number in found and "Status given" in found
    taker.post(f"/console/calls/{call.pk}/status/", {"case": case.number})
    call.refresh_from_db()
    assert call.outcome == "status_given" and call.case == case
    wrong = taker.get(
        f"/console/calls/{call.pk}/lookup/", {"q": case.number[:-1] + str((int(case.number[-1]) + 1) % 10)}
    )
    assert "not valid" in wrong.content.decode()


def test_the_911_advisory_and_a_hang_up_end_the_call(taker):
    call = start(taker)
    taker.post(f"/console/calls/{call.pk}/emergency/", {"text": "smoke coming from the house next door"})
    call.refresh_from_db()
    assert call.outcome == "emergency_advisory" and not Case.objects.exists()
    other = start(taker)
    taker.post(f"/console/calls/{other.pk}/abandoned/")
    assert Interaction.objects.get(pk=other.pk).outcome == "abandoned"


def test_an_escalation_opens_a_complaint_case_for_the_supervisors(taker, city):
    city.policy["complaint_service"] = "wrong-directory-entry"
    city.save()
    from cityline.core.models import forget_current_jurisdiction

    forget_current_jurisdiction()
    call = start(taker, number="6205550111")
    form = taker.get(f"/console/calls/{call.pk}/escalate/", {"text": "nobody called me back"}).content.decode()
    assert "Escalation" in form and "+16205550111" in form
    taker.post(
        f"/console/calls/{call.pk}/escalate/open/",
        {"service": "wrong-directory-entry", "description": "nobody called me back", "phone": "+16205550111"},
    )
    call.refresh_from_db()
    assert call.outcome == "escalated" and call.case.service_type.code == "wrong-directory-entry"


def test_without_a_complaint_type_an_escalation_is_still_logged(taker):
    call = start(taker)
    taker.post(f"/console/calls/{call.pk}/escalate/open/", {"text": "wants the manager"})
    call.refresh_from_db()
    assert call.outcome == "escalated" and call.summary == "wants the manager" and call.case is None


def test_an_ended_call_cannot_end_twice(taker):
    call = start(taker)
    taker.post(f"/console/calls/{call.pk}/emergency/")
    taker.post(f"/console/calls/{call.pk}/abandoned/")
    assert Interaction.objects.get(pk=call.pk).outcome == "emergency_advisory"


def test_without_script_the_screen_still_takes_a_case_through_plain_pages(taker):
    call = start(taker)
    page = taker.get(f"/console/calls/{call.pk}/", {"text": "pothole by 200 S Main St"}).content.decode()
    link = page.split('data-pick="1" href="')[1].split('"')[0].replace("&amp;", "&")
    form = taker.get(link).content.decode()
    assert 'id="case-form"' in form and 'value="200 S Main St"' in form
    taker.post(
        f"/console/calls/{call.pk}/case/open/",
        {"service": "pothole", "description": "pothole", "address": "200 S Main St", "attr_size": "small"},
    )
    assert Interaction.objects.get(pk=call.pk).outcome == "case_opened"


def test_spanish_words_suggest_switching_the_callers_language(taker):
    call = start(taker, language="en")
    page = taker.get(
        f"/console/calls/{call.pk}/assist/", {"text": "hay un bache muy grande en mi calle"}
    ).content.decode()
    assert 'id="language-hint"' in page
