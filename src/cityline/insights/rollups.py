"""Keeping the summary tables current: `refresh_insights()` (the worker's periodic job and
`cityline refresh-insights`).

A refresh reads only what changed since the last one: the case history events written since then
(every change to a case writes one, see ``cases.actions``) name the cases to look at, and the city
days on which those cases were opened or closed are recomputed whole from the cases table. Contacts
are recomputed for the days of new interactions and the week before them (first-contact resolution
on a day depends on the week after it), and always for the last eight days (a call may end, and so
be counted, after it started). The case day rows are summed over channels and languages into
``ServiceFact``, then every table's day rows into its week and month rows (in the database). The open backlog is
recounted from the open cases each time; repeat spots once a day.

Rows are grouped in Python, not in SQL, so that the city's days (time zone, daylight saving) and
the definitions in docs/insights.md are written once and read the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import logging
import math
import time
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import h3
from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from cityline.cases.models import OPEN_STATUSES, Case, CaseEvent, ClosingReason, EventKind, Interaction
from cityline.core.models import current_jurisdiction

from .definitions import (
    FCR_WINDOW,
    HEX_RESOLUTION,
    LONGEST_HANDLING,
    REPEAT_MIN_CASES,
    REPEAT_RESOLUTION,
    REPEAT_WINDOW_DAYS,
    SETTLING_OUTCOMES,
    UNHANDLED_OUTCOMES,
)
from .models import (
    BUCKET_FIELDS,
    CLOSE_TIME_EDGES_HOURS,
    AgentDay,
    BacklogFact,
    CaseFact,
    ContactFact,
    ContactHour,
    Grain,
    HexFact,
    RefreshState,
    RepeatSpot,
    ServiceFact,
)

log = logging.getLogger(__name__)

# Past this many changes since the last refresh (a bulk import, `generate-cases`), rebuilding
# everything is quicker than following each change.
REBUILD_THRESHOLD = 20_000
# Contacts are always recounted for this many recent days: a call is counted when it ends.
RECENT_CONTACT_DAYS = 8
CASE_MEASURES = ("opened", "closed", "duplicates", "on_time", "late", "close_hours", *BUCKET_FIELDS)
CONTACT_MEASURES = ("contacts", "timed", "handled_seconds", "first_contacts", "resolved_first")


@dataclass
class RefreshReport:
    full: bool = False
    case_days: int = 0
    contact_days: int = 0
    months: int = 0
    weeks: int = 0
    backlog_rows: int = 0
    spots: int | None = None
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        spots = f", {self.spots} repeat spots" if self.spots is not None else ""
        kind = "full rebuild" if self.full else "refresh"
        return (
            f"insights {kind}: {self.case_days} case days, {self.contact_days} contact days, "
            f"{self.weeks} weeks, {self.months} months, {self.backlog_rows} backlog rows{spots} in {self.seconds:.1f} s"
        )


# --- writing rows -------------------------------------------------------------------------------


def _insert(model, rows: list[dict]) -> int:
    """Insert summary rows fast: PostgreSQL's COPY, or one statement run many times on SQLite.

    ``bulk_create`` prepares every value of every field in Python, which for the case facts (some
    ninety columns) costs more than the database does; these rows are plain numbers, dates and
    short codes, so they are written as they are.
    """
    if not rows:
        return 0
    names = list(rows[0])
    columns = [model._meta.get_field(name).column for name in names]
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for start in range(0, len(rows), 5000):
                    copy.write("".join(_copy_line(row, names) for row in rows[start : start + 5000]))
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({quoted}) VALUES ({marks})",
                [[_plain(row[name]) for name in names] for row in rows],
            )
    return len(rows)


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_line(row: dict, names: list[str]) -> str:
    """One line of COPY's text format: tab-separated, \\N for NULL, backslashes escaped."""
    cells = []
    for name in names:
        value = row[name]
        if value is None:
            cells.append("\\N")
        elif isinstance(value, str):
            cells.append(value.translate(_COPY_ESCAPES))
        elif isinstance(value, date):
            cells.append(value.isoformat())
        elif isinstance(value, float) and value.is_integer():
            cells.append(str(int(value)))
        else:
            cells.append(str(value))
    return "\t".join(cells) + "\n"


