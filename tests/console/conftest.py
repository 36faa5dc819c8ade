"""A small city with one person per staff role, and helpers to open cases as channels do."""

from __future__ import annotations

import pytest

from cityline.cases import actions
from cityline.console.accounts import create_staff

SOUTH = {"lat": 38.04, "lon": -97.93}  # routed to Public Works
NORTH = {"lat": 38.07, "lon": -97.93}  # potholes there go to the City Clerk (district override)
PASSWORD = "a long enough Passw0rd"


def pothole(where=SOUTH, **extra):
    return actions.open_case(service_type="pothole", channel="web", attributes={"size": "small"}, **where, **extra)


@pytest.fixture
def people(city):
    """One account per role: call-taker, Public Works staff, City Clerk staff, supervisor, administrator."""
    return {
        "call_taker": create_staff(
            "casey", role="call_taker", password=PASSWORD, first_name="Casey", last_name="Taylor"
        ).user,
        "works": create_staff(
            "dana",
            role="department_staff",
            password=PASSWORD,
            departments=["public-works"],
            first_name="Dana",
            last_name="Reyes",
        ).user,
        "clerk": create_staff(
            "chris",
            role="department_staff",
            password=PASSWORD,
            departments=["city-clerk"],
            first_name="Chris",
            last_name="Lee",
        ).user,
        "supervisor": create_staff(
            "sam", role="supervisor", password=PASSWORD, first_name="Sam", last_name="Ortiz"
        ).user,
        "administrator": create_staff("alex", role="administrator", password=PASSWORD, first_name="Alex").user,
    }


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    # Password hashing is built to be slow; these tests sign in people, they do not test hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_triage():
    from cityline.triage import service

    service.forget()
