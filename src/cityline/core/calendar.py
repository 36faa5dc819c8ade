"""The business calendar: when the city (or one department) is open, in the city's own time.

SLA clocks, "open now / opens at" on the directory, the phone line's greeting and every after-hours
decision ask this module. Opening hours are local wall-clock times; a day's opening spans are turned
into absolute (UTC) intervals one local date at a time, so daylight-saving changes, holidays,
the city's own closures and a department's dated exceptions all fall out of the same rule.

All arithmetic is done in UTC: Python adds and compares two datetimes of the *same* zone by their
wall-clock reading, which is an hour off across a daylight-saving change. Answers are given back in
the city's zone.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

UTC = ZoneInfo("UTC")
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60
# A calendar that is never open must not make a search loop for ever.
SEARCH_HORIZON_DAYS = 400

Interval = tuple[int, int]  # minutes after local midnight, [start, end), end may be 1440


class HoursFormatError(ValueError):
    """Opening hours written in a way Cityline cannot read; the message says how to write them."""


_INTERVAL = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def parse_intervals(text: str) -> list[Interval]:
    """Read ``"08:00-12:00, 13:00-17:00"``, ``"closed"`` or ``"24/7"`` into minute intervals."""
    text = str(text).strip().lower()
    if text in {"closed", "", "none"}:
        return []
    if text in {"24/7", "24h", "all day"}:
        return [(0, MINUTES_PER_DAY)]
    intervals = []
    for part in text.split(","):
        match = _INTERVAL.match(part)
        if not match:
            raise HoursFormatError(
                f'"{part.strip()}" is not an opening interval; write it as "08:00-17:00" (24-hour clock), '
                'several separated by commas, or "closed"'
            )
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if h1 > 23 or m1 > 59 or m2 > 59 or end > MINUTES_PER_DAY:
            raise HoursFormatError(f'"{part.strip()}" has a time that does not exist on a 24-hour clock')
        if end <= start:
            raise HoursFormatError(
                f'"{part.strip()}" closes before it opens; an interval past midnight is written as two '
                'days ("22:00-24:00" and "00:00-02:00")'
            )
        intervals.append((start, end))
    intervals.sort()
    for (_, end), (next_start, _) in itertools.pairwise(intervals):
        if next_start < end:
            raise HoursFormatError(f'"{text}" has overlapping intervals')
    return intervals


def parse_day_key(key: str) -> list[int]:
    """``"mon-fri"`` → [0..4]; ``"sat"`` → [5]; also full names (``"monday"``)."""

    def one(name: str) -> int:
        name = name.strip().lower()[:3]
        if name not in DAY_NAMES:
            raise HoursFormatError(f'"{key}" is not a day or day range; use mon, tue, … sun or a range like mon-fri')
        return DAY_NAMES.index(name)

    if "-" in key:
        first, last = key.split("-", 1)
        start, end = one(first), one(last)
        if end < start:
            raise HoursFormatError(f'"{key}" runs backwards; write the days in week order, e.g. mon-fri')
        return list(range(start, end + 1))
    return [one(key)]


def format_minutes(minute: int) -> str:
    return "24:00" if minute == MINUTES_PER_DAY else f"{minute // 60:02d}:{minute % 60:02d}"


@dataclass(frozen=True)
class WeeklyHours:
    """Opening intervals for each weekday (0 = Monday), local wall-clock time."""

    days: tuple[tuple[Interval, ...], ...]

    @classmethod
    def parse(cls, schedule: Mapping[str, str] | str) -> WeeklyHours:
        """From a pack's mapping ``{"mon-fri": "08:00-17:00"}``; days not named are closed."""
        if isinstance(schedule, str):
            intervals = tuple(parse_intervals(schedule))
            return cls(days=tuple(intervals for _ in DAY_NAMES))
        days: list[tuple[Interval, ...] | None] = [None] * 7
        for key, text in schedule.items():
            intervals = tuple(parse_intervals(text))
            for day in parse_day_key(str(key)):
                if days[day] is not None:
                    raise HoursFormatError(f'{DAY_NAMES[day]} is given twice (in "{key}")')
                days[day] = intervals
        return cls(days=tuple(d or () for d in days))

    @classmethod
    def from_json(cls, data: Mapping[str, list[list[int]]]) -> WeeklyHours:
        return cls(days=tuple(tuple(tuple(i) for i in data.get(name, [])) for name in DAY_NAMES))

    def to_json(self) -> dict[str, list[list[int]]]:
        return {name: [list(i) for i in self.days[n]] for n, name in enumerate(DAY_NAMES) if self.days[n]}

    def describe(self) -> list[tuple[str, str]]:
        """Rows for display: (day, "08:00–17:00" or "closed"), one per weekday."""
        return [
            (name, ", ".join(f"{format_minutes(a)}–{format_minutes(b)}" for a, b in self.days[n]) or "closed")
            for n, name in enumerate(DAY_NAMES)
        ]

    @property
    def always_open(self) -> bool:
        return all(day == ((0, MINUTES_PER_DAY),) for day in self.days)


