"""The figures, read from the summary tables: volumes, promises kept, the call centre, places.

Every function takes a :class:`Filters` and returns plain values (dataclasses, lists of dicts) that
the dashboard, the public page and the CSV downloads all show: one computation per figure.
"""

from __future__ import annotations

import functools
import hashlib
import math
import operator
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

import h3
from django.core.cache import caches
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.core.signals import request_started
from django.db import connections
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cityline.cases.models import OPEN_STATUSES, Case, Channel, InteractionOutcome
from cityline.catalog.models import ServiceType
from cityline.core.models import District, current_jurisdiction
from cityline.directory.models import Department

from .definitions import BACKLOG_AGES
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

DAILY_SERIES_UP_TO_DAYS = 92
RESULT_CACHE_SECONDS = 6 * 60 * 60


# What one request (or one job) has read once: the refresh stamp and the names of things. A page
# asks for a dozen figures; each would otherwise read the stamp again. Forgotten at the start of
# every request and by every refresh.
_memo = threading.local()


def forget_memo(**_kwargs: Any) -> None:
    _memo.__dict__.clear()


request_started.connect(forget_memo, dispatch_uid="insights-forget-memo")


def refresh_stamp() -> str:
    """Which refresh the summary tables are at: figures cached under another stamp are stale."""
    stamp = getattr(_memo, "stamp", None)
    if stamp is None:
        state = (
            RefreshState.objects.filter(pk=1)
            .values_list("refreshed_at", "last_event_id", "last_interaction_id")
            .first()
        )
        stamp = _memo.stamp = repr(state) if state else "never"
    return stamp


def cached_until_refresh(function):
    """Keep a figure until the summary tables are next refreshed: between two refreshes the same
    question has the same answer, so the second person to ask it does not pay for it again."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        key = (
            "insights:"
            + hashlib.sha256(
                repr((function.__qualname__, args, sorted(kwargs.items()), refresh_stamp(), get_language())).encode()
            ).hexdigest()
        )
        found = caches["insights"].get(key)
        if found is None:
            found = function(*args, **kwargs)
            caches["insights"].set(key, found, RESULT_CACHE_SECONDS)
        return found

    return wrapper


@dataclass(frozen=True)
class Filters:
    """What a dashboard view is narrowed to. Dates are city days, both ends included."""

    start: date
    end: date
    department_id: int | None = None
    service_type_id: int | None = None
    district: str = ""
    channel: str = ""
    language: str = ""
    # The departments the viewer may see (department staff); None = every department.
    scope: frozenset[int] | None = None
    per: str = ""  # "day", "week" or "month"; empty = chosen from the length of the range

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def series_step(self) -> str:
        if self.per in ("day", "week", "month"):
            return self.per
        return "day" if self.days <= DAILY_SERIES_UP_TO_DAYS else "month"

    def case_q(self, prefix: str = "") -> Q:
        q = Q()
        if self.department_id:
            q &= Q(**{f"{prefix}department_id": self.department_id})
        if self.scope is not None:
            q &= Q(**{f"{prefix}department_id__in": sorted(self.scope)})
        if self.service_type_id:
            q &= Q(**{f"{prefix}service_type_id": self.service_type_id})
        if self.district:
            q &= Q(**{f"{prefix}district": self.district})
        if self.channel:
            q &= Q(**{f"{prefix}channel": self.channel})
        if self.language:
            q &= Q(**{f"{prefix}language": self.language})
        return q

    def contact_q(self) -> Q:
        """Contacts have no district; department and type apply where the contact names them."""
        q = Q()
        if self.department_id:
            q &= Q(department_id=self.department_id)
        if self.scope is not None:
            q &= Q(department_id__in=sorted(self.scope))
        if self.service_type_id:
            q &= Q(service_type_id=self.service_type_id)
        if self.channel:
            q &= Q(channel=self.channel)
        if self.language:
            q &= Q(language=self.language)
        return q

    def calls_q(self) -> Q:
        """For call-centre figures kept by hour and call-taker: only channel and language apply."""
        q = Q()
        if self.channel:
            q &= Q(channel=self.channel)
        if self.language:
            q &= Q(language=self.language)
        return q


def period_q(start: date, end: date) -> Q:
    """Rows of a fact table covering start..end: whole months from the month rows; of the rest of
    each month, whole weeks (Monday to Sunday) from the week rows and the days left from the day
    rows. A week row read here never crosses a month's end, so every row lies in one month."""
    months: list[date] = []
    weeks: list[date] = []
    q = Q(pk__in=[])
    month = start.replace(day=1)
    while month <= end:
        following = (month + timedelta(days=32)).replace(day=1)
        last = following - timedelta(days=1)
        if start <= month and last <= end:
            months.append(month)
        else:
            q |= _weeks_and_days(max(start, month), min(end, last), weeks)
        month = following
    if months:
        q |= Q(grain=Grain.MONTH, period__in=months)
    if weeks:
        q |= Q(grain=Grain.WEEK, period__in=weeks)
    return q


