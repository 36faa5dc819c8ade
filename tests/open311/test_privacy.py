"""No resident's name, phone, e-mail or contact details in any Open311 answer, in either format."""

from __future__ import annotations

import pytest

from cityline.cases import actions

from .conftest import SOUTH, report

pytestmark = pytest.mark.django_db

PERSONAL = [
    "Dana",
    "Whitfield",
    "555-0142",
    "5550142",
    "dana@example.org",
    "Sam",
    "Okafor",
    "sam@example.org",
    "0177",
    "ios-5F2C",
    "acct-991",
]


def test_no_personal_data_in_any_answer(api, city, api_key):
    by_portal = report()
    actions.add_note(by_portal, "Called Dana Whitfield back at 620-555-0142", public=False)
    actions.add_note(by_portal, "Crew scheduled for Thursday", public=True)
    posted = api.post(
        "requests.json",
        {
            "api_key": api_key,
            "service_code": "wrong-directory-entry",
            **SOUTH,
            "first_name": "Sam",
            "last_name": "Okafor",
            "email": "sam@example.org",
            "phone": "620-555-0177",
            "device_id": "ios-5F2C",
            "account_id": "acct-991",
        },
    )
    assert posted.status_code == 201
    by_app = posted.json()[0]["service_request_id"]
    bodies = [posted.content]
    for fmt in ("json", "xml"):
        for path, params in [
            (f"requests.{fmt}", {}),
            (f"requests.{fmt}", {"extensions": "true"}),
            (f"requests/{by_portal.number}.{fmt}", {"extensions": "true"}),
            (f"requests/{by_app}.{fmt}", {"extensions": "true"}),
            (f"requests/{by_portal.number}/updates.{fmt}", {}),
            (f"requests/{by_app}/updates.{fmt}", {}),
        ]:
            response = api.get(path, params)
            assert response.status_code == 200
            bodies.append(response.content)
    text = b"\n".join(bodies).decode()
    assert "Crew scheduled for Thursday" in text  # public notes are shown …
    assert "Called Dana" not in text  # … internal ones are not
    for secret in PERSONAL:
        assert secret not in text, secret
