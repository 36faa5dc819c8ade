"""POST requests: an app reports a problem and gets the case number back."""

from __future__ import annotations

import pytest
import time_machine

from cityline.cases.models import Case, Interaction

from .conftest import NORTH, SATURDAY_NIGHT, SOUTH, TUESDAY_MORNING, errors

pytestmark = pytest.mark.django_db


def pothole(api_key: str, **extra) -> dict:
    return {"api_key": api_key, "service_code": "pothole", **SOUTH, "attribute[size]": "large", **extra}


def test_a_report_with_attributes_opens_a_case_and_answers_its_number(api, city, api_key):
    response = api.post(
        "requests.json",
        pothole(api_key, description="Deep hole in the bike lane", **{"attribute[depth_cm]": "12"}),
    )
    assert response.status_code == 201
    [answer] = response.json()
    assert set(answer) == {"service_request_id"}  # no notice for an ordinary pothole; nothing empty
    case = Case.objects.get(number=answer["service_request_id"])
    assert case.channel == "open311"
    assert case.attributes == {"size": "large", "depth_cm": 12}
    assert case.description == "Deep hole in the bike lane"
    assert case.department.slug == "public-works"
    assert response["Location"].endswith(f"/open311/v2/requests/{case.number}.json")
    # Every contact is an interaction: this one ended with a case.
    interaction = Interaction.objects.get(case=case)
    assert (interaction.channel, interaction.outcome) == ("open311", "case_opened")

    [read_back] = api.json(f"requests/{case.number}.json")
    assert read_back["service_request_id"] == case.number
    assert read_back["status"] == "open"
    assert read_back["service_code"] == "pothole"
    assert read_back["lat"] == 38.05 and read_back["long"] == -97.93


def test_xml_answer_to_a_post(api, city, api_key):
    response = api.post("requests.xml", pothole(api_key))
    assert response.status_code == 201
    body = response.content.decode()
    number = Case.objects.get().number
    assert body == (
        '<?xml version="1.0" encoding="utf-8"?><service_requests><request>'
        f"<service_request_id>{number}</service_request_id></request></service_requests>"
    )


def test_parameters_may_come_in_the_query_string(api, city, api_key, client):
    from urllib.parse import urlencode

    response = client.post("/open311/v2/requests.json?" + urlencode(pothole(api_key)))
    assert response.status_code == 201, response.content


def test_empty_parameters_are_the_same_as_absent_ones(api, city, api_key):
    response = api.post(
        "requests.json",
        pothole(
            api_key,
            address_string="",
            address_id="",
            email="",
            description="",
            media_url="",
            **{"attribute[depth_cm]": ""},
        ),
    )
    assert response.status_code == 201, response.content
    case = Case.objects.get()
    assert case.requester is None and case.attributes == {"size": "large"}


def test_a_multivaluelist_answer_is_given_as_attribute_code_brackets(api, city, api_key, pack_copy):
    from cityline.packs.loader import load_pack

    services = pack_copy / "services.yaml"
    services.write_text(
        services.read_text().replace(
            "      - code: depth_cm\n",
            "      - code: hazards\n        datatype: multivaluelist\n        description: What else is there?\n"
            "        values:\n          - {key: water, name: Water}\n          - {key: glass, name: Broken glass}\n"
            "      - code: depth_cm\n",
        )
    )
    load_pack(pack_copy)
    response = api.post("requests.json", pothole(api_key, **{"attribute[hazards][]": ["water", "glass"]}))
    assert response.status_code == 201, response.content
    assert Case.objects.get().attributes["hazards"] == ["water", "glass"]
    definition = api.json("services/pothole.json")
    assert [a["code"] for a in definition["attributes"]] == ["size", "hazards", "depth_cm"]

    wrong = api.post("requests.json", pothole(api_key, **{"attribute[hazards][]": ["water", "lava"]}))
    assert wrong.status_code == 400
    assert errors(wrong) == ["attribute[hazards]: What else is there?: lava is not one of the choices (water, glass)"]


