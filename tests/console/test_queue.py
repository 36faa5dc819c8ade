"""The department work queue: my departments' cases, filters, SLA badges, keyset pages, bulk actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from cityline.cases import actions
from cityline.cases.models import Case

from .conftest import NORTH, pothole

pytestmark = pytest.mark.django_db


def numbers_on(page: str, cases) -> list[str]:
    return [c.display_number for c in cases if c.display_number in page]


def test_department_staff_see_only_their_departments_cases(people, as_user):
    ours, theirs = pothole(), pothole(NORTH)
    page = as_user(people["works"]).get("/console/queue/").content.decode()
    assert numbers_on(page, [ours, theirs]) == [ours.display_number]
    everything = as_user(people["supervisor"]).get("/console/queue/").content.decode()
    assert numbers_on(everything, [ours, theirs]) == [ours.display_number, theirs.display_number]


def test_breached_cases_are_badged_counted_and_filtered(people, as_user):
    with time_machine.travel(timezone.now() - timedelta(days=30)):
        late = pothole(description="old one")
    fresh = pothole(description="new one")
    client = as_user(people["works"])
    page = client.get("/console/queue/").content.decode()
    assert "cl-badge--breached" in page and "cl-badge--on_time" in page
    only = client.get("/console/queue/", {"sla": "breached"}).content.decode()
    assert numbers_on(only, [late, fresh]) == [late.display_number]


def test_the_queue_pages_through_with_a_cursor_without_repeating_a_case(people, as_user):
    opened = [pothole() for _ in range(55)]
    client = as_user(people["works"])
    first = client.get("/console/queue/", {"sort": "newest"})
    next_url = first.content.decode().split('id="next-page" href="')[1].split('"')[0].replace("&amp;", "&")
    second = client.get("/console/queue/" + next_url).content.decode()
    on_first = set(numbers_on(first.content.decode(), opened))
    on_second = set(numbers_on(second, opened))
    assert len(on_first) == 50 and len(on_second) == 5 and not on_first & on_second


def test_filters_by_words_type_and_assignee(people, as_user):
    mine = pothole(description="crater near the library")
    other = pothole(description="small dip")
    actions.assign(mine, assignee=people["works"], actor=people["supervisor"])
    client = as_user(people["works"])
    assert numbers_on(client.get("/console/queue/", {"q": "library crat"}).content.decode(), [mine, other]) == [
        mine.display_number
    ]
    assert numbers_on(client.get("/console/queue/", {"assignee": "me"}).content.decode(), [mine, other]) == [
        mine.display_number
    ]
    assert numbers_on(client.get("/console/queue/", {"assignee": "none"}).content.decode(), [mine, other]) == [
        other.display_number
    ]


def test_bulk_acknowledge_goes_through_the_domain_with_the_workers_name(people, as_user):
    first, second = pothole(), pothole()
    theirs = pothole(NORTH)
    response = as_user(people["works"]).post(
        "/console/queue/bulk/",
        {"action": "acknowledge", "case": [first.number, second.number, theirs.number]},
        follow=True,
    )
    page = response.content.decode()
    assert "Done for 2 case(s)." in page and f"{theirs.display_number}: not in your departments" in page
    for case in (first, second):
        case.refresh_from_db()
        assert case.status == "acknowledged" and case.events.get(kind="acknowledged").who == "Dana Reyes"
    assert Case.objects.get(pk=theirs.pk).status == "new"


def test_bulk_close_needs_a_reason_and_reports_refusals(people, as_user):
    case = pothole()
    client = as_user(people["works"])
    response = client.post("/console/queue/bulk/", {"action": "hold", "case": [case.number]}, follow=True)
    assert "say why the case is on hold" in response.content.decode()
    client.post(
        "/console/queue/bulk/",
        {"action": "close", "closing_reason": "resolved", "reason": "Patched", "case": [case.number]},
    )
    case.refresh_from_db()
    assert case.status == "closed" and case.public().status_notes == "Patched"
    nothing = client.post("/console/queue/bulk/", {"action": "acknowledge"}, follow=True)
    assert "Select at least one case first" in nothing.content.decode()
