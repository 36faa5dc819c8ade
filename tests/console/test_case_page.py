"""The case page: what each role sees, and every action going through cases.actions."""

from __future__ import annotations

import pytest

from cityline.cases import actions
from cityline.cases.actions import RequesterInfo
from cityline.console.models import ResponseTemplate
from cityline.directory.models import Department

from .conftest import NORTH, pothole

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(people):
    opened = pothole(requester=RequesterInfo(first_name="Maria", last_name="Lopez", phone="6205550142"))
    actions.add_note(opened, "Crew says it is under the bridge", public=False, actor=people["works"])
    return opened


def test_the_owning_department_sees_requester_and_internal_notes(case, people, as_user):
    page = as_user(people["works"]).get(f"/console/cases/{case.number}/").content.decode()
    assert "Maria Lopez" in page and "+16205550142" in page and "Crew says it is under the bridge" in page
    assert 'id="case-map"' in page and "city-map" in page


def test_another_department_sees_only_the_public_side_until_it_is_shared(case, people, as_user):
    client = as_user(people["clerk"])
    page = client.get(f"/console/cases/{case.number}/").content.decode()
    assert "Maria Lopez" not in page and "under the bridge" not in page and 'id="public-view"' in page
    assert client.post(f"/console/cases/{case.number}/note/", {"text": "hi"}).status_code == 403
    as_user(people["works"]).post(
        f"/console/cases/{case.number}/share/", {"department": Department.objects.get(slug="city-clerk").pk}
    )
    client = as_user(people["clerk"])
    page = client.get(f"/console/cases/{case.number}/").content.decode()
    assert "Maria Lopez" in page and "under the bridge" in page
    client.post(f"/console/cases/{case.number}/note/", {"text": "Not on our list"})
    assert case.events.filter(kind="note", note="Not on our list").get().who == "Chris Lee"


def test_a_worker_acknowledges_assigns_holds_resumes_and_closes_with_a_public_note(case, people, as_user):
    client = as_user(people["works"])
    base = f"/console/cases/{case.number}"
    assert client.post(f"{base}/acknowledge/").status_code == 302
    client.post(f"{base}/assign/", {"assignee": people["works"].pk, "note": "mine"})
    client.post(f"{base}/hold/", {"reason": "Waiting for dry weather"})
    case.refresh_from_db()
    assert case.status == "on_hold" and case.assignee == people["works"]
    client.post(f"{base}/resume/", {"note": "Crew on the way"})
    client.post(f"{base}/close/", {"reason": "resolved", "note": "Filled today. Thank you!"})
    case.refresh_from_db()
    assert case.status == "closed" and case.closing_reason == "resolved"
    assert case.public().status_notes == "Filled today. Thank you!"
    kinds = [e.kind for e in case.events.all()]
    assert kinds[-5:] == ["acknowledged", "assigned", "on_hold", "resumed", "closed"]
    assert {e.who for e in case.events.all()[2:]} == {"Dana Reyes"}
    page = client.get(f"{base}/").content.decode()
    assert "Reopen" in page and "Close case" not in page


def test_a_refused_change_says_why_and_keeps_the_text(case, people, as_user):
    client = as_user(people["works"])
    response = client.post(f"/console/cases/{case.number}/close/", {"reason": "nonsense", "note": "my careful words"})
    page = response.content.decode()
    assert response.status_code == 422 and "Select a valid choice" in page and "my careful words" in page
    client.post(f"/console/cases/{case.number}/close/", {"reason": "resolved"})
    again = client.post(f"/console/cases/{case.number}/hold/", {"reason": "x"})
    assert again.status_code == 422 and "is closed; reopen it first" in again.content.decode()


def test_nearby_duplicates_are_offered_and_merged(case, people, as_user):
    twin = pothole()
    client = as_user(people["works"])
    page = client.get(f"/console/cases/{twin.number}/").content.decode()
    assert 'id="duplicate-candidates"' in page and case.display_number in page
    client.post(f"/console/cases/{twin.number}/merge/", {"parent": case.number})
    twin.refresh_from_db()
    assert twin.parent == case and twin.closing_reason == "duplicate"
    wrong = client.post(f"/console/cases/{case.number}/merge/", {"parent": "123"})
    assert wrong.status_code == 422 and "A case number has 10 digits" in wrong.content.decode()


def test_call_takers_reopen_but_cannot_close(case, people, as_user):
    taker = as_user(people["call_taker"])
    assert taker.post(f"/console/cases/{case.number}/close/", {"reason": "resolved"}).status_code == 403
    actions.close(case, reason="resolved", note="done")
    taker.post(f"/console/cases/{case.number}/reopen/", {"reason": "Caller says the hole is back"})
    case.refresh_from_db()
    assert case.is_open and case.events.get(kind="reopened").who == "Casey Taylor"


def test_response_templates_for_the_type_come_first_in_the_cases_language(case, people, as_user):
    ResponseTemplate.objects.create(name="Any", text="Thanks for telling us.")
    ResponseTemplate.objects.create(
        name="Patched",
        service_type=case.service_type,
        text="We patched it.",
        translations={"es": {"text": "Lo reparamos."}},
    )
    assert [t.name for t in ResponseTemplate.for_case(case)] == ["Patched", "Any"]
    page = as_user(people["works"]).get(f"/console/cases/{case.number}/").content.decode()
    assert 'data-text="We patched it."' in page
    spanish = pothole(language="es")
    page = as_user(people["works"]).get(f"/console/cases/{spanish.number}/").content.decode()
    assert 'data-text="Lo reparamos."' in page


def test_a_supervisor_moves_a_case_to_another_department(people, as_user):
    case = pothole(NORTH)
    client = as_user(people["supervisor"])
    client.post(f"/console/cases/{case.number}/service-type/", {"service": "wrong-directory-entry", "note": ""})
    client.post(f"/console/cases/{case.number}/assign/", {"department": Department.objects.get(slug="public-works").pk})
    case.refresh_from_db()
    assert case.service_type.code == "wrong-directory-entry" and case.department.slug == "public-works"


def test_an_unknown_case_number_is_a_404(people, as_user):
    assert as_user(people["works"]).get("/console/cases/1234567890/").status_code == 404
