"""A small city with an after-hours promise, on-call staff and real fake servers, built once per test.

Riverton (tests/packs/minimal) plus rows of our own: Public Works keeps 08:00–17:00 on weekdays and
takes water main breaks (urgent after hours); Pat and Lee share the weekly on-call rotation
(hand-off Monday 08:00), Sam is the supervisor, Cara a call-taker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model

from .fakes import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, FakeProvider, MailSink

CHICAGO = ZoneInfo("America/Chicago")
SITE_URL = "https://311.riverton.example"
SOUTH_MAIN = {"lat": 38.05, "lon": -97.93, "address": "200 S Main St"}


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, fold: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=CHICAGO, fold=fold)


@dataclass
class World:
    city: object
    public_works: object
    water_main: object
    pothole: object
    pat: object
    lee: object
    sam: object
    cara: object
    rotation: object

    @staticmethod
    def phone(user) -> str:
        return user.staff.phone

    def report(self, code: str, *, channel: str = "phone", description: str = "", requester=None, **place):
        from cityline.cases.actions import open_case

        return open_case(
            service_type=code,
            channel=channel,
            description=description,
            attributes={"size": "large"} if code == "pothole" else None,
            requester=requester,
            actor=self.cara if channel == "phone" else None,
            **(place or SOUTH_MAIN),
        )


def _staff(username: str, first: str, last: str, role: str, phone: str, department, language: str = "en"):
    from cityline.directory.models import StaffProfile

    # No password: hashing one costs a third of a second per user.
    user = get_user_model().objects.create_user(
        username, f"{username}@riverton.example", None, first_name=first, last_name=last
    )
    profile = StaffProfile.objects.create(user=user, role=role, phone=phone, language=language)
    if department is not None:
        profile.departments.add(department)
    return user


@pytest.fixture
def world(city) -> World:
    from cityline.catalog.models import AfterHours, Priority, ServiceType
    from cityline.directory.models import Department, Role
    from cityline.oncall.models import Handoff, Rotation, RotationMember

    public_works = Department.objects.get(slug="public-works")
    public_works.hours = {day: [[480, 1020]] for day in ("mon", "tue", "wed", "thu", "fri")}
    public_works.email = "publicworks@riverton.example"
    public_works.save()
    water_main = ServiceType.objects.create(
        code="water-main-break",
        name="Water main break",
        translations={"es": {"name": "Rotura de tubería de agua"}, "en": {"name": "Water main break"}},
        description="Water coming up through the street.",
        group="Water",
        department=public_works,
        sla_amount=4,
        sla_unit="hours",
        priority=Priority.URGENT,
        after_hours=AfterHours.URGENT,
    )
    pat = _staff("pat", "Pat", "Doe", Role.DEPARTMENT_STAFF, "+16205550151", public_works)
    lee = _staff("lee", "Lee", "Ray", Role.DEPARTMENT_STAFF, "+16205550152", public_works, language="es")
    sam = _staff("sam", "Sam", "Boss", Role.SUPERVISOR, "+16205550153", public_works)
    cara = _staff("cara", "Cara", "Desk", Role.CALL_TAKER, "+16205550154", None)
    rotation = Rotation.objects.create(
        department=public_works,
        name="Water and streets on call",
        handoff=Handoff.WEEKLY,
        handoff_time=time(8, 0),
        starts_on=date(2026, 11, 9),
    )
    RotationMember.objects.create(rotation=rotation, user=pat, position=0)
    RotationMember.objects.create(rotation=rotation, user=lee, position=1)
    return World(
        city=city,
        public_works=Department.objects.get(pk=public_works.pk),
        water_main=water_main,
        pothole=ServiceType.objects.get(code="pothole"),
        pat=pat,
        lee=lee,
        sam=sam,
        cara=cara,
        rotation=rotation,
    )


@pytest.fixture(scope="session")
def _provider_server():
    fake = FakeProvider().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def _mail_server():
    sink = MailSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def provider(settings, _provider_server):
    fake = _provider_server
    fake.reset()
    settings.CITYLINE_SMS_BACKEND = "twilio"
    settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.TWILIO_FROM_NUMBER = FROM_NUMBER
    settings.TWILIO_API_BASE = fake.url
    settings.SITE_URL = SITE_URL
    return fake


@pytest.fixture
def mail(settings, _mail_server):
    sink = _mail_server
    sink.messages.clear()
    sink.envelopes.clear()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "311@riverton.example"
    settings.SITE_URL = SITE_URL
    return sink


@pytest.fixture
def clock():
    """Frozen time; ``clock.move_to(local(...))`` or ``clock.shift(seconds)`` to move it."""
    with time_machine.travel(datetime(2026, 11, 2, 12, 0, tzinfo=UTC), tick=False) as traveller:
        yield traveller


def run_worker_once() -> dict:
    """One pass of the worker's jobs, in this process: escalation timers, SLA scan, digests, delivery."""
    from cityline.notify import delivery, digests, sla
    from cityline.oncall.paging import advance_escalations

    steps = advance_escalations()
    scanned = sla.scan()
    written = digests.send_due_digests()
    report = delivery.deliver_due()
    return {"steps": steps, "sla": scanned, "digests": written, "delivery": report}


def twilio_signature(url: str, params: dict) -> str:
    from twilio.request_validator import RequestValidator

    return RequestValidator(AUTH_TOKEN).compute_signature(url, params)
