"""Sharing a case with another department: recorded in the internal history, owner unchanged."""

from __future__ import annotations

import pytest

from cityline.cases import actions
from cityline.cases.actions import CaseError
from cityline.directory.models import Department

pytestmark = pytest.mark.django_db


def test_sharing_is_an_internal_history_line_and_can_be_undone(city, django_user_model):
    worker = django_user_model.objects.create_user("dana", first_name="Dana", last_name="Reyes")
    case = actions.open_case(service_type="pothole", channel="web", attributes={"size": "small"}, lat=38.04, lon=-97.93)
    clerk = Department.objects.get(slug="city-clerk")
    case = actions.share(case, department=clerk, actor=worker, note="Is this on the clerk's list?")
    assert list(case.shared_with.all()) == [clerk] and case.department.slug == "public-works"
    event = case.events.get(kind="shared")
    assert not event.public and event.who == "Dana Reyes" and event.data == {"department": "city-clerk"}
    actions.share(case, department=clerk, actor=worker)  # twice is once
    assert case.events.filter(kind="shared").count() == 1
    case = actions.unshare(case, department=clerk, actor=worker)
    assert not case.shared_with.exists() and case.events.filter(kind="unshared").count() == 1
    assert case.public().history[-1].kind == "opened"  # nothing of it is public


def test_a_case_is_not_shared_with_its_own_department(city):
    case = actions.open_case(service_type="pothole", channel="web", attributes={"size": "small"}, lat=38.04, lon=-97.93)
    with pytest.raises(CaseError, match="already with Public Works"):
        actions.share(case, department=case.department)