def _weeks_and_days(start: date, end: date, weeks: list[date]) -> Q:
    """The whole weeks inside start..end (added to ``weeks``) and a Q for the day rows of the rest."""
    first_monday = start + timedelta(days=(7 - start.weekday()) % 7)
    last_sunday = end - timedelta(days=(end.weekday() + 1) % 7)
    if first_monday > last_sunday:
        return Q(grain=Grain.DAY, period__range=(start, end))
    monday = first_monday
    while monday < last_sunday:
        weeks.append(monday)
        monday += timedelta(weeks=1)
    q = Q(pk__in=[])
    if start < first_monday:
        q |= Q(grain=Grain.DAY, period__range=(start, first_monday - timedelta(days=1)))
    if last_sunday < end:
        q |= Q(grain=Grain.DAY, period__range=(last_sunday + timedelta(days=1), end))
    return q


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def month_of(day: date) -> date:
    return day.replace(day=1)


def case_table(filters: Filters, dimensions: Iterable[str] = ()) -> type[CaseFact] | type[ServiceFact]:
    """The smaller case table when it can answer: ``ServiceFact`` has no channel or language."""
    if filters.channel or filters.language or not set(dimensions) <= set(SHARED_DIMENSIONS):
        return CaseFact
    return ServiceFact


# --- time to close --------------------------------------------------------------------------------


def quantile_hours(buckets: Sequence[int], q: float) -> float | None:
    """The q-quantile (nearest rank) of times to close from histogram counts: the upper edge of the
    bucket holding the case at rank ceil(q·n). None when there are no cases; over a year is
    reported as the last edge."""
    total = sum(buckets)
    if not total:
        return None
    rank = max(math.ceil(q * total - 1e-9), 1)
    seen = 0
    for index, count in enumerate(buckets):
        seen += count
        if seen >= rank:
            return float(CLOSE_TIME_EDGES_HOURS[min(index, len(CLOSE_TIME_EDGES_HOURS) - 1)])
    return float(CLOSE_TIME_EDGES_HOURS[-1])


def days(hours: float | None) -> float | None:
    return None if hours is None else round(hours / 24, 1)


def share(part: float, whole: float) -> float | None:
    return None if not whole else part / whole


@dataclass
class Promise:
    """How one group (a department, a type, a district, the whole city) kept its promises."""

    key: Any
    label: str
    opened: int = 0
    closed: int = 0
    on_time: int = 0
    late: int = 0
    duplicates: int = 0
    median_hours: float | None = None
    p90_hours: float | None = None

    @property
    def on_time_share(self) -> float | None:
        return share(self.on_time, self.on_time + self.late)

    @property
    def median_days(self) -> float | None:
        return days(self.median_hours)

    @property
    def p90_days(self) -> float | None:
        return days(self.p90_hours)


def _case_facts(filters: Filters, dimensions: Iterable[str] = ()) -> QuerySet:
    model = case_table(filters, dimensions)
    return model.objects.filter(period_q(filters.start, filters.end)).filter(filters.case_q())


PROMISE_MEASURES = ("opened", "closed", "duplicates", "on_time", "late", *BUCKET_FIELDS)
# The dimensions whose promise figures are read in one pass: the city, by department, by type and
# by district all come from the same grouped rows, summed again in Python.
SHARED_DIMENSIONS = ("department_id", "service_type_id", "district")


