"""The OpenAPI 3.1 document: valid, complete, and (through the ``api`` fixture) true to every answer."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_the_document_is_valid_openapi_3_1(client):
    response = client.get("/open311/v2/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = response.json()
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_every_resource_is_documented_in_both_formats(client):
    paths = set(client.get("/open311/v2/openapi.json").json()["paths"])
    for resource in [
        "/discovery",
        "/services",
        "/services/{service_code}",
        "/requests",
        "/requests/{service_request_id}",
        "/requests/{service_request_id}/updates",
        "/tokens/{token}",
    ]:
        assert {f"{resource}.json", f"{resource}.xml"} <= paths


def test_the_documented_operations_answer(api, city, api_key):
    """A walk through the documented GETs: the ``api`` fixture checks each answer against the document."""
    from .conftest import SOUTH

    created = api.post(
        "requests.json", {"api_key": api_key, "service_code": "pothole", **SOUTH, "attribute[size]": "small"}
    )
    number = created.json()[0]["service_request_id"]
    for fmt in ("json", "xml"):
        for path in [
            "discovery",
            "services",
            "services/pothole",
            "requests",
            f"requests/{number}",
            f"requests/{number}/updates",
        ]:
            assert (
                api.get(f"{path}.{fmt}", {"extensions": "true"} if path.startswith("requests") else {}).status_code
                == 200
            )
