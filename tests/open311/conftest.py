"""An Open311 client for tests that checks every answer it gets.

Each response is checked against the server's OpenAPI document (openapi-core) and, for JSON
answers, against the community's Open311 schemas; every date-time must carry an offset and no
field may be null. ``both()`` asks the same question in JSON and XML and compares the answers.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse

from tests.conformance.open311 import check_datetimes, same_document, validate_schema

BASE = "/open311/v2/"
JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"

XML_ROOTS = [
    (re.compile(r"^discovery\."), "discovery"),
    (re.compile(r"^services\."), "services"),
    (re.compile(r"^services/[^/]+\."), "service_definition"),
    (re.compile(r"^requests/[^/]+/updates\."), "service_request_updates"),
    (re.compile(r"^requests(/[^/]+)?\."), "service_requests"),
]
COMMUNITY_SCHEMAS = [
    (re.compile(r"^services\.json$"), "services.json"),
    (re.compile(r"^services/[^/]+\.json$"), "service-definition.json"),
    (re.compile(r"^requests(/[^/]+)?\.json$"), "requests.json"),
]


@cache
def openapi() -> OpenAPI:
    client = Client()
    return OpenAPI.from_dict(json.loads(client.get(BASE + "openapi.json").content))


def validate_against_openapi(response) -> None:
    """The answer is one the document promises for this path, method and status, body and all."""
    asked = response.wsgi_request
    request = MockRequest("http://testserver", asked.method.lower(), asked.path, args=dict(asked.GET.items()))
    answer = MockResponse(
        response.content,
        status_code=response.status_code,
        headers=dict(response.items()),
        content_type=response["Content-Type"],
    )
    openapi().validate_response(request, answer)


def xml_root(path: str) -> str | None:
    return next((root for pattern, root in XML_ROOTS if pattern.search(path)), None)


class Api:
    """Calls /open311/v2/… through Django's test client and checks each answer."""

    def __init__(self, client: Client):
        self.client = client

    def get(self, path: str, params: dict | None = None, **headers: Any):
        return self._checked(path, self.client.get(BASE + path, params or {}, headers=headers))

    def post(self, path: str, data: dict | None = None, **headers: Any):
        """A form POST, url-encoded as most Open311 clients send it."""
        body = urlencode(data or {}, doseq=True)
        response = self.client.post(
            BASE + path, body, content_type="application/x-www-form-urlencoded", headers=headers
        )
        return self._checked(path, response)

    def json(self, path: str, params: dict | None = None, status: int = 200) -> Any:
        response = self.get(path, params)
        assert response.status_code == status, response.content
        return response.json()

    def both(self, path: str, params: dict | None = None, status: int = 200) -> Any:
        """GET ``path`` (without its extension) as JSON and XML; the two must say the same."""
        as_json = self.get(f"{path}.json", params)
        as_xml = self.get(f"{path}.xml", params)
        assert as_json.status_code == as_xml.status_code == status, (as_json.content, as_xml.content)
        root = "errors" if status >= 400 else xml_root(f"{path}.json")
        same_document(as_json.json(), as_xml.content, root)
        return as_json.json()

    def _checked(self, path: str, response):
        fmt = "xml" if path.endswith(".xml") else "json"
        assert response["Content-Type"] == (XML_TYPE if fmt == "xml" else JSON_TYPE)
        if fmt == "xml":
            assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
        if response.status_code != 405:
            validate_against_openapi(response)
        if fmt == "json":
            body = response.json()
            check_datetimes(body)
            if response.status_code < 300 and response.wsgi_request.method == "GET":
                schema = next((name for pattern, name in COMMUNITY_SCHEMAS if pattern.search(path)), None)
                if schema:
                    validate_schema(schema, body)
            elif response.status_code >= 400:
                assert isinstance(body, list) and body and all(set(e) == {"code", "description"} for e in body)
        return response


@pytest.fixture
def api(client) -> Api:
    return Api(client)


@pytest.fixture
def api_key(db) -> str:
    from cityline.open311.models import ApiKey

    _, key = ApiKey.issue("Riverton Fixes (test app)", rate_limit=10_000)
    return key


@pytest.fixture(autouse=True)
def _fresh_catalog():
    from cityline.open311.documents import forget_catalog, forget_requests
    from cityline.open311.models import forget_found_keys

    forget_catalog()
    forget_found_keys()
    forget_requests()
    yield
    forget_catalog()
    forget_found_keys()
    forget_requests()


def errors(response) -> list[str]:
    """The descriptions of an error answer, JSON or XML."""
    if response["Content-Type"].startswith("text/xml"):
        import xml.etree.ElementTree as ET

        root = ET.fromstring(response.content)
        assert root.tag == "errors"
        return [error.findtext("description") for error in root]
    return [error["description"] for error in response.json()]


# A point in each district of the test city (tests/packs/minimal).
SOUTH = {"lat": "38.0500", "long": "-97.9300"}  # Public Works
NORTH = {"lat": "38.0800", "long": "-97.9300"}  # potholes here go to the City Clerk
# A Tuesday morning, when every department of the test city is open.
TUESDAY_MORNING = "2026-11-24T10:00:00-06:00"
SATURDAY_NIGHT = "2026-11-28T23:00:00-06:00"


def report(**overrides: Any):
    """Open a case through the domain, as another channel (the portal, a call-taker) would."""
    from cityline.cases.actions import RequesterInfo, open_case

    values: dict[str, Any] = {
        "service_type": "pothole",
        "channel": "web",
        "description": "A deep pothole by the curb",
        "attributes": {"size": "large"},
        "lat": 38.05,
        "lon": -97.93,
        "requester": RequesterInfo(
            first_name="Dana", last_name="Whitfield", phone="(620) 555-0142", email="dana@example.org"
        ),
    }
    values.update(overrides)
    return open_case(**values)