ALWAYS_OPEN = WeeklyHours(days=tuple(((0, MINUTES_PER_DAY),) for _ in DAY_NAMES))


@dataclass(frozen=True)
class DayOverride:
    """A dated change to the weekly hours: a holiday or closure (no intervals) or shorter hours."""

    intervals: tuple[Interval, ...]
    reason: str
    # The reason in each of the city's languages, where the pack gives them.
    names: Mapping[str, str] = field(default_factory=dict, compare=False)

    @property
    def closed_all_day(self) -> bool:
        return not self.intervals

    def name(self, language: str) -> str:
        return self.names.get(language) or self.reason


@dataclass(frozen=True)
class Span:
    """One opening, as absolute datetimes in UTC."""

    start: datetime
    end: datetime

    def __contains__(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


@dataclass(frozen=True, eq=False)
class BusinessCalendar:
    """Is it open, when does it open next, and business-time arithmetic, in one time zone.

    ``overrides`` maps local dates to a :class:`DayOverride` (holidays, closures and dated
    exceptions, already merged by whoever builds the calendar).
    """

    zone: ZoneInfo
    weekly: WeeklyHours
    overrides: Mapping[date, DayOverride] = field(default_factory=dict)

    # --- one day ---------------------------------------------------------------------------

    def intervals_on(self, day: date) -> tuple[Interval, ...]:
        override = self.overrides.get(day)
        if override is not None:
            return override.intervals
        return self.weekly.days[day.weekday()]

    def closure_on(self, day: date) -> DayOverride | None:
        return self.overrides.get(day)

    def is_business_day(self, day: date) -> bool:
        return bool(self.intervals_on(day))

    def spans_on(self, day: date) -> tuple[Span, ...]:
        return _spans_on(self, day)

    def _local_moment(self, day: date, minute: int) -> datetime:
        if minute >= MINUTES_PER_DAY:
            day, minute = day + timedelta(days=1), minute - MINUTES_PER_DAY
        naive = datetime.combine(day, time(minute // 60, minute % 60))
        # Converting to UTC moves a wall time that does not exist (the hour skipped in spring) to
        # the real instant just after the gap.
        return naive.replace(tzinfo=self.zone).astimezone(UTC)

    def local_date(self, moment: datetime) -> date:
        return _aware(moment).astimezone(self.zone).date()

    # --- questions about a moment ----------------------------------------------------------

    def spans_from(self, moment: datetime) -> Iterator[Span]:
        """Every opening that ends after ``moment``, in order, for up to the search horizon."""
        moment = _aware(moment)
        day = self.local_date(moment) - timedelta(days=1)
        for offset in range(SEARCH_HORIZON_DAYS):
            for span in self.spans_on(day + timedelta(days=offset)):
                if span.end > moment:
                    yield span

    def current_span(self, moment: datetime) -> Span | None:
        moment = _aware(moment)
        for span in self.spans_from(moment):
            return span if moment in span else None
        return None

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def is_open(self, moment: datetime) -> bool:
        return self.current_span(moment) is not None

    def next_opening(self, moment: datetime) -> datetime | None:
        """``moment`` itself if open then, else the start of the next opening (None: never opens)."""
        moment = _aware(moment)
        for span in self.spans_from(moment):
            return self.local(max(span.start, moment))
        return None

    def next_closing(self, moment: datetime) -> datetime | None:
        """When the current (or next) opening ends; a run of back-to-back spans counts as one."""
        moment = _aware(moment)
        closing = None
        for span in self.spans_from(moment):
            if closing is None or span.start <= closing:
                closing = span.end
            else:
                break
        return self.local(closing) if closing else None

    # --- arithmetic ------------------------------------------------------------------------

    def add_business_time(self, start: datetime, duration: timedelta) -> datetime:
        """The moment when ``duration`` of open time has passed since ``start``.

        With a zero duration, the next opening. The result is always inside an opening or at its
        end, never in closed hours.
        """
        remaining = duration
        if remaining < timedelta(0):
            raise ValueError("duration must not be negative")
        start = _aware(start)
        for span in self.spans_from(start):
            begin = max(span.start, start)
            available = span.end - begin
            if remaining <= available:
                return self.local(begin + remaining)
            remaining -= available
        raise ValueError("the calendar has no open hours within the search horizon")

    def add_business_days(self, start: datetime, days: int) -> datetime:
        """The same local time ``days`` business days after the clock starts.

        The clock starts at ``start``, or at the next opening if closed then. The result is on the
        ``days``-th business day after the start's day, at the start's local time if open then, or
        else the end of that day's last opening before that time (or its first opening's end, if
        the day opens later than that time), so it never falls in closed hours.
        """
        if days < 0:
            raise ValueError("days must not be negative")
        begin = self.next_opening(start)
        if begin is None:
            raise ValueError("the calendar has no open hours within the search horizon")
        if days == 0:
            return begin
        local = begin.astimezone(self.zone)
        day = local.date()
        counted = 0
        for _ in range(SEARCH_HORIZON_DAYS * 2):
            day += timedelta(days=1)
            if self.is_business_day(day):
                counted += 1
                if counted == days:
                    break
        else:
            raise ValueError("the calendar has no open hours within the search horizon")
        target = self._local_moment(day, local.hour * 60 + local.minute) + timedelta(
            seconds=local.second, microseconds=local.microsecond
        )
        spans = self.spans_on(day)
        for span in spans:
            if span.start <= target <= span.end:
                return self.local(target)
        earlier = [span.end for span in spans if span.end <= target]
        return self.local(earlier[-1] if earlier else spans[0].end)

    def business_time_between(self, start: datetime, end: datetime) -> timedelta:
        """How much open time lies between two moments (zero if ``end`` is not after ``start``)."""
        start, end = _aware(start), _aware(end)
        total = timedelta(0)
        if end <= start:
            return total
        for span in self.spans_from(start):
            if span.start >= end:
                break
            total += min(span.end, end) - max(span.start, start)
        return total

    def openings_between(self, start: datetime, end: datetime) -> Iterable[Span]:
        for span in self.spans_from(start):
            if span.start >= end:
                break
            yield span


@lru_cache(maxsize=20000)
def _spans_on(calendar: BusinessCalendar, day: date) -> tuple[Span, ...]:
    # Cached per (calendar object, date): generating a million cases' SLA dues asks the same days
    # again and again.
    return tuple(
        Span(calendar._local_moment(day, a), calendar._local_moment(day, b)) for a, b in calendar.intervals_on(day)
    )


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("business calendar arithmetic needs time-zone-aware datetimes")
    return moment.astimezone(UTC)
