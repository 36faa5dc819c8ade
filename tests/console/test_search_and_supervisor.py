"""Search as you type, and the supervisor's view of queue health and today's calls."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from cityline.cases.interactions import end_interaction, start_interaction

from .conftest import NORTH, pothole

pytestmark = pytest.mark.django_db


def test_a_whole_case_number_goes_to_its_page_and_part_of_one_lists_it(people, as_user):
    case = pothole()
    client = as_user(people["clerk"])  # another department: found by number all the same
    response = client.get("/console/search/", {"q": case.display_number})
    assert response.status_code == 302 and response["Location"] == f"/console/cases/{case.number}/"
    partial = client.get("/console/search/", {"q": case.number[:7]}, HTTP_HX_REQUEST="true").content.decode()
    assert case.display_number in partial


def test_words_and_addresses_are_searched_as_typed_within_the_departments_one_may_see(people, as_user):
    ours = pothole(description="Huge crater by the school", address="200 S Main St")
    theirs = pothole(NORTH, description="Crater on the north side")
    works = as_user(people["works"])
    page = works.get("/console/search/", {"q": "crat"}).content.decode()
    assert ours.display_number in page and theirs.display_number not in page
    assert ours.display_number in works.get("/console/search/", {"q": "200 s mai"}).content.decode()
    everything = as_user(people["supervisor"]).get("/console/search/", {"q": "crater"}).content.decode()
    assert ours.display_number in everything and theirs.display_number in everything


def test_a_mistyped_case_number_says_so(people, as_user):
    case = pothole()
    wrong = case.number[:-1] + str((int(case.number[-1]) + 1) % 10)
    page = as_user(people["works"]).get("/console/search/", {"q": wrong}).content.decode()
    assert "not valid: please check the digits" in page


def test_the_supervisor_sees_queue_health_escalations_and_each_call_takers_day(people, as_user, city):
    city.policy["complaint_service"] = "wrong-directory-entry"
    city.save()
    from cityline.core.models import forget_current_jurisdiction

    forget_current_jurisdiction()
    with time_machine.travel(timezone.now() - timedelta(days=30)):
        late = pothole()
    pothole()
    from cityline.cases import actions
    from cityline.cases.actions import RequesterInfo

    complaint = actions.open_case(
        service_type="wrong-directory-entry",
        channel="phone",
        address="100 N Main St",
        requester=RequesterInfo(phone="6205550100"),
    )
    for seconds in (60, 120):
        call = start_interaction(channel="phone", agent=people["call_taker"])
        end_interaction(call, "information", at=call.started_at + timedelta(seconds=seconds))
    escalated = start_interaction(channel="phone", agent=people["call_taker"])
    end_interaction(escalated, "escalated", summary="wants to speak to the director")
    page = as_user(people["supervisor"]).get("/console/supervisor/").content.decode()
    assert "Public Works" in page and late.display_number in page.split('id="breached-list"')[1]
    assert complaint.display_number in page.split('id="escalation-list"')[1]
    assert "wants to speak to the director" in page
    agents = page.split('id="agents"')[1]
    assert "Casey Taylor" in agents and "<td>3</td>" in agents
    assert "Information given" in page.split('id="interaction-mix"')[1]