def _grouped_sums(model, where: Q, dimensions: Sequence[str], measures: Sequence[str]) -> list[tuple]:
    """``SELECT *dimensions, SUM(each measure) … GROUP BY dimensions`` as plain tuples.

    Written here rather than by the ORM: with a hundred summed columns (the time-to-close
    histogram) Django spends longer building the statement and converting each value than the
    database spends answering it. The filter is still the ORM's (local columns only).
    """
    queryset = model.objects.filter(where)
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        condition, params = compiler.compile(queryset.query.where)
    except EmptyResultSet:  # a filter nothing can match (an empty list of departments)
        return []
    except FullResultSet:
        condition, params = "1 = 1", []
    quote = compiler.quote_name_unless_alias
    table = quote(model._meta.db_table)
    groups = ", ".join(f"{table}.{quote(model._meta.get_field(name).column)}" for name in dimensions)
    sums = ", ".join(f"SUM({table}.{quote(model._meta.get_field(name).column)})" for name in measures)
    sql = f"SELECT {groups}, {sums} FROM {table} WHERE {condition} GROUP BY {groups}"
    width = len(dimensions)
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return [(*row[:width], *(value or 0 for value in row[width:])) for row in cursor.fetchall()]


def _case_where(filters: Filters) -> Q:
    return period_q(filters.start, filters.end) & filters.case_q()


@cached_until_refresh
def _promise_rows(filters: Filters, dimensions: tuple[str, ...]) -> list[tuple]:
    """(*dimensions, *PROMISE_MEASURES) per group: the cases closed in the range."""
    return _grouped_sums(case_table(filters, dimensions), _case_where(filters), dimensions, PROMISE_MEASURES)


@cached_until_refresh
def _opened_rows(filters: Filters) -> list[tuple]:
    """(*SHARED_DIMENSIONS, opened) per group."""
    return _grouped_sums(case_table(filters, SHARED_DIMENSIONS), _case_where(filters), SHARED_DIMENSIONS, ("opened",))


@cached_until_refresh
def promises_by(filters: Filters, dimension: str | None) -> list[Promise]:
    """On-time share and time to close of the cases closed in the range, grouped by a dimension
    (``department_id``, ``service_type_id``, ``district``, ``channel``, ``language``, or None for
    the whole city)."""
    dimensions = SHARED_DIMENSIONS if dimension in (None, *SHARED_DIMENSIONS) else (dimension,)
    position = dimensions.index(dimension) if dimension else None
    width = len(dimensions)
    totals: dict[Any, list[int]] = {}
    for row in _promise_rows(filters, dimensions):
        key = row[position] if position is not None else None
        counts = totals.get(key)
        measures = row[width:]
        totals[key] = list(measures) if counts is None else list(map(operator.add, counts, measures))
    if dimension is None and not totals:
        totals[None] = [0] * len(PROMISE_MEASURES)
    labels = _labels(dimension, list(totals)) if dimension else {}
    promises = []
    for key, counts in totals.items():
        values = dict(zip(PROMISE_MEASURES, counts, strict=True))
        buckets = counts[len(PROMISE_MEASURES) - len(BUCKET_FIELDS) :]
        promises.append(
            Promise(
                key=key,
                label=labels.get(key, str(key) if key else _("Whole city")),
                opened=values["opened"],
                closed=values["closed"],
                on_time=values["on_time"],
                late=values["late"],
                duplicates=values["duplicates"],
                median_hours=quantile_hours(buckets, 0.5),
                p90_hours=quantile_hours(buckets, 0.9),
            )
        )
    promises.sort(key=lambda p: (-(p.on_time + p.late), -p.opened, p.label))
    return promises


def _names(model, key: str) -> dict[Any, str]:
    """Every department's, type's or district's name in the current language, read once per request."""
    memo_key = f"names:{model.__name__}:{get_language()}"
    names = getattr(_memo, memo_key, None)
    if names is None:
        names = {getattr(item, key): item.localized("name") for item in model.objects.all()}
        setattr(_memo, memo_key, names)
    return names