def test_a_location_by_address_string_or_address_id(api, city, api_key):
    from cityline.core.models import AddressPoint

    by_text = api.post(
        "requests.json",
        {"api_key": api_key, "service_code": "pothole", "address_string": "200 S Main St", "attribute[size]": "small"},
    )
    assert by_text.status_code == 201, by_text.content
    case = Case.objects.get(number=by_text.json()[0]["service_request_id"])
    assert (case.lat, case.lon, case.address) == (38.05, -97.93, "200 S Main St")

    point = AddressPoint.objects.get(address="100 N Main St")
    by_id = api.post(
        "requests.json",
        {"api_key": api_key, "service_code": "pothole", "address_id": str(point.pk), "attribute[size]": "small"},
    )
    assert by_id.status_code == 201, by_id.content
    case = Case.objects.get(number=by_id.json()[0]["service_request_id"])
    assert (case.lat, case.lon, case.address) == (38.061, -97.93, "100 N Main St")
    # North of the river potholes are the City Clerk's, by the pack's district routing.
    assert case.department.slug == "city-clerk"


def test_contact_details_only_where_the_type_needs_them(api, city, api_key):
    missing = api.post(
        "requests.json",
        {
            "api_key": api_key,
            "service_code": "wrong-directory-entry",
            **NORTH,
            "description": "Library hours are wrong",
        },
    )
    assert missing.status_code == 400
    assert errors(missing) == [
        "email or phone: the City Clerk needs a phone number or an e-mail address to follow up on this report"
    ]

    given = api.post(
        "requests.json",
        {
            "api_key": api_key,
            "service_code": "wrong-directory-entry",
            **NORTH,
            "description": "Library hours are wrong",
            "email": "sam@example.org",
            "first_name": "Sam",
            "last_name": "Okafor",
            "phone": "620-555-0177",
            "device_id": "ios-5F2C",
            "account_id": "acct-991",
        },
    )
    assert given.status_code == 201, given.content
    requester = Case.objects.get(number=given.json()[0]["service_request_id"]).requester
    assert (requester.first_name, requester.last_name, requester.email, requester.phone) == (
        "Sam",
        "Okafor",
        "sam@example.org",
        "+16205550177",
    )
    assert (requester.device_id, requester.account_id) == ("ios-5F2C", "acct-991")


def test_an_emergency_capable_type_tells_the_resident_to_dial_911(api, city, api_key):
    with time_machine.travel(TUESDAY_MORNING, tick=False):
        response = api.post("requests.json", {"api_key": api_key, "service_code": "gas-smell", **SOUTH})
        assert response.status_code == 201, response.content
        [answer] = response.json()
        assert answer["service_notice"] == "If you smell gas, leave now and dial 911."
        spanish = api.post("requests.xml", {"api_key": api_key, "service_code": "gas-smell", **NORTH, "locale": "es"})
        assert "<service_notice>Si huele a gas, salga ahora y marque 911.</service_notice>" in spanish.content.decode()


def test_after_hours_an_emergency_only_type_opens_no_case(api, city, api_key):
    with time_machine.travel(SATURDAY_NIGHT, tick=False):
        response = api.post("requests.json", {"api_key": api_key, "service_code": "gas-smell", **SOUTH})
    assert response.status_code == 400
    assert errors(response) == ["service_code: If you smell gas, leave now and dial 911."]
    assert not Case.objects.exists()
    assert Interaction.objects.get().outcome == "emergency_advisory"


def test_a_retried_post_gives_the_same_case(api, city, api_key):
    body = pothole(api_key, device_id="android-77", account_id="user-5", description="Hole by the school")
    first = api.post("requests.json", body)
    again = api.post("requests.json", body)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json() == again.json()
    assert Case.objects.count() == 1
    # A different body is a different report.
    other = api.post("requests.json", {**body, "description": "Another hole, by the park"})
    assert other.json() != first.json() and Case.objects.count() == 2


