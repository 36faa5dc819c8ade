"""How many call-takers each hour of the week needs: a forecast of calls from the past weeks and
Erlang C (``pyworkforce``) for the agents that answer a share of them within a target time.

The forecast for an hour of the week (Monday 08:00–09:00) is the mean of the calls in that hour
over the last ``FORECAST_WEEKS`` whole weeks; the handling time is the mean measured over the same
weeks, for that hour when it had enough timed calls, else over all hours. Erlang C then gives the
fewest agents on the phones that answer ``service_level`` of the calls within ``answer_seconds``;
the scheduled figure adds shrinkage (breaks, training, meetings).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Sum

from .definitions import (
    DEFAULT_ANSWER_SECONDS,
    DEFAULT_SERVICE_LEVEL,
    DEFAULT_SHRINKAGE,
    FORECAST_WEEKS,
    STAFFED_CHANNELS,
)
from .models import ContactHour

# An hour needs this many timed calls before its own handling time is trusted over the average.
MIN_TIMED_FOR_HOURLY_AHT = 30


@dataclass(frozen=True)
class StaffingHour:
    weekday: int  # 0 = Monday
    hour: int
    forecast_calls: float
    handling_seconds: float | None
    agents: int  # on the phones
    scheduled: int  # with shrinkage
    service_level: float | None  # expected share answered within the target
    occupancy: float | None


@dataclass(frozen=True)
class StaffingPlan:
    weeks: tuple[date, date]  # first and last day of the weeks the forecast reads
    service_level: float
    answer_seconds: int
    shrinkage: float
    average_handling_seconds: float | None
    hours: list[StaffingHour]

    def at(self, weekday: int, hour: int) -> StaffingHour:
        return self.hours[weekday * 24 + hour]

    @property
    def peak(self) -> StaffingHour | None:
        return max(self.hours, key=lambda h: (h.agents, h.forecast_calls), default=None)

    @property
    def agent_hours(self) -> int:
        """Scheduled call-taker hours in a week: what a budget pays for."""
        return sum(h.scheduled for h in self.hours)


def agents_needed(
    calls_per_hour: float, handling_seconds: float, service_level: float, answer_seconds: float, shrinkage: float = 0.0
) -> tuple[int, int, float | None, float | None]:
    """Erlang C for one hour: (agents on the phones, agents scheduled, expected service level,
    occupancy). No calls → no agents."""
    if calls_per_hour <= 0 or not handling_seconds:
        return 0, 0, None, None
    from pyworkforce.queuing import ErlangC  # heavy import (pulls ortools): only when asked

    erlang = ErlangC(
        transactions=calls_per_hour,
        aht=handling_seconds / 60,
        asa=answer_seconds / 60,
        interval=60,
        shrinkage=shrinkage,
    )
    result = erlang.required_positions(service_level=service_level, max_occupancy=1.0)
    return result["raw_positions"], result["positions"], result["service_level"], result["occupancy"]


def last_whole_weeks(today: date, weeks: int) -> tuple[date, date]:
    """The ``weeks`` Monday–Sunday weeks before the current one."""
    this_monday = today - timedelta(days=today.weekday())
    return this_monday - timedelta(weeks=weeks), this_monday - timedelta(days=1)


def staffing_plan(
    today: date,
    *,
    service_level: float = DEFAULT_SERVICE_LEVEL,
    answer_seconds: int = DEFAULT_ANSWER_SECONDS,
    shrinkage: float = DEFAULT_SHRINKAGE,
    weeks: int = FORECAST_WEEKS,
    language: str = "",
) -> StaffingPlan:
    first, last = last_whole_weeks(today, weeks)
    rows = ContactHour.objects.filter(day__range=(first, last), channel__in=STAFFED_CHANNELS)
    if language:
        rows = rows.filter(language=language)
    totals = rows.values("weekday", "hour").annotate(
        contacts=Sum("contacts"), timed=Sum("timed"), seconds=Sum("handled_seconds")
    )
    grid = {(row["weekday"], row["hour"]): row for row in totals}
    all_timed = sum(row["timed"] or 0 for row in totals)
    all_seconds = sum(row["seconds"] or 0 for row in totals)
    average = all_seconds / all_timed if all_timed else None
    hours = []
    for weekday in range(7):
        for hour in range(24):
            row = grid.get((weekday, hour))
            calls = (row["contacts"] or 0) / weeks if row else 0.0
            handling = average
            if row and (row["timed"] or 0) >= MIN_TIMED_FOR_HOURLY_AHT:
                handling = row["seconds"] / row["timed"]
            agents, scheduled, level, occupancy = agents_needed(
                calls, handling or 0, service_level, answer_seconds, shrinkage
            )
            hours.append(StaffingHour(weekday, hour, calls, handling, agents, scheduled, level, occupancy))
    return StaffingPlan((first, last), service_level, answer_seconds, shrinkage, average, hours)


def round_up(value: float) -> int:
    return math.ceil(value - 1e-9)
