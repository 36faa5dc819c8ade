"""Opening a case: checked input, routing, the SLA clock, idempotency and what the public may see."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cityline.cases import actions
from cityline.cases.actions import CaseError, EmergencyOnly, RequesterInfo
from cityline.cases.models import Case, CaseEvent, OutboxMessage, Requester

pytestmark = pytest.mark.django_db

CENTRAL = ZoneInfo("America/Chicago")
NORTH = {"lat": 38.08, "lon": -97.93}  # the test city's north district: potholes go to the clerk there
SOUTH = {"lat": 38.04, "lon": -97.93}


def at(*args) -> datetime:
    return datetime(*args, tzinfo=CENTRAL)


def pothole(**overrides):
    values = {"service_type": "pothole", "channel": "web", "attributes": {"size": "large"}, **SOUTH}
    values.update(overrides)
    return actions.open_case(**values)


def test_routed_to_the_department_with_due_time_in_its_business_hours(city):
    # Saturday morning: Public Works (Mon–Fri 07:00–15:30) starts the clock Monday 07:00;
    # 3 business days later is Thursday 07:00.
    case = pothole(description="Deep hole by the school", at=at(2026, 11, 28, 10, 0))
    assert case.department.slug == "public-works"
    assert case.district == "south"
    assert case.received_after_hours is True
    assert case.sla_due_at.astimezone(CENTRAL) == at(2026, 12, 3, 7, 0)
    assert case.status == "new"
    assert len(case.number) == 10
    assert [e.kind for e in case.events.all()] == ["opened"]


def test_district_override_routes_elsewhere(city):
    case = pothole(**NORTH)
    assert case.department.slug == "city-clerk"
    assert case.district == "north"


def test_a_location_outside_the_city_is_refused_with_the_city_name(city):
    with pytest.raises(CaseError) as refused:
        pothole(lat=39.1, lon=-94.6)
    assert "outside the City of Riverton" in refused.value.errors["location"]
    assert not Case.objects.exists()


def test_a_known_address_is_placed_on_the_map(city):
    case = pothole(lat=None, lon=None, address="100 North Main Street")
    assert (case.lat, case.lon, case.district) == (38.061, -97.93, "north")


def test_attribute_answers_are_checked_against_the_definition(city):
    with pytest.raises(CaseError) as refused:
        pothole(attributes={"size": "enormous", "depth_cm": "deep", "colour": "red"})
    errors = refused.value.errors
    assert errors["attribute[size]"] == "How big is it?: enormous is not one of the choices (small, large)"
    assert errors["attribute[depth_cm]"] == "About how deep (cm)?: 'deep' is not a number"
    assert errors["attribute[colour]"] == "Pothole has no question 'colour'"


def test_a_required_attribute_must_be_answered(city):
    with pytest.raises(CaseError) as refused:
        pothole(attributes={})
    assert refused.value.errors == {"attribute[size]": "How big is it?: an answer is required"}


def test_contact_is_asked_only_where_the_type_needs_it(city):
    with pytest.raises(CaseError) as refused:
        actions.open_case(service_type="wrong-directory-entry", channel="web", **SOUTH)
    assert "needs a phone number or an e-mail address" in refused.value.errors["contact"]
    case = actions.open_case(
        service_type="wrong-directory-entry",
        channel="web",
        requester=RequesterInfo(first_name="Rosa", phone="620 555 0177"),
        **SOUTH,
    )
    assert case.requester.phone == "+16205550177"
    assert pothole().requester is None  # a pothole needs no contact details


def test_bad_contact_details_are_refused_field_by_field(city):
    with pytest.raises(CaseError) as refused:
        pothole(requester=RequesterInfo(phone="12", email="not-an-address"))
    assert set(refused.value.errors) == {"phone", "email"}


def test_an_emergency_type_after_hours_opens_no_case_and_says_dial_911(city):
    with pytest.raises(EmergencyOnly) as refused:
        actions.open_case(service_type="gas-smell", channel="ivr", language="es", at=at(2026, 12, 1, 22, 0), **SOUTH)
    assert refused.value.notice == "Si huele a gas, salga ahora y marque 911."
    assert not Case.objects.exists()


def test_an_emergency_capable_type_during_hours_opens_with_its_notice(city):
    case = actions.open_case(service_type="gas-smell", channel="web", at=at(2026, 12, 1, 10, 0), **SOUTH)
    assert case.public("en").emergency_notice == "If you smell gas, leave now and dial 911."
    assert case.priority == "urgent"


def test_the_same_idempotency_key_twice_gives_one_case(city):
    first = pothole(idempotency_key="web:form-123")
    second = pothole(idempotency_key="web:form-123", description="pressed submit again")
    assert first.pk == second.pk
    assert Case.objects.count() == 1
    assert CaseEvent.objects.count() == 1


def test_a_requester_who_asks_for_email_updates_is_told_the_case_opened(city):
    case = pothole(requester=RequesterInfo(first_name="Ana", email="ana@example.org", language="es"))
    (message,) = OutboxMessage.objects.all()
    assert (message.kind, message.channel, message.recipient, message.language) == (
        "case_opened",
        "email",
        "ana@example.org",
        "es",
    )
    assert message.case == case


def test_the_public_form_carries_no_personal_data(city):
    case = pothole(
        description="Hole in front of the bakery",
        requester=RequesterInfo(
            first_name="Zebulon", last_name="Quackenbush", phone="620-555-0188", email="zq@example.org"
        ),
    )
    actions.add_note(case, "Resident Zebulon Quackenbush called twice, 620-555-0188", public=False, actor="Agent")
    actions.add_note(case, "Crew scheduled for Tuesday.", public=True, actor="Agent")
    public = case.public()
    text = repr(dataclasses.asdict(public))
    for private in ("Zebulon", "Quackenbush", "555-0188", "5550188", "zq@example.org", "called twice"):
        assert private not in text
    assert public.status_notes == "Crew scheduled for Tuesday."
    assert public.description == "Hole in front of the bakery"
    assert Requester.objects.count() == 1


def test_an_inactive_or_unknown_service_type_is_refused(city):
    with pytest.raises(CaseError, match="there is no service type 'unicorn'"):
        actions.open_case(service_type="unicorn", channel="web", **SOUTH)
