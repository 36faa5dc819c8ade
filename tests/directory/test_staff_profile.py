"""What each staff role may see and change on a case (StaffProfile)."""

from __future__ import annotations

import pytest

from cityline.cases import actions
from cityline.directory.models import Department, StaffProfile

pytestmark = pytest.mark.django_db


def profile(django_user_model, name, role, *slugs):
    user = django_user_model.objects.create_user(name)
    staff = StaffProfile.objects.create(user=user, role=role)
    staff.departments.set(Department.objects.filter(slug__in=slugs))
    return StaffProfile.objects.get(pk=staff.pk)


def test_department_staff_work_their_departments_cases_and_only_read_others(city, django_user_model):
    case = actions.open_case(service_type="pothole", channel="web", attributes={"size": "small"}, lat=38.04, lon=-97.93)
    works = profile(django_user_model, "dana", "department_staff", "public-works")
    clerk = profile(django_user_model, "chris", "department_staff", "city-clerk")
    assert works.can_work(case) and works.can_see_private(case) and "close" in works.allowed_actions(case)
    assert not clerk.can_work(case) and not clerk.can_see_private(case) and clerk.allowed_actions(case) == frozenset()


def test_a_shared_case_shows_its_private_side_and_takes_notes_but_stays_with_its_owner(city, django_user_model):
    case = actions.open_case(service_type="pothole", channel="web", attributes={"size": "small"}, lat=38.04, lon=-97.93)
    clerk = profile(django_user_model, "chris", "department_staff", "city-clerk")
    actions.share(case, department=Department.objects.get(slug="city-clerk"), actor="Dana")
    clerk = StaffProfile.objects.get(pk=clerk.pk)
    assert clerk.can_see_private(case)
    assert clerk.allowed_actions(case) == frozenset({"note"})


def test_call_takers_note_and_reopen_supervisors_do_everything(city, django_user_model):
    case = actions.open_case(service_type="pothole", channel="web", attributes={"size": "small"}, lat=38.04, lon=-97.93)
    taker = profile(django_user_model, "casey", "call_taker")
    boss = profile(django_user_model, "sam", "supervisor")
    assert taker.allowed_actions(case) == frozenset({"note", "reopen"}) and taker.can_see_private(case)
    assert taker.takes_calls and not taker.works_queue and not taker.supervises
    assert {"close", "merge", "assign"} <= boss.allowed_actions(case) and boss.supervises