def _labels(dimension: str | None, keys: Iterable[Any]) -> dict[Any, str]:
    keys = [key for key in keys if key not in (None, "")]
    if dimension == "department_id":
        names = _names(Department, "pk")
        return {key: names[key] for key in keys if key in names}
    if dimension == "service_type_id":
        names = _names(ServiceType, "pk")
        return {key: names[key] for key in keys if key in names}
    if dimension == "district":
        names = _names(District, "code")
        return {key: names.get(key, key) for key in keys}
    if dimension == "channel":
        return {key: channel_label(key) for key in keys}
    if dimension == "language":
        return {key: language_label(key) for key in keys}
    if dimension == "outcome":
        return {key: outcome_label(key) for key in keys}
    return {}


def district_names() -> dict[str, str]:
    return dict(_names(District, "code"))


def channel_label(code: str) -> str:
    labels = {
        Channel.PHONE: _("Phone (call-taker)"),
        Channel.IVR: _("Phone (automated line)"),
        Channel.SMS: _("Text message"),
        Channel.WEB: _("Web portal"),
        Channel.OPEN311: _("App (Open311)"),
        Channel.EMAIL: _("E-mail"),
        Channel.WALK_IN: _("Walk-in"),
        Channel.INTERNAL: _("City staff"),
    }
    return str(labels.get(code, code))


def outcome_label(code: str) -> str:
    labels = {
        InteractionOutcome.INFORMATION: _("Information given"),
        InteractionOutcome.TRANSFER: _("Transferred to a direct line"),
        InteractionOutcome.CASE_OPENED: _("Case opened"),
        InteractionOutcome.STATUS_GIVEN: _("Status given"),
        InteractionOutcome.EMERGENCY_ADVISORY: _("Told to dial 911"),
        InteractionOutcome.VOICEMAIL: _("Voicemail"),
        InteractionOutcome.ESCALATED: _("Escalated to a supervisor"),
        InteractionOutcome.FOLLOWED: _("Case followed"),
        InteractionOutcome.ABANDONED: _("Abandoned"),
        "": _("Still open"),
    }
    return str(labels.get(code, code))


def language_label(code: str) -> str:
    return {"en": _("English"), "es": _("Spanish")}.get(code, code)


# --- volume --------------------------------------------------------------------------------------


@dataclass
class SeriesPoint:
    period: date
    label: str
    cases: int
    contacts: int


def _series_label(period: date, step: str) -> str:
    if step == "month":
        return period.strftime("%Y-%m")
    if step == "week":
        return _("week of %(day)s") % {"day": period.isoformat()}
    return period.isoformat()


@cached_until_refresh
def volume_series(filters: Filters) -> list[SeriesPoint]:
    """Cases opened and contacts per day, week or month of the range (gaps filled with zero)."""
    step = filters.series_step
    cases = _stepped(case_table(filters).objects.filter(filters.case_q()), filters, step, "opened")
    contacts = _stepped(ContactFact.objects.filter(filters.contact_q()), filters, step, "contacts")
    points = []
    for period in _steps(filters.start, filters.end, step):
        points.append(SeriesPoint(period, _series_label(period, step), cases.get(period, 0), contacts.get(period, 0)))
    return points


def _stepped(facts: QuerySet, filters: Filters, step: str, measure: str) -> dict[date, int]:
    """A measure summed per day, week or month of the range, from the fewest rows that give it."""
    if step == "day":
        rows = facts.filter(grain=Grain.DAY, period__range=(filters.start, filters.end))
        key = None
    elif step == "week":
        # Whole weeks from the week rows (they may cross a month's end here), the ends from days.
        weeks: list[date] = []
        q = _weeks_and_days(filters.start, filters.end, weeks)
        rows = facts.filter(q | Q(grain=Grain.WEEK, period__in=weeks))
        key = week_of
    else:
        rows = facts.filter(period_q(filters.start, filters.end))
        key = month_of
    result: dict[date, int] = defaultdict(int)
    for row in rows.values("grain", "period").annotate(total=Sum(measure)).order_by():
        period = row["period"]
        result[key(period) if key else period] += row["total"] or 0
    return dict(result)


