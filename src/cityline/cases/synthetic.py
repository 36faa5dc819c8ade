"""Realistic synthetic cases for demos, dashboards and benchmarks (`cityline generate-cases`).

Volumes follow the shape of real 311 traffic: most reports on weekday mornings, Mondays busiest,
a few service types making up most of the volume, phone and web the main channels, about one
report in seven in Spanish. Older cases are mostly closed, most of them on time. Rows are written
with bulk inserts in batches, bypassing ``cases.actions`` on purpose: a million cases must load in
minutes, and these are not real reports (no outbox, no followers).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone
from shapely.geometry import Point

from cityline.catalog.models import Datatype, ServiceType
from cityline.core.models import AddressPoint, current_jurisdiction
from cityline.directory.models import Department

from . import numbers
from .models import (
    Case,
    CaseEvent,
    Channel,
    ClosingReason,
    EventKind,
    Interaction,
    InteractionOutcome,
    Status,
    contact_key,
)

CHANNEL_MIX = [
    (Channel.PHONE, 0.42),
    (Channel.WEB, 0.24),
    (Channel.OPEN311, 0.12),
    (Channel.IVR, 0.10),
    (Channel.SMS, 0.09),
    (Channel.EMAIL, 0.02),
    (Channel.WALK_IN, 0.01),
]
# Relative volume by hour of day (local), weekdays; weekends run at a third of it.
HOURLY = [1, 0.6, 0.4, 0.3, 0.4, 0.8, 2, 4, 8, 9, 8.5, 8, 7, 7.5, 7, 6.5, 5.5, 4.5, 3.5, 3, 2.5, 2, 1.6, 1.2]
WEEKDAY = [1.35, 1.1, 1.0, 0.95, 0.9, 0.35, 0.3]
CALL_OUTCOMES = [
    (InteractionOutcome.INFORMATION, 0.42),
    (InteractionOutcome.TRANSFER, 0.22),
    (InteractionOutcome.STATUS_GIVEN, 0.18),
    (InteractionOutcome.ABANDONED, 0.08),
    (InteractionOutcome.EMERGENCY_ADVISORY, 0.02),
    (InteractionOutcome.VOICEMAIL, 0.04),
    (InteractionOutcome.ESCALATED, 0.04),
]


@dataclass
class GenerationReport:
    cases: int
    closed: int
    on_time: int
    events: int
    interactions: int
    seconds: float


def _weighted(rng: random.Random, pairs: list[tuple]) -> object:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


class _Places:
    """Random points in the city: near known addresses when the pack has them, else anywhere inside."""

    def __init__(self, rng: random.Random):
        city = current_jurisdiction()
        self.rng = rng
        self.city = city
        self.addresses = list(AddressPoint.objects.values_list("address", "lat", "lon")[:5000])
        self.districts = [(d.code, d.shape) for d in city.districts.all()]
        minx, miny, maxx, maxy = _bounds(city.boundary)
        self.bounds = (minx, miny, maxx, maxy)

    def draw(self) -> tuple[float, float, str, str]:
        rng = self.rng
        for _ in range(50):
            if self.addresses and rng.random() < 0.8:
                address, lat, lon = rng.choice(self.addresses)
                lat += rng.gauss(0, 0.0004)
                lon += rng.gauss(0, 0.0004)
            else:
                minx, miny, maxx, maxy = self.bounds
                lon, lat, address = rng.uniform(minx, maxx), rng.uniform(miny, maxy), ""
            if self.city.contains(lat, lon):
                point = Point(lon, lat)
                district = next((code for code, shape in self.districts if shape.contains(point)), "")
                return round(lat, 6), round(lon, 6), address, district
        raise RuntimeError("could not place a point inside the city boundary")


def _bounds(geometry: dict) -> tuple[float, float, float, float]:
    from shapely.geometry import shape

    from cityline.core.geo import geometry_of

    return shape(geometry_of(geometry)).bounds


def _random_moment(rng: random.Random, start: datetime, end: datetime, zone) -> datetime:
    """A moment between start and end, shaped by hour of day and day of week (city time)."""
    span_days = max((end - start).days, 1)
    while True:
        day = start + timedelta(days=rng.randrange(span_days))
        local_day = day.astimezone(zone)
        hour = rng.choices(range(24), weights=HOURLY)[0]
        if rng.random() > WEEKDAY[local_day.weekday()] / max(WEEKDAY):
            continue
        moment = datetime(
            local_day.year, local_day.month, local_day.day, hour, rng.randrange(60), rng.randrange(60), tzinfo=zone
        )
        if start <= moment <= end:
            return moment


def _answers(rng: random.Random, service: ServiceType) -> dict:
    answers = {}
    for attribute in service.attributes.all():
        if not attribute.variable or (not attribute.required and rng.random() < 0.5):
            continue
        if attribute.datatype == Datatype.SINGLEVALUELIST:
            answers[attribute.code] = rng.choice(attribute.value_keys())
        elif attribute.datatype == Datatype.MULTIVALUELIST:
            answers[attribute.code] = rng.sample(attribute.value_keys(), k=1)
        elif attribute.datatype == Datatype.NUMBER:
            answers[attribute.code] = rng.randint(1, 20)
        elif attribute.required:
            answers[attribute.code] = "See description"
    return answers


DESCRIPTIONS = [
    "Reported by a resident.",
    "Near the corner, please check.",
    "Has been like this for a week.",
    "Second time reporting this.",
    "Big problem for the neighbours.",
]


def generate_cases(
    count: int,
    *,
    months: int = 12,
    seed: int | None = None,
    batch_size: int = 5000,
    interactions: bool = True,
    now: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> GenerationReport:
    """Write ``count`` synthetic cases spread over the past ``months`` months."""
    import time

    started = time.perf_counter()
    rng = random.Random(seed)
    city = current_jurisdiction()
    if city is None:
        raise RuntimeError("load a city pack first (cityline load-pack)")
    zone = city.zone
    end = now or timezone.now()
    start = end - timedelta(days=int(months * 30.44))
    services = list(ServiceType.objects.filter(active=True).select_related("department").prefetch_related("attributes"))
    if not services:
        raise RuntimeError("the catalog is empty")
    # A few types make up most of the volume (Zipf-like), as in every city's 311 data.
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(services))]
    departments = {d.pk: d for d in Department.objects.all()}
    places = _Places(rng)
    callers = _Callers(rng, count) if interactions else None
    taken = set(Case.objects.values_list("number", flat=True))
    report = GenerationReport(0, 0, 0, 0, 0, 0.0)
    for batch in _batches(count, batch_size):
        cases, closing = [], []
        for _ in range(batch):
            service = rng.choices(services, weights=weights)[0]
            opened = _random_moment(rng, start, end, zone)
            lat, lon, address, district = places.draw()
            department = departments[service.department_id]
            if district and district in service.district_departments:
                department = next(
                    (d for d in departments.values() if d.slug == service.district_departments[district]), department
                )
            due = service.sla.due(opened, department.calendar)
            number = _fresh_number(taken)
            case = Case(
                number=number,
                service_type=service,
                department=department,
                priority=service.priority,
                description=rng.choice(DESCRIPTIONS),
                attributes=_answers(rng, service),
                lat=lat,
                lon=lon,
                address=address,
                district=district,
                channel=_weighted(rng, CHANNEL_MIX),
                language="es" if rng.random() < 0.14 else "en",
                created_at=opened,
                updated_at=opened,
                received_after_hours=not department.calendar.is_open(opened),
                sla_due_at=due,
            )
            _age_case(rng, case, due, end)
            cases.append(case)
            closing.append(case.closed_at is not None)
        with transaction.atomic():
            fast_insert(Case, cases)
            events = []
            for case in cases:
                events.append(
                    CaseEvent(
                        case=case,
                        at=case.created_at,
                        kind=EventKind.OPENED,
                        public=True,
                        actor_label="Resident",
                        data={"status": Status.NEW, "channel": case.channel},
                    )
                )
                if case.acknowledged_at:
                    events.append(
                        CaseEvent(
                            case=case,
                            at=case.acknowledged_at,
                            kind=EventKind.ACKNOWLEDGED,
                            public=True,
                            actor_label="Department",
                            data={"status": Status.ACKNOWLEDGED},
                        )
                    )
                if case.closed_at:
                    events.append(
                        CaseEvent(
                            case=case,
                            at=case.closed_at,
                            kind=EventKind.CLOSED,
                            public=True,
                            actor_label="Department",
                            note="Work completed.",
                            data={
                                "status": Status.CLOSED,
                                "reason": case.closing_reason,
                                "on_time": case.closed_on_time,
                            },
                        )
                    )
            fast_insert(CaseEvent, events)
            calls = _interactions_for(rng, cases, callers) if interactions else []
            fast_insert(Interaction, calls)
        report.cases += len(cases)
        report.closed += sum(closing)
        report.on_time += sum(1 for case in cases if case.closed_on_time)
        report.events += len(events)
        report.interactions += len(calls)
        if progress:
            progress(report.cases)
    report.seconds = time.perf_counter() - started
    return report


def fast_insert(model, rows: list) -> None:
    """Insert many new rows. On PostgreSQL: primary keys drawn from the table's sequence, then one
    COPY (several times faster than INSERT); elsewhere Django's bulk_create."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(rows, batch_size=2000)
        return
    table = model._meta.db_table
    pk = model._meta.pk
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk.column, len(rows)]
        )
        for row, (value,) in zip(rows, cursor.fetchall(), strict=True):
            setattr(row, pk.attname, value)
        fields = [f for f in model._meta.concrete_fields]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields])


