"""Extension: the public status updates of a request, for followers and aggregators."""

from __future__ import annotations

import pytest

from cityline.cases import actions

from .conftest import errors, report

pytestmark = pytest.mark.django_db


def test_updates_list_public_history_oldest_first(api, city):
    case = report()
    actions.acknowledge(case)
    actions.add_note(case, "Internal: check the budget code", public=False)
    actions.hold(case, reason="Waiting for dry weather to patch")
    actions.resume(case, note="Crew back out")
    actions.close(case, reason="resolved", note="Patched.")
    updates = api.both(f"requests/{case.number}/updates")
    assert [(u["kind"], u["status"], u.get("detailed_status"), u.get("description")) for u in updates] == [
        ("opened", "open", "new", None),
        ("acknowledged", "open", "acknowledged", None),
        ("on_hold", "open", "on_hold", "Waiting for dry weather to patch"),
        ("resumed", "open", "in_progress", "Crew back out"),
        ("closed", "closed", "closed", "Patched."),
    ]
    assert len({u["update_id"] for u in updates}) == 5
    assert all(u["service_request_id"] == case.number for u in updates)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_updates_of_an_unknown_request_are_404(api, city, fmt):
    response = api.get(f"requests/1234567890/updates.{fmt}")
    assert response.status_code == 404 and errors(response)
