"""A small world whose figures are worked out by hand: Riverton in March 2026.

Now is Tuesday 31 March 2026, noon (city time). Cases (calendar hours to close in brackets):

  pothole (Public Works, 3 business days)      wrong-directory-entry (City Clerk, 5 business days)
  P1 Mon 2 Mar 09:00, closed (2 h)  on time     C1 Mon 2 Mar 10:00, closed (72 h)  on time
  P2 Mon 2 Mar 09:00, closed (24 h) on time     C2 Mon 16 Mar 10:00, open, past due (age 15 days)
  P3 Tue 3 Mar 09:00, closed (48 h) on time     C3 Mon 30 Mar 10:00, open, not yet due (age 1 day)
  P4 Wed 4 Mar 09:00, closed (240 h) late
  P5 Mon 9 Mar 10:00, closed (120 h) late
  P6 Mon 5 Jan 09:00, open, past due (age 85 days)
  P7 Fri 20 Mar 09:00, merged into P6 on 31 Mar (a duplicate)

Closed in March, duplicates aside: 2, 24, 48, 72, 120, 240 hours; 4 of 6 on time.
The requesters of the clerk's cases carry distinctive names, phones and e-mails that no public
surface may show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cityline.cases import actions
from cityline.cases.actions import RequesterInfo
from cityline.cases.interactions import end_interaction, start_interaction
from cityline.cases.models import Case

CENTRAL = ZoneInfo("America/Chicago")
NOW = datetime(2026, 3, 31, 12, 0, tzinfo=CENTRAL)
SOUTH = {"lat": 38.0412, "lon": -97.9317}
PLANTED = {
    "names": ["Zebediah", "Quillfeather", "Philomena", "Thistlewood"],
    "phones": ["6205550199", "620-555-0199", "(620) 555-0199", "+16205550199", "6205550177"],
    "emails": ["zq.secret@example.net", "p.thistle@example.org"],
}


def local(*args) -> datetime:
    return datetime(*args, tzinfo=CENTRAL)


def later(moment: datetime, hours: float) -> datetime:
    """``hours`` real hours after ``moment`` (not wall-clock hours: 8 March changes the clocks)."""
    return (moment.astimezone(UTC) + timedelta(hours=hours)).astimezone(CENTRAL)


@dataclass
class World:
    cases: dict[str, Case]
    agents: dict[str, object]


def _pothole(opened: datetime, **extra) -> Case:
    return actions.open_case(
        service_type="pothole", channel="phone", attributes={"size": "small"}, at=opened, **SOUTH, **extra
    )


def _clerk(opened: datetime, requester: RequesterInfo, description: str) -> Case:
    return actions.open_case(
        service_type="wrong-directory-entry",
        channel="web",
        language="es",
        description=description,
        requester=requester,
        at=opened,
        **SOUTH,
    )


def build_world(django_user_model) -> World:
    cases: dict[str, Case] = {}
    for name, opened, hours in (
        ("P1", local(2026, 3, 2, 9), 2),
        ("P2", local(2026, 3, 2, 9), 24),
        ("P3", local(2026, 3, 3, 9), 48),
        ("P4", local(2026, 3, 4, 9), 240),
        ("P5", local(2026, 3, 9, 10), 120),
    ):
        case = _pothole(opened)
        cases[name] = actions.close(case, reason="resolved", note="Filled.", at=later(opened, hours))
    zeb = RequesterInfo(
        first_name="Zebediah", last_name="Quillfeather", phone="(620) 555-0199", email="zq.secret@example.net"
    )
    phil = RequesterInfo(
        first_name="Philomena", last_name="Thistlewood", phone="620-555-0177", email="p.thistle@example.org"
    )
    c1 = _clerk(
        local(2026, 3, 2, 10),
        zeb,
        "The hours are wrong. Zebediah here, call me at 620-555-0199 or zq.secret@example.net",
    )
    cases["C1"] = actions.close(c1, reason="resolved", note="Corrected.", at=later(local(2026, 3, 2, 10), 72))
    cases["C2"] = _clerk(local(2026, 3, 16, 10), phil, "Wrong number listed; Philomena Thistlewood, (620) 555-0177")
    cases["C3"] = _clerk(local(2026, 3, 30, 10), zeb, "Still wrong, says Zebediah Quillfeather")
    cases["P6"] = _pothole(local(2026, 1, 5, 9))
    cases["P7"] = _pothole(local(2026, 3, 20, 9))
    with time_machine.travel(NOW, tick=False):
        actions.merge(cases["P7"], cases["P6"])

    agents = {
        "x": django_user_model.objects.create_user("xavier", first_name="Xavier", last_name="Agent"),
        "y": django_user_model.objects.create_user("yolanda", first_name="Yolanda", last_name="Agent"),
    }
    # Contacts: (caller, channel, outcome, start, seconds, agent, matter)
    p1 = Case.objects.get(pk=cases["P1"].pk)
    pothole = p1.service_type
    gas = type(pothole).objects.get(code="gas-smell")
    public_works = p1.department
    for caller, channel, outcome, start, seconds, agent, extra in (
        ("A", "phone", "case_opened", local(2026, 3, 2, 8, 55), 300, "x", {"case": p1}),
        ("A", "phone", "status_given", local(2026, 3, 5, 9, 0), 60, None, {"case": p1}),
        ("B", "phone", "information", local(2026, 3, 10, 8, 10), 100, "x", {"service_type": gas}),
        ("B", "phone", "information", local(2026, 3, 11, 8, 20), 200, "x", {"service_type": pothole}),
        ("C", "ivr", "abandoned", local(2026, 3, 12, 8, 30), 20, None, {}),
        ("D", "phone", "transfer", local(2026, 3, 12, 9, 0), 60, "y", {"department": public_works}),
        ("D", "phone", "transfer", local(2026, 3, 25, 9, 0), 120, "y", {"department": public_works}),
        ("E", "ivr", "voicemail", local(2026, 3, 13, 18, 0), 45, None, {}),
    ):
        contact = start_interaction(
            channel=channel, contact=f"+1620555{ord(caller):04d}", agent=agents.get(agent), at=start
        )
        end_interaction(contact, outcome, at=later(start, seconds / 3600), **extra)
    return World(cases, agents)


@pytest.fixture(autouse=True)
def _forget_cached_figures():
    """Figures are cached until the next refresh; each test's world is new."""
    from django.core.cache import caches

    from cityline.insights.queries import forget_memo

    caches["insights"].clear()
    forget_memo()
    yield
    caches["insights"].clear()
    forget_memo()


@pytest.fixture
def world(city, django_user_model):
    return build_world(django_user_model)


@pytest.fixture
def refreshed(world):
    from cityline.insights.rollups import refresh_insights

    with time_machine.travel(NOW, tick=False):
        refresh_insights()
    return world


@pytest.fixture
def staff(django_user_model):
    """Users of each role: a supervisor, a call-taker, and staff of the City Clerk only."""
    from cityline.directory.models import Department, StaffProfile

    def make(username: str, role: str, departments=()):
        user = django_user_model.objects.create_user(username)  # no password: hashing one is slow
        profile = StaffProfile.objects.create(user=user, role=role)
        profile.departments.set(departments)
        return user

    clerk = Department.objects.get(slug="city-clerk")
    return {
        "supervisor": make("sam", "supervisor"),
        "call_taker": make("cal", "call_taker"),
        "clerk_staff": make("cleo", "department_staff", [clerk]),
        "clerk": clerk,
        "public_works": Department.objects.get(slug="public-works"),
    }
