"""Discovery, the service list and service definitions: what an app reads before it reports."""

from __future__ import annotations

import pytest

from .conftest import errors

pytestmark = pytest.mark.django_db


def test_discovery_points_apps_at_this_endpoint(api, city):
    found = api.both("discovery")
    assert found["contact"].startswith("City of Riverton 311: (620) 555-0100")
    assert "key" in found["key_service"]
    [endpoint] = found["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2")
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert endpoint["type"] == "production"


def test_services_list_every_active_type_with_plain_v2_fields(api, city):
    services = api.both("services")
    assert [s["service_code"] for s in services] == ["pothole", "gas-smell", "wrong-directory-entry"]
    pothole = services[0]
    assert pothole == {
        "service_code": "pothole",
        "service_name": "Pothole",
        "description": "A hole in a city street.",
        "metadata": True,
        "type": "realtime",
        "keywords": "pothole, hole in the road",
        "group": "Streets",
    }
    # A type without questions has metadata false and no empty fields at all (no "keywords": null).
    assert services[1]["metadata"] is False and "keywords" not in services[1]


def test_services_in_spanish_by_locale_or_accept_language(api, client, city):
    by_locale = api.json("services.json", {"locale": "es"})
    assert by_locale[0]["service_name"] == "Bache" and by_locale[0]["group"] == "Calles"
    assert by_locale[0]["keywords"] == "bache, hoyo"
    by_header = client.get("/open311/v2/services.json", headers={"Accept-Language": "es-MX,es;q=0.9"}).json()
    assert by_header[0]["service_name"] == "Bache"


def test_definition_gives_attributes_in_order_with_datatypes_and_values(api, city):
    definition = api.both("services/pothole")
    assert definition["service_code"] == "pothole"
    size, depth = definition["attributes"]
    assert size == {
        "variable": True,
        "code": "size",
        "datatype": "singlevaluelist",
        "required": True,
        "order": 1,
        "description": "How big is it?",
        "values": [{"key": "small", "name": "Small"}, {"key": "large", "name": "Large"}],
    }
    assert depth["datatype"] == "number" and depth["required"] is False and depth["order"] == 2
    assert "values" not in depth


def test_definition_of_a_type_without_questions_is_an_empty_list(api, city):
    assert api.json("services/gas-smell.json") == {"service_code": "gas-smell", "attributes": []}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_service_is_404(api, city, fmt):
    response = api.get(f"services/sidewalk-dragons.{fmt}")
    assert response.status_code == 404
    assert errors(response) == [f"service_code: there is no service 'sidewalk-dragons'; the list is at services.{fmt}"]


def test_reloading_the_pack_refreshes_the_cached_catalog(api, city, pack_copy):
    from cityline.core.models import forget_current_jurisdiction
    from cityline.packs.loader import load_pack

    assert api.json("services.json")[0]["service_name"] == "Pothole"
    services = pack_copy / "services.yaml"
    services.write_text(
        services.read_text().replace("{en: Pothole, es: Bache}", "{en: Pothole or sinkhole, es: Bache}")
    )
    load_pack(pack_copy)
    forget_current_jurisdiction()  # what the 30-second city cache does on its own
    assert api.json("services.json")[0]["service_name"] == "Pothole or sinkhole"


def test_before_a_city_is_loaded_the_api_says_what_to_do(api, db):
    response = api.get("services.json")
    assert response.status_code == 503
    assert "cityline load-pack" in response.json()[0]["description"]