# --- the city's days --------------------------------------------------------------------------


def day_bounds(first: date, last: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The instants at which the city's day ``first`` starts and the day after ``last`` starts."""
    start = datetime(first.year, first.month, first.day, tzinfo=zone)
    after = last + timedelta(days=1)
    return start, datetime(after.year, after.month, after.day, tzinfo=zone)


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def month_of(day: date) -> date:
    return day.replace(day=1)


def close_time_bucket(hours: float) -> int:
    """The histogram bucket of a time to close: whole hours, rounded up, against the edges."""
    whole = max(math.ceil(hours - 1e-9), 0)
    return bisect_left(CLOSE_TIME_EDGES_HOURS, whole)


def _runs(days: Iterable[date]) -> Iterator[tuple[date, date]]:
    """Consecutive days as (first, last) runs."""
    ordered = sorted(set(days))
    if not ordered:
        return
    first = previous = ordered[0]
    for day in ordered[1:]:
        if day - previous > timedelta(days=1):
            yield first, previous
            first = day
        previous = day
    yield first, previous


# --- cases --------------------------------------------------------------------------------------


def rebuild_case_days(first: date, last: date, zone: ZoneInfo) -> int:
    """Recompute the day rows of cases opened or closed from ``first`` to ``last`` (city days)."""
    start, end = day_bounds(first, last, zone)
    rows: dict[tuple, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    dims = ("department_id", "service_type_id", "district", "channel", "language")
    for created_at, *key in Case.objects.filter(created_at__gte=start, created_at__lt=end).values_list(
        "created_at", *dims
    ):
        rows[(local_day(created_at, zone), *key)]["opened"] += 1
    closed = Case.objects.filter(closed_at__gte=start, closed_at__lt=end).values_list(
        "closed_at", "created_at", "closing_reason", "closed_on_time", *dims
    )
    for closed_at, created_at, reason, on_time, *key in closed:
        row = rows[(local_day(closed_at, zone), *key)]
        row["closed"] += 1
        if reason == ClosingReason.DUPLICATE:
            row["duplicates"] += 1
            continue
        row["on_time" if on_time else "late"] += 1
        hours = max((closed_at - created_at).total_seconds() / 3600, 0)
        row["close_hours"] += hours
        row[BUCKET_FIELDS[close_time_bucket(hours)]] += 1
    facts = [
        {
            "grain": Grain.DAY,
            "period": key[0],
            "department_id": key[1],
            "service_type_id": key[2],
            "district": key[3],
            "channel": key[4],
            "language": key[5],
            **{name: measures.get(name, 0) for name in CASE_MEASURES},
        }
        for key, measures in rows.items()
    ]
    with transaction.atomic():
        CaseFact.objects.filter(grain=Grain.DAY, period__range=(first, last)).delete()
        _insert(CaseFact, facts)
    return len(facts)


def rebuild_service_days(first: date, last: date) -> int:
    """Sum the ``CaseFact`` day rows of ``first``..``last`` over channels and languages into
    ``ServiceFact`` day rows (in the database)."""
    sql = _summing_insert(ServiceFact, CaseFact, SERVICE_DIMS, CASE_MEASURES, keep_periods=True)
    with transaction.atomic():
        ServiceFact.objects.filter(grain=Grain.DAY, period__range=(first, last)).delete()
        with connection.cursor() as cursor:
            cursor.execute(sql, _params([Grain.DAY, first, last]))
            return cursor.rowcount


def _summing_insert(target, source, dims: Iterable[str], measures: Iterable[str], *, keep_periods: bool) -> str:
    """``INSERT … SELECT`` summing ``source``'s rows of one grain and a span of periods into
    ``target``, grouped by ``dims``. Parameters: with ``keep_periods`` (each period its own row)
    the grain read, the first and the last period; without (one row for the span) the grain and
    period written, then the grain read, the first period and the period after the span."""
    quote = connection.ops.quote_name
    dim_columns = [quote(source._meta.get_field(name).column) for name in dims]
    measure_columns = [quote(source._meta.get_field(name).column) for name in measures]
    grain, period = quote("grain"), quote("period")
    written = f"{grain}, {period}" if keep_periods else "%s, %s"
    before_end = "<=" if keep_periods else "<"
    group = ([grain, period] if keep_periods else []) + dim_columns
    return (
        f"INSERT INTO {quote(target._meta.db_table)} ({grain}, {period}, {', '.join(dim_columns + measure_columns)}) "
        f"SELECT {written}, {', '.join(dim_columns)}, {', '.join(f'SUM({c})' for c in measure_columns)} "
        f"FROM {quote(source._meta.db_table)} WHERE {grain} = %s AND {period} >= %s AND {period} {before_end} %s "
        f"GROUP BY {', '.join(group)}"
    )


def _params(params: list) -> list:
    if connection.vendor == "sqlite":
        return [p.isoformat() if isinstance(p, date) else p for p in params]
    return params


def rebuild_rollups(
    model, grain: str, periods: Iterable[date], dims: tuple[str, ...], measures: tuple[str, ...]
) -> int:
    """Sum a fact table's day rows into its week rows (periods are Mondays) or month rows (first
    days of months), for the given periods (in the database)."""
    sql = _summing_insert(model, model, dims, measures, keep_periods=False)
    written = 0
    for start in sorted(set(periods)):
        following = start + timedelta(days=7) if grain == Grain.WEEK else (start + timedelta(days=32)).replace(day=1)
        with transaction.atomic():
            model.objects.filter(grain=grain, period=start).delete()
            with connection.cursor() as cursor:
                cursor.execute(sql, _params([grain, start, Grain.DAY, start, following]))
        written += 1
    return written


def rebuild_months(model, months: Iterable[date], dims: tuple[str, ...], measures: tuple[str, ...]) -> int:
    return rebuild_rollups(model, Grain.MONTH, months, dims, measures)


def week_of(day: date) -> date:
    """The Monday of the week of ``day``."""
    return day - timedelta(days=day.weekday())


def rebuild_backlog(now: datetime, zone: ZoneInfo) -> int:
    """Recount the open cases: their age (day opened), whether past due, whether paused."""
    rows: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    for created_at, due, paused_at, *key in Case.objects.filter(status__in=OPEN_STATUSES).values_list(
        "created_at",
        "sla_due_at",
        "sla_paused_at",
        "department_id",
        "service_type_id",
        "district",
        "channel",
        "language",
    ):
        counts = rows[(local_day(created_at, zone), *key)]
        counts[0] += 1
        if paused_at is not None:
            counts[2] += 1
        elif due < now:
            counts[1] += 1
    facts = [
        {
            "opened_day": key[0],
            "department_id": key[1],
            "service_type_id": key[2],
            "district": key[3],
            "channel": key[4],
            "language": key[5],
            "open": counts[0],
            "breached": counts[1],
            "paused": counts[2],
        }
        for key, counts in rows.items()
    ]
    with transaction.atomic():
        BacklogFact.objects.all().delete()
        _insert(BacklogFact, facts)
    return len(facts)


def rebuild_hex_months(months: Iterable[date], zone: ZoneInfo) -> None:
    """Recount the map's hexagons for the given months (cases by the month they were opened)."""
    for month in sorted(set(months)):
        following = (month + timedelta(days=32)).replace(day=1)
        start, end = day_bounds(month, following - timedelta(days=1), zone)
        counts: dict[tuple, int] = defaultdict(int)
        for lat, lon, *key in Case.objects.filter(
            created_at__gte=start, created_at__lt=end, lat__isnull=False, lon__isnull=False
        ).values_list("lat", "lon", "department_id", "service_type_id", "district", "channel", "language"):
            counts[(h3.latlng_to_cell(lat, lon, HEX_RESOLUTION), *key)] += 1
        facts = [
            {
                "month": month,
                "cell": key[0],
                "department_id": key[1],
                "service_type_id": key[2],
                "district": key[3],
                "channel": key[4],
                "language": key[5],
                "cases": count,
            }
            for key, count in counts.items()
        ]
        with transaction.atomic():
            HexFact.objects.filter(month=month).delete()
            _insert(HexFact, facts)


def rebuild_repeat_spots(now: datetime) -> int:
    """Spots where the same type of problem was reported at least REPEAT_MIN_CASES times in the
    last REPEAT_WINDOW_DAYS days (duplicates merged into another case left out)."""
    since = now - timedelta(days=REPEAT_WINDOW_DAYS)
    groups: dict[tuple[int, str], dict] = {}
    cases = (
        Case.objects.filter(created_at__gte=since, lat__isnull=False, lon__isnull=False)
        .exclude(closing_reason=ClosingReason.DUPLICATE)
        .values_list("pk", "lat", "lon", "service_type_id", "department_id", "district", "created_at", "status")
        .order_by("created_at")
    )
    for pk, lat, lon, service_type_id, department_id, district, created_at, status in cases.iterator(chunk_size=5000):
        cell = h3.latlng_to_cell(lat, lon, REPEAT_RESOLUTION)
        spot = groups.get((service_type_id, cell))
        if spot is None:
            spot = groups[(service_type_id, cell)] = {
                "cases": 0,
                "open_cases": 0,
                "first_at": created_at,
                "department_id": department_id,
                "district": district,
            }
        spot["cases"] += 1
        spot["open_cases"] += status in OPEN_STATUSES
        spot["last_at"] = created_at
        spot["latest_case_id"] = pk
        spot["department_id"] = department_id
        spot["district"] = district or spot["district"]
    spots = []
    for (service_type_id, cell), spot in groups.items():
        if spot["cases"] < REPEAT_MIN_CASES:
            continue
        lat, lon = h3.cell_to_latlng(cell)
        spots.append(RepeatSpot(service_type_id=service_type_id, cell=cell, lat=lat, lon=lon, **spot))
    with transaction.atomic():
        RepeatSpot.objects.all().delete()
        RepeatSpot.objects.bulk_create(spots, batch_size=2000)
    return len(spots)


# --- contacts -----------------------------------------------------------------------------------


def _matter(service_type_id, case_service_type_id, department_id, article_id) -> tuple:
    """What a contact was about, to tell a repeat contact on the same matter from a new one."""
    if service_type_id or case_service_type_id:
        return ("type", service_type_id or case_service_type_id)
    if department_id:
        return ("department", department_id)
    if article_id:
        return ("article", article_id)
    return ("general",)


def rebuild_contact_days(first: date, last: date, zone: ZoneInfo) -> int:
    """Recompute the contact rows (facts, hours, call-takers) of the city days ``first``..``last``."""
    start, end = day_bounds(first, last, zone)
    fields = (
        "pk",
        "started_at",
        "ended_at",
        "channel",
        "language",
        "outcome",
        "department_id",
        "service_type_id",
        "case__service_type_id",
        "article_id",
        "agent_id",
        "contact_key",
    )
    # Every contact of a known caller from a week before to a week after: repeats are looked for there.
    timelines: dict[tuple, list[tuple[datetime, int]]] = defaultdict(list)
    for pk, started_at, key, *matter in (
        Interaction.objects.filter(started_at__gte=start - FCR_WINDOW, started_at__lt=end + FCR_WINDOW)
        .exclude(contact_key="")
        .values_list(
            "pk", "started_at", "contact_key", "service_type_id", "case__service_type_id", "department_id", "article_id"
        )
    ):
        timelines[(key, _matter(*matter))].append((started_at, pk))
    for timeline in timelines.values():
        timeline.sort()

    facts: dict[tuple, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    hours: dict[tuple, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    agents: dict[tuple, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row in Interaction.objects.filter(started_at__gte=start, started_at__lt=end).values_list(*fields):
        pk, started_at, ended_at, channel, language, outcome, department_id, service_type_id = row[:8]
        case_type_id, article_id, agent_id, key = row[8:]
        local = started_at.astimezone(zone)
        day = local.date()
        seconds = (ended_at - started_at).total_seconds() if ended_at else None
        timed = seconds is not None and 0 <= seconds <= LONGEST_HANDLING.total_seconds()
        fact = facts[(day, channel, language, outcome, department_id, service_type_id or case_type_id)]
        hour = hours[(day, local.weekday(), local.hour, channel, language, outcome)]
        for counters in (fact, hour):
            counters["contacts"] += 1
            if timed:
                counters["timed"] += 1
                counters["handled_seconds"] += seconds
        if agent_id:
            counters = agents[(day, agent_id, channel, language)]
            counters["contacts"] += 1
            if timed:
                counters["timed"] += 1
                counters["handled_seconds"] += seconds
        if key and outcome and outcome not in UNHANDLED_OUTCOMES:
            timeline = timelines[(key, _matter(service_type_id, case_type_id, department_id, article_id))]
            earlier = any(
                started_at - FCR_WINDOW <= other_at < started_at or (other_at == started_at and other_pk < pk)
                for other_at, other_pk in timeline
                if other_pk != pk
            )
            if not earlier:
                fact["first_contacts"] += 1
                later = any(
                    started_at < other_at <= started_at + FCR_WINDOW or (other_at == started_at and other_pk > pk)
                    for other_at, other_pk in timeline
                    if other_pk != pk
                )
                if outcome in SETTLING_OUTCOMES and not later:
                    fact["resolved_first"] += 1

    with transaction.atomic():
        ContactFact.objects.filter(grain=Grain.DAY, period__range=(first, last)).delete()
        _insert(
            ContactFact,
            [
                {
                    "grain": Grain.DAY,
                    "period": key[0],
                    "channel": key[1],
                    "language": key[2],
                    "outcome": key[3],
                    "department_id": key[4],
                    "service_type_id": key[5],
                    **{name: measures.get(name, 0) for name in CONTACT_MEASURES},
                }
                for key, measures in facts.items()
            ],
        )
        ContactHour.objects.filter(day__range=(first, last)).delete()
        _insert(
            ContactHour,
            [
                {
                    "day": key[0],
                    "weekday": key[1],
                    "hour": key[2],
                    "channel": key[3],
                    "language": key[4],
                    "outcome": key[5],
                    **{name: measures.get(name, 0) for name in ("contacts", "timed", "handled_seconds")},
                }
                for key, measures in hours.items()
            ],
        )
        AgentDay.objects.filter(day__range=(first, last)).delete()
        _insert(
            AgentDay,
            [
                {
                    "day": key[0],
                    "agent_id": key[1],
                    "channel": key[2],
                    "language": key[3],
                    **{name: measures.get(name, 0) for name in ("contacts", "timed", "handled_seconds")},
                }
                for key, measures in agents.items()
            ],
        )
    return len(facts)


CONTACT_DIMS = ("channel", "language", "outcome", "department_id", "service_type_id")
CASE_DIMS = ("department_id", "service_type_id", "district", "channel", "language")
SERVICE_DIMS = ("department_id", "service_type_id", "district")


# --- the refresh --------------------------------------------------------------------------------


def _months_between(first: date, last: date) -> list[date]:
    months, month = [], month_of(first)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def _weeks_between(first: date, last: date) -> list[date]:
    return [week_of(first) + timedelta(weeks=n) for n in range((last - week_of(first)).days // 7 + 1)]


def _chunks(first: date, last: date, days: int = 31) -> Iterator[tuple[date, date]]:
    while first <= last:
        end = min(first + timedelta(days=days - 1), last)
        yield first, end
        first = end + timedelta(days=1)


def refresh_insights(*, full: bool = False, spots: bool | None = None, now: datetime | None = None) -> RefreshReport:
    """Bring the summary tables up to date with the cases and contacts. Safe to run at any time."""
    started = time.perf_counter()
    city = current_jurisdiction()
    report = RefreshReport()
    if city is None:
        report.notes.append("no city loaded")
        return report
    zone = city.zone
    now = now or timezone.now()
    today = local_day(now, zone)
    state = RefreshState.current()
    full = full or state.full_rebuild_at is None

    top_event = CaseEvent.objects.aggregate(top=Max("pk"))["top"] or 0
    top_interaction = Interaction.objects.aggregate(top=Max("pk"))["top"] or 0
    new_events = CaseEvent.objects.filter(pk__gt=state.last_event_id, pk__lte=top_event)
    new_interactions = Interaction.objects.filter(pk__gt=state.last_interaction_id, pk__lte=top_interaction)
    if not full and (new_events.count() > REBUILD_THRESHOLD or new_interactions.count() > REBUILD_THRESHOLD):
        full = True
    report.full = full

    if full:
        bounds = Case.objects.aggregate(first=Min("created_at"))
        contact_bounds = Interaction.objects.aggregate(first=Min("started_at"))
        first_case = local_day(bounds["first"], zone) if bounds["first"] else today
        first_contact = local_day(contact_bounds["first"], zone) if contact_bounds["first"] else today
        CaseFact.objects.all().delete()
        ServiceFact.objects.all().delete()
        ContactFact.objects.all().delete()
        ContactHour.objects.all().delete()
        AgentDay.objects.all().delete()
        HexFact.objects.all().delete()
        for first, last in _chunks(first_case, today):
            rebuild_case_days(first, last, zone)
            rebuild_service_days(first, last)
            report.case_days += (last - first).days + 1
        for first, last in _chunks(first_contact, today):
            rebuild_contact_days(first, last, zone)
            report.contact_days += (last - first).days + 1
        case_months = _months_between(first_case, today)
        contact_months = _months_between(first_contact, today)
        case_weeks = _weeks_between(first_case, today)
        contact_weeks = _weeks_between(first_contact, today)
        rebuild_hex_months(case_months, zone)
    else:
        case_ids = set(new_events.values_list("case_id", flat=True).distinct())
        case_days: set[date] = set()
        for created_at in Case.objects.filter(pk__in=case_ids).values_list("created_at", flat=True):
            case_days.add(local_day(created_at, zone))
        closing_kinds = [EventKind.CLOSED, EventKind.DUPLICATE]
        for at in CaseEvent.objects.filter(case_id__in=case_ids, kind__in=closing_kinds).values_list("at", flat=True):
            case_days.add(local_day(at, zone))
        for first, last in _runs(case_days):
            rebuild_case_days(first, last, zone)
            rebuild_service_days(first, last)
        report.case_days = len(case_days)
        case_months = sorted({month_of(day) for day in case_days})
        case_weeks = sorted({week_of(day) for day in case_days})
        rebuild_hex_months(
            {
                month_of(local_day(at, zone))
                for at in Case.objects.filter(pk__in=case_ids).values_list("created_at", flat=True)
            },
            zone,
        )

        contact_days = {today - timedelta(days=n) for n in range(RECENT_CONTACT_DAYS)}
        for started_at in new_interactions.values_list("started_at", flat=True):
            contact_days.add(local_day(started_at, zone))
        # A day's first-contact figures depend on the week after it.
        widened = {day - timedelta(days=n) for day in contact_days for n in range(FCR_WINDOW.days + 1)}
        for first, last in _runs(widened):
            rebuild_contact_days(first, last, zone)
        report.contact_days = len(widened)
        contact_months = sorted({month_of(day) for day in widened})
        contact_weeks = sorted({week_of(day) for day in widened})
    report.months = rebuild_months(CaseFact, case_months, CASE_DIMS, CASE_MEASURES)
    rebuild_months(ServiceFact, case_months, SERVICE_DIMS, CASE_MEASURES)
    report.months += rebuild_months(ContactFact, contact_months, CONTACT_DIMS, CONTACT_MEASURES)
    report.weeks = rebuild_rollups(CaseFact, Grain.WEEK, case_weeks, CASE_DIMS, CASE_MEASURES)
    rebuild_rollups(ServiceFact, Grain.WEEK, case_weeks, SERVICE_DIMS, CASE_MEASURES)
    report.weeks += rebuild_rollups(ContactFact, Grain.WEEK, contact_weeks, CONTACT_DIMS, CONTACT_MEASURES)
    report.backlog_rows = rebuild_backlog(now, zone)

    due_for_spots = state.spots_refreshed_at is None or now - state.spots_refreshed_at > timedelta(hours=23)
    if spots or (spots is None and (full or due_for_spots)):
        report.spots = rebuild_repeat_spots(now)
        state.spots_refreshed_at = now

    if connection.vendor == "postgresql" and full:
        # Fresh statistics, so the planner sums the new rows the cheap way.
        with connection.cursor() as cursor:
            for model in (CaseFact, ServiceFact, ContactFact, ContactHour, AgentDay, BacklogFact, HexFact):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    state.last_event_id = top_event
    state.last_interaction_id = top_interaction
    state.refreshed_at = now
    if full:
        state.full_rebuild_at = now
    state.save()
    from .queries import forget_memo  # figures read after this in the same process see the new stamp

    forget_memo()
    report.seconds = time.perf_counter() - started
    log.info("%s", report)
    return report
