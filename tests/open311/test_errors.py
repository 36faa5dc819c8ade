"""Every error an app can meet, in both formats, with the HTTP status that says what went wrong."""

from __future__ import annotations

import pytest

from cityline.cases import numbers

from .conftest import SOUTH, errors, report

pytestmark = pytest.mark.django_db

FORMATS = ["json", "xml"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_without_a_key_is_403(api, city, fmt):
    response = api.post(f"requests.{fmt}", {"service_code": "pothole", **SOUTH})
    assert response.status_code == 403
    assert errors(response) == ["api_key: a key is required to create a request; ask the city for one"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_wrong_or_revoked_key_is_403(api, city, fmt):
    from cityline.open311.models import ApiKey

    wrong = api.post(f"requests.{fmt}", {"api_key": "cl311_guess", "service_code": "pothole", **SOUTH})
    assert wrong.status_code == 403
    assert errors(wrong) == ["api_key: this key is not valid or has been revoked; ask the city for a key"]
    row, key = ApiKey.issue("Old app")
    row.revoke()
    revoked = api.post(f"requests.{fmt}", {"api_key": key, "service_code": "pothole", **SOUTH})
    assert revoked.status_code == 403
    # A bad key on a read is refused too, rather than silently read anonymously.
    assert api.get(f"services.{fmt}", {"api_key": key}).status_code == 403


@pytest.mark.parametrize("fmt", FORMATS)
def test_bad_input_on_post_is_400_naming_each_parameter(api, city, api_key, fmt):
    response = api.post(
        f"requests.{fmt}",
        {"api_key": api_key, "service_code": "pothole", "lat": "north", "long": "-97.93", "media_url": "not a url"},
    )
    assert response.status_code == 400
    assert errors(response) == [
        "lat: a latitude in decimal degrees, e.g. 38.0608",
        "media_url: a web address of the photo, starting with https://",
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"service_code": "pothole"}, ["request: a location is required: lat and long, address_string or address_id"]),
        ({}, ["service_code: which service type; see services"]),
        (
            {"service_code": "dragons", **SOUTH},
            ["service_code: there is no service 'dragons'; the list is at services.json"],
        ),
        (
            {"service_code": "pothole", "lat": "38.5", "long": "-97.93", "attribute[size]": "small"},
            [
                "lat/long: (38.50000, -97.93000) is outside the City of Riverton; 311 can only take reports inside the city"
            ],
        ),
        ({"service_code": "pothole", **SOUTH}, ["attribute[size]: How big is it?: an answer is required"]),
        (
            {"service_code": "pothole", **SOUTH, "attribute[size]": "huge"},
            ["attribute[size]: How big is it?: huge is not one of the choices (small, large)"],
        ),
        (
            {"service_code": "pothole", **SOUTH, "attribute[size]": "small", "attribute[colour]": "red"},
            ["attribute[colour]: Pothole has no question 'colour'"],
        ),
        (
            {"service_code": "pothole", **SOUTH, "attribute[size]": "small", "attribute[depth_cm]": "deep"},
            ["attribute[depth_cm]: About how deep (cm)?: 'deep' is not a number"],
        ),
        (
            {"service_code": "pothole", "address_id": "99999", "attribute[size]": "small"},
            ["address_id: the city has no address '99999'"],
        ),
        (
            {"service_code": "pothole", **SOUTH, "attribute[size]": "small", "email": "dana-at-example"},
            ["email: 'dana-at-example' is not an e-mail address"],
        ),
        (
            {"service_code": "pothole", **SOUTH, "attribute[size]": "small", "description": "x" * 4001},
            ["description: Ensure this value has at most 4000 characters (it has 4001)."],
        ),
    ],
)
def test_each_refusal_says_what_to_send(api, city, api_key, params, expected):
    for fmt in FORMATS:
        response = api.post(f"requests.{fmt}", {"api_key": api_key, **params})
        assert response.status_code == 400, response.content
        assert errors(response) == [line.replace("services.json", f"services.{fmt}") for line in expected]


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_request_is_404(api, city, fmt):
    unknown = numbers.with_check_digit("123456789")
    response = api.get(f"requests/{unknown}.{fmt}")
    assert response.status_code == 404
    assert errors(response) == [f"service_request_id: there is no request '{unknown}'"]
    mistyped = api.get(f"requests/{unknown[:-1]}{(int(unknown[-1]) + 1) % 10}.{fmt}")
    assert mistyped.status_code == 404
    assert errors(mistyped) == [
        "service_request_id: That case number is not valid: please check the digits and try again."
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_another_jurisdiction_is_404_and_ours_is_fine(api, city, api_key, fmt):
    response = api.get(f"services.{fmt}", {"jurisdiction_id": "chicago.gov"})
    assert response.status_code == 404
    assert errors(response) == ["jurisdiction_id: this endpoint serves 'riverton-test' only, not 'chicago.gov'"]
    assert api.get(f"services.{fmt}", {"jurisdiction_id": "riverton-test"}).status_code == 200
    post = api.post(
        f"requests.{fmt}", {"api_key": api_key, "jurisdiction_id": "chicago.gov", "service_code": "pothole"}
    )
    assert post.status_code == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_wrong_method_is_405_with_allow(client, city, fmt):
    for method, path in [
        ("post", "services"),
        ("delete", "requests"),
        ("put", "discovery"),
        ("post", "requests/1234567890"),
    ]:
        response = getattr(client, method)(f"/open311/v2/{path}.{fmt}")
        assert response.status_code == 405
        assert errors(response)[0].startswith(f"method: {method.upper()} is not allowed here")
        assert "GET" in response["Allow"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_path_is_an_open311_404(client, city, fmt):
    response = client.get(f"/open311/v2/complaints.{fmt}")
    assert response.status_code == 404
    assert errors(response)[0].startswith("path: there is no '/open311/v2/complaints.")


def test_tokens_are_not_issued(api, city):
    response = api.get("tokens/abc123.json")
    assert response.status_code == 404
    assert "issues no tokens" in errors(response)[0]


def test_browsers_may_call_the_api_from_any_site(client, city):
    report()
    preflight = client.options(
        "/open311/v2/requests.json", headers={"Origin": "https://app.example", "Access-Control-Request-Method": "POST"}
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight["Access-Control-Allow-Methods"]
    assert client.get("/open311/v2/requests.json")["Access-Control-Allow-Origin"] == "*"


def test_a_server_fault_is_an_open311_500_not_an_html_page(client, city, monkeypatch):
    from cityline.open311 import documents

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(documents, "catalog", broken)
    response = client.get("/open311/v2/services.xml")
    assert response.status_code == 500
    assert errors(response) == ["server: something went wrong on our side; please try again"]