def _batches(total: int, size: int) -> Iterator[int]:
    while total > 0:
        yield min(size, total)
        total -= size


def _fresh_number(taken: set[str]) -> str:
    while True:
        number = numbers.new_number()
        if number not in taken:
            taken.add(number)
            return number


def _age_case(rng: random.Random, case: Case, due: datetime, now: datetime) -> None:
    """Give an older case a plausible life: acknowledged, then (usually) closed, mostly on time."""
    promised = max((due - case.created_at).total_seconds(), 3600)
    if rng.random() < 0.9:
        case.acknowledged_at = case.created_at + timedelta(seconds=promised * rng.uniform(0.02, 0.3))
        case.status = Status.ACKNOWLEDGED
    # Time to close, as a share of the promised time: lognormal around 0.6, so about 80% are on time.
    share = math.exp(rng.gauss(math.log(0.6), 0.55))
    closed = case.created_at + timedelta(seconds=promised * share)
    if closed <= now and rng.random() < 0.97:
        case.status = Status.CLOSED
        case.closed_at = closed
        case.closing_reason = _weighted(
            rng,
            [
                (ClosingReason.RESOLVED, 0.82),
                (ClosingReason.NO_ACTION, 0.08),
                (ClosingReason.REFERRED, 0.05),
                (ClosingReason.UNABLE_TO_LOCATE, 0.05),
            ],
        )
        case.closed_on_time = closed <= due
        case.updated_at = closed
        if case.acknowledged_at and case.acknowledged_at > closed:
            case.acknowledged_at = closed
    elif case.acknowledged_at and case.acknowledged_at <= now:
        case.status = rng.choice([Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.SCHEDULED])
        case.updated_at = case.acknowledged_at
    else:
        case.acknowledged_at = None
        case.status = Status.NEW