def test_the_same_body_a_minute_later_is_a_new_report(api, city, api_key):
    body = pothole(api_key, device_id="android-77")
    with time_machine.travel("2026-11-24T10:00:10-06:00", tick=False):
        first = api.post("requests.json", body)
    with time_machine.travel("2026-11-24T10:01:05-06:00", tick=False):  # 55 s later, the next minute
        retried = api.post("requests.json", body)
    with time_machine.travel("2026-11-24T10:02:30-06:00", tick=False):
        later = api.post("requests.json", body)
    assert retried.json() == first.json()
    assert later.status_code == 201 and later.json() != first.json()


def test_an_idempotency_key_header_gives_the_same_case_for_any_body(api, city, api_key):
    first = api.post("requests.json", pothole(api_key, description="first try"), **{"Idempotency-Key": "c1a2"})
    with time_machine.travel("2030-01-01T00:00:00Z", tick=False):
        again = api.post("requests.json", pothole(api_key, description="second try"), **{"Idempotency-Key": "c1a2"})
    assert again.status_code == 200 and again.json() == first.json()
    assert Case.objects.count() == 1


def test_the_same_idempotency_key_from_two_apps_is_two_cases(api, city, api_key):
    from cityline.open311.models import ApiKey

    _, other_key = ApiKey.issue("Another app")
    first = api.post("requests.json", pothole(api_key), **{"Idempotency-Key": "same"})
    second = api.post("requests.json", pothole(other_key), **{"Idempotency-Key": "same"})
    assert first.json() != second.json()


def test_media_url_is_kept_and_shown(api, city, api_key):
    response = api.post("requests.json", pothole(api_key, media_url="https://photos.example.org/p/1.jpg"))
    number = response.json()[0]["service_request_id"]
    [found] = api.json(f"requests/{number}.json")
    assert found["media_url"] == "https://photos.example.org/p/1.jpg"


def test_a_multipart_form_and_a_key_in_a_header_are_accepted(client, city, api_key):
    body = {"service_code": "pothole", **SOUTH, "attribute[size]": "small"}
    response = client.post("/open311/v2/requests.json", body, headers={"X-Api-Key": api_key})  # multipart
    assert response.status_code == 201, response.content


def test_the_case_number_may_be_written_as_printed(api, city, api_key):
    number = api.post("requests.json", pothole(api_key)).json()[0]["service_request_id"]
    grouped = f"{number[:4]} {number[4:8]} {number[8:]}"
    assert api.json(f"requests/{grouped}.json")[0]["service_request_id"] == number
    hyphens = grouped.replace(" ", "-")
    assert [r["service_request_id"] for r in api.json("requests.json", {"service_request_id": hyphens})] == [number]


def test_text_with_control_characters_and_markup_reads_the_same_in_both_formats(api, city, api_key):
    text = 'Hole <b>"deep"</b> & wide\x0b by the café\nsecond line'
    number = api.post("requests.json", pothole(api_key, description=text)).json()[0]["service_request_id"]
    [found] = api.both(f"requests/{number}")
    assert found["description"] == 'Hole <b>"deep"</b> & wide by the café\nsecond line'


def test_an_emergency_only_type_without_its_own_notice_gets_the_citys(api, city, api_key, pack_copy):
    from cityline.packs.loader import load_pack

    services = pack_copy / "services.yaml"
    text = services.read_text()
    services.write_text(
        text.replace(
            '    emergency_notice: {en: "If you smell gas, leave now and dial 911.", es: "Si huele a gas, salga ahora y marque 911."}\n',
            "",
        )
    )
    load_pack(pack_copy)
    with time_machine.travel(TUESDAY_MORNING, tick=False):
        english = api.post("requests.json", {"api_key": api_key, "service_code": "gas-smell", **SOUTH})
        spanish = api.post("requests.json", {"api_key": api_key, "service_code": "gas-smell", **NORTH, "locale": "es"})
    assert english.json()[0]["service_notice"] == "If anyone is in danger, dial 911 now."
    assert spanish.json()[0]["service_notice"] == "Si alguien está en peligro, llame al 911 ahora."