def _steps(start: date, end: date, step: str) -> list[date]:
    if step == "month":
        periods, month = [], start.replace(day=1)
        while month <= end:
            periods.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        return periods
    if step == "week":
        first = start - timedelta(days=start.weekday())
        return [first + timedelta(weeks=n) for n in range(((end - first).days // 7) + 1)]
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


@dataclass
class Count:
    key: Any
    label: str
    cases: int = 0
    contacts: int = 0


CHANNEL_DIMENSIONS = ("channel", "language")
CONTACT_DIMENSIONS = ("channel", "language", "department_id", "service_type_id")


@cached_until_refresh
def _channel_rows(filters: Filters) -> list[tuple]:
    """(channel, language, opened) per group."""
    return _grouped_sums(CaseFact, _case_where(filters), CHANNEL_DIMENSIONS, ("opened",))


@cached_until_refresh
def _contact_rows(filters: Filters) -> list[tuple]:
    """(channel, language, department, type, contacts) per group."""
    where = period_q(filters.start, filters.end) & filters.contact_q()
    return _grouped_sums(ContactFact, where, CONTACT_DIMENSIONS, ("contacts",))


@cached_until_refresh
def cases_by(filters: Filters, dimension: str, limit: int | None = None) -> list[Count]:
    """Cases opened in the range by a dimension, most first; with contacts where they exist."""
    opened: dict[Any, int] = defaultdict(int)
    if dimension in SHARED_DIMENSIONS:  # one pass for types, departments and districts
        position = SHARED_DIMENSIONS.index(dimension)
        for row in _opened_rows(filters):
            opened[row[position]] += row[-1]
    elif dimension in CHANNEL_DIMENSIONS:  # one pass for channels and languages
        position = CHANNEL_DIMENSIONS.index(dimension)
        for row in _channel_rows(filters):
            opened[row[position]] += row[-1]
    else:
        for row in _case_facts(filters, (dimension,)).values(dimension).annotate(total=Sum("opened")):
            opened[row[dimension]] += row["total"] or 0
    rows = [{dimension: key, "total": total} for key, total in opened.items()]
    rows = sorted((row for row in rows if row["total"]), key=lambda row: -row["total"])
    contacts: dict[Any, int] = defaultdict(int)
    if dimension in CONTACT_DIMENSIONS:  # one pass for the four
        position = CONTACT_DIMENSIONS.index(dimension)
        for row in _contact_rows(filters):
            contacts[row[position]] += row[-1]
    labels = _labels(dimension, [row[dimension] for row in rows] + list(contacts))
    counts = [Count(row[dimension], labels.get(row[dimension], row[dimension]), row["total"]) for row in rows]
    if limit and len(counts) > limit:
        rest = counts[limit:]
        counts = [*counts[:limit], Count("", _("All other types"), sum(c.cases for c in rest))]
    for count in counts:
        count.contacts = contacts.get(count.key, 0) if count.key != "" else 0
    if dimension in ("channel", "language"):
        present = {count.key for count in counts}
        counts += [
            Count(key, labels.get(key, key), 0, total)
            for key, total in contacts.items()
            if key not in present and total
        ]
    return counts


# --- the open backlog ----------------------------------------------------------------------------


@dataclass
class BacklogRow:
    label: str
    open: int = 0
    breached: int = 0
    paused: int = 0


@cached_until_refresh
def backlog_by_age(filters: Filters, today: date) -> list[BacklogRow]:
    """Open cases by age at the last refresh (the date range does not apply: it is the backlog now)."""
    rows = (
        BacklogFact.objects.filter(filters.case_q())
        .values("opened_day")
        .annotate(open=Sum("open"), breached=Sum("breached"), paused=Sum("paused"))
    )
    buckets = [BacklogRow(_(label)) for label, _first, _last in BACKLOG_AGES]
    for row in rows:
        age = (today - row["opened_day"]).days
        for bucket, (_label, first, last) in zip(buckets, BACKLOG_AGES, strict=True):
            if age >= first and (last is None or age <= last):
                bucket.open += row["open"] or 0
                bucket.breached += row["breached"] or 0
                bucket.paused += row["paused"] or 0
                break
    return buckets


@cached_until_refresh
def backlog_by_department(filters: Filters) -> list[BacklogRow]:
    rows = (
        BacklogFact.objects.filter(filters.case_q())
        .values("department_id")
        .annotate(open=Sum("open"), breached=Sum("breached"), paused=Sum("paused"))
        .order_by("-open")
    )
    labels = _labels("department_id", [row["department_id"] for row in rows])
    return [
        BacklogRow(labels.get(row["department_id"], ""), row["open"], row["breached"], row["paused"]) for row in rows
    ]


def breached_open_cases(filters: Filters, now: datetime, limit: int = 50) -> QuerySet:
    """Open cases past their due time, most overdue first (live, not from the roll-ups)."""
    return (
        Case.objects.filter(status__in=OPEN_STATUSES, sla_paused_at__isnull=True, sla_due_at__lt=now)
        .filter(filters.case_q())
        .select_related("service_type", "department")
        .order_by("sla_due_at")[:limit]
    )


# --- the call centre -----------------------------------------------------------------------------


def _contact_facts(filters: Filters) -> QuerySet:
    return ContactFact.objects.filter(period_q(filters.start, filters.end)).filter(filters.contact_q())


@cached_until_refresh
def contacts_by_hour_of_week(filters: Filters) -> list[list[int]]:
    """Contacts started in each hour of each weekday over the range: grid[weekday][hour]."""
    grid = [[0] * 24 for _ in range(7)]
    rows = (
        ContactHour.objects.filter(day__range=(filters.start, filters.end))
        .filter(filters.calls_q())
        .values("weekday", "hour")
        .annotate(total=Sum("contacts"))
    )
    for row in rows:
        grid[row["weekday"]][row["hour"]] = row["total"] or 0
    return grid


@cached_until_refresh
def contacts_by_outcome(filters: Filters) -> list[Count]:
    rows = _contact_facts(filters).values("outcome").annotate(total=Sum("contacts")).order_by("-total")
    return [
        Count(row["outcome"], outcome_label(row["outcome"]), contacts=row["total"] or 0) for row in rows if row["total"]
    ]


@dataclass
class Resolution:
    key: Any
    label: str
    first_contacts: int
    resolved: int

    @property
    def rate(self) -> float | None:
        return share(self.resolved, self.first_contacts)


@cached_until_refresh
def first_contact_resolution(filters: Filters, dimension: str | None = None) -> list[Resolution]:
    facts = _contact_facts(filters)
    measures = {"first": Sum("first_contacts"), "resolved": Sum("resolved_first")}
    rows = facts.values(dimension).annotate(**measures) if dimension else [facts.aggregate(**measures)]
    labels = _labels(dimension, [row.get(dimension) for row in rows]) if dimension else {}
    result = []
    for row in rows:
        key = row.get(dimension) if dimension else None
        if dimension and not row["first"]:
            continue
        result.append(Resolution(key, labels.get(key, _("All contacts")), row["first"] or 0, row["resolved"] or 0))
    return result


@cached_until_refresh
def transfers_by_department(filters: Filters) -> list[Count]:
    rows = (
        _contact_facts(filters)
        .filter(outcome=InteractionOutcome.TRANSFER)
        .values("department_id")
        .annotate(total=Sum("contacts"))
        .order_by("-total")
    )
    labels = _labels("department_id", [row["department_id"] for row in rows])
    return [
        Count(row["department_id"], labels.get(row["department_id"], _("Not recorded")), contacts=row["total"])
        for row in rows
    ]


@dataclass
class AgentLoad:
    agent_id: int
    name: str
    contacts: int
    timed: int
    handled_seconds: float

    @property
    def average_seconds(self) -> float | None:
        return self.handled_seconds / self.timed if self.timed else None


@cached_until_refresh
def handling_time_by_agent(filters: Filters) -> list[AgentLoad]:
    from django.contrib.auth import get_user_model

    rows = (
        AgentDay.objects.filter(day__range=(filters.start, filters.end))
        .filter(filters.calls_q())
        .values("agent_id")
        .annotate(contacts=Sum("contacts"), timed=Sum("timed"), seconds=Sum("handled_seconds"))
        .order_by("-contacts")
    )
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=[row["agent_id"] for row in rows])}
    loads = []
    for row in rows:
        user = users.get(row["agent_id"])
        name = (user.get_full_name() or user.get_username()) if user else str(row["agent_id"])
        loads.append(AgentLoad(row["agent_id"], name, row["contacts"] or 0, row["timed"] or 0, row["seconds"] or 0.0))
    return loads


# --- places --------------------------------------------------------------------------------------


@dataclass
class Hexagon:
    cell: str
    cases: int
    lat: float
    lon: float
    district: str

    def boundary(self) -> list[list[float]]:
        """The hexagon's corners as GeoJSON [lon, lat] pairs, closed."""
        corners = [[round(lon, 6), round(lat, 6)] for lat, lon in h3.cell_to_boundary(self.cell)]
        return [*corners, corners[0]]


@cached_until_refresh
def hexagons(filters: Filters) -> tuple[list[Hexagon], tuple[date, date]]:
    """Cases per map hexagon for the whole months the range touches (the map is kept by month)."""
    first = filters.start.replace(day=1)
    last = filters.end.replace(day=1)
    rows = (
        HexFact.objects.filter(month__range=(first, last))
        .filter(filters.case_q())
        .values("cell")
        .annotate(total=Sum("cases"))
        .order_by("-total")
    )
    city = current_jurisdiction()
    result = []
    for row in rows:
        lat, lon = h3.cell_to_latlng(row["cell"])
        district = city.district_at(lat, lon) if city else None
        result.append(Hexagon(row["cell"], row["total"] or 0, lat, lon, district.localized("name") if district else ""))
    following = (last + timedelta(days=32)).replace(day=1)
    return result, (first, following - timedelta(days=1))


@cached_until_refresh
def repeat_spots(filters: Filters, limit: int = 25) -> list[RepeatSpot]:
    """Spots with the same problem reported again and again in the last year (not the date range)."""
    # Spots are kept by type and place only: the channel and language filters do not apply.
    spot_filters = replace(filters, channel="", language="")
    return list(RepeatSpot.objects.filter(spot_filters.case_q()).select_related("service_type", "latest_case")[:limit])


# --- freshness -----------------------------------------------------------------------------------


def last_refresh() -> datetime | None:
    state = RefreshState.objects.filter(pk=1).first()
    return state.refreshed_at if state else None


def today_in_city() -> date:
    city = current_jurisdiction()
    now = timezone.now()
    return now.astimezone(city.zone).date() if city else now.date()


def default_filters(**values: Any) -> Filters:
    """The last 30 days up to today, unless told otherwise."""
    today = today_in_city()
    base = Filters(start=today - timedelta(days=29), end=today)
    return replace(base, **values)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def group_sum(rows: Iterable[dict], key: str, measure: str) -> dict[Any, float]:
    totals: dict[Any, float] = defaultdict(float)
    for row in rows:
        totals[row[key]] += row[measure] or 0
    return dict(totals)


@cached_until_refresh
def promises_by_month(filters: Filters) -> list[Promise]:
    """Cases opened, and promises kept by the cases closed, in each month of the range."""
    names = ("opened", "closed", "on_time", "late", *BUCKET_FIELDS)
    rows = _grouped_sums(case_table(filters), _case_where(filters), ("grain", "period"), names)
    sums: dict[date, list[int]] = {}
    for _grain, period, *values in rows:
        month = month_of(date.fromisoformat(period) if isinstance(period, str) else period)
        counts = sums.get(month)
        sums[month] = values if counts is None else list(map(operator.add, counts, values))
    found = {}
    for month, counts in sums.items():
        values = dict(zip(names, counts, strict=True))
        buckets = counts[4:]
        found[month] = Promise(
            key=month,
            label=month.strftime("%Y-%m"),
            opened=values["opened"],
            closed=values["closed"],
            on_time=values["on_time"],
            late=values["late"],
            median_hours=quantile_hours(buckets, 0.5),
            p90_hours=quantile_hours(buckets, 0.9),
        )
    return [
        found.get(month) or Promise(month, month.strftime("%Y-%m"))
        for month in _steps(filters.start, filters.end, "month")
    ]