class _Callers:
    """Synthetic callers (one-way keys, as real ones are kept) and call-takers, so that repeat
    contacts (first-contact resolution) and handling time per call-taker can be measured."""

    def __init__(self, rng: random.Random, expected_cases: int):
        from django.contrib.auth import get_user_model

        self.rng = rng
        self.pool = max(expected_cases // 2, 10)
        self.keys: dict[int, str] = {}
        users = get_user_model()
        self.agents = []
        for n in range(1, CALL_TAKERS + 1):
            user, created = users.objects.get_or_create(
                username=f"synthetic-calltaker-{n:02d}", defaults={"first_name": "Call-taker", "last_name": f"{n:02d}"}
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            self.agents.append(user)

    def caller(self) -> str:
        n = self.rng.randrange(self.pool)
        key = self.keys.get(n)
        if key is None:
            key = self.keys[n] = contact_key(f"synthetic-caller-{n}")
        return key

    def agent(self, channel: str):
        return self.rng.choice(self.agents) if channel == Channel.PHONE else None


CALL_TAKERS = 12


def _interactions_for(rng: random.Random, cases: list[Case], callers: _Callers) -> list[Interaction]:
    """Calls and texts around the cases: the one that opened each phone case, plus about as many
    again that ended in information, a transfer, a status, or a hang-up. A status call comes from
    the person who reported the case; a third of the other calls too, about the same matter."""
    rows = []
    for case in cases:
        reporter = callers.caller()
        if case.channel in (Channel.PHONE, Channel.IVR, Channel.SMS, Channel.WEB):
            handled = timedelta(seconds=rng.lognormvariate(math.log(200), 0.45))
            rows.append(
                Interaction(
                    channel=case.channel,
                    language=case.language,
                    outcome=InteractionOutcome.CASE_OPENED,
                    started_at=case.created_at - handled,
                    ended_at=case.created_at,
                    case=case,
                    service_type=case.service_type,
                    contact_key=reporter,
                    agent=callers.agent(case.channel),
                )
            )
        if case.channel in (Channel.PHONE, Channel.IVR) and rng.random() < 0.9:
            outcome = _weighted(rng, CALL_OUTCOMES)
            begun = case.created_at + timedelta(minutes=rng.randrange(-600, 600))
            length = timedelta(seconds=rng.lognormvariate(math.log(120), 0.5))
            same_caller = outcome == InteractionOutcome.STATUS_GIVEN or rng.random() < 0.33
            rows.append(
                Interaction(
                    channel=case.channel,
                    language=case.language,
                    outcome=outcome,
                    started_at=begun,
                    ended_at=begun + length,
                    department=case.department if outcome == "transfer" else None,
                    case=case if outcome == "status_given" else None,
                    service_type=case.service_type if same_caller and outcome != "transfer" else None,
                    contact_key=reporter if same_caller else callers.caller(),
                    agent=callers.agent(case.channel),
                )
            )
    return rows
