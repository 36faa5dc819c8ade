"""The supervisor's view of the queue's health and of today's calls, computed in the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.utils import timezone

from cityline.cases.models import (
    OPEN_STATUSES,
    SLA_STATES,
    Case,
    Channel,
    Interaction,
    InteractionOutcome,
    sla_state_filter,
)
from cityline.core.models import current_jurisdiction
from cityline.directory.models import Department

LIST_LENGTH = 25


@dataclass
class DepartmentHealth:
    department: Department
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class AgentDay:
    name: str
    handled: int
    average: timedelta | None


@dataclass
class Health:
    at: datetime
    departments: list[DepartmentHealth]
    totals: dict[str, int]
    breached: list[Case]
    due_today: list[Case]
    escalations: list[Case]
    escalated_calls: list[Interaction]
    outcomes: list[tuple[str, str]]  # (code, label) rows of the table
    channels: list[tuple[str, str]]  # (code, label) columns
    mix: dict[tuple[str, str], int] = field(default_factory=dict)
    agents: list[AgentDay] = field(default_factory=list)

    def mix_count(self, outcome: str, channel: str) -> int:
        return self.mix.get((outcome, channel), 0)


def local_day(at: datetime) -> tuple[datetime, datetime]:
    """Start and end of the city's day around ``at``."""
    zone = current_jurisdiction().zone
    day = at.astimezone(zone).date()
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


def queue_health(at: datetime | None = None) -> Health:
    at = at or timezone.now()
    start, end = local_day(at)
    open_cases = Case.objects.filter(status__in=OPEN_STATUSES)
    by_department = {
        row["department"]: row
        for row in open_cases.values("department").annotate(
            **{state: Count("pk", filter=sla_state_filter(state, at)) for state in SLA_STATES}
        )
    }
    departments = [
        DepartmentHealth(d, {state: by_department.get(d.pk, {}).get(state, 0) for state in SLA_STATES})
        for d in Department.objects.filter(pk__in=by_department.keys())
    ]
    departments.sort(key=lambda h: (-h.counts["breached"], -h.total, h.department.name))
    totals = {state: sum(h.counts[state] for h in departments) for state in SLA_STATES}
    listed = open_cases.select_related("service_type", "department", "assignee")
    breached = list(listed.filter(sla_state_filter("breached", at)).order_by("sla_due_at", "pk")[:LIST_LENGTH])
    due_today = list(
        listed.filter(sla_state_filter("due_soon", at) | sla_state_filter("on_time", at), sla_due_at__lt=end).order_by(
            "sla_due_at", "pk"
        )[:LIST_LENGTH]
    )
    complaint = current_jurisdiction().complaint_service
    escalations = (
        list(listed.filter(service_type__code=complaint).order_by("created_at", "pk")[:LIST_LENGTH])
        if complaint
        else []
    )
    today = Interaction.objects.filter(started_at__gte=start, started_at__lt=end)
    escalated_calls = list(
        today.filter(outcome=InteractionOutcome.ESCALATED, case__isnull=True)
        .select_related("agent")
        .order_by("-started_at")[:LIST_LENGTH]
    )
    mix = {
        (row["outcome"], row["channel"]): row["n"]
        for row in today.exclude(outcome="").values("outcome", "channel").annotate(n=Count("pk"))
    }
    channels_seen = {channel for _, channel in mix}
    outcomes_seen = {outcome for outcome, _ in mix}
    handled = ExpressionWrapper(F("ended_at") - F("started_at"), output_field=DurationField())
    User = get_user_model()
    agent_rows = (
        today.filter(agent__isnull=False, ended_at__isnull=False, channel=Channel.PHONE)
        .values("agent")
        .annotate(n=Count("pk"), average=Avg(handled))
        .order_by("-n")
    )
    names = {
        u.pk: u.get_full_name() or u.username for u in User.objects.filter(pk__in=[r["agent"] for r in agent_rows])
    }
    return Health(
        at=at,
        departments=departments,
        totals=totals,
        breached=breached,
        due_today=due_today,
        escalations=escalations,
        escalated_calls=escalated_calls,
        outcomes=[(c, label) for c, label in InteractionOutcome.choices if c in outcomes_seen],
        channels=[(c, label) for c, label in Channel.choices if c in channels_seen],
        mix=mix,
        agents=[AgentDay(names.get(r["agent"], "?"), r["n"], r["average"]) for r in agent_rows],
    )


def my_calls_today(user: Any, at: datetime | None = None) -> dict[str, Any]:
    """A call-taker's own count and average handling time today (shown on their screen)."""
    start, end = local_day(at or timezone.now())
    handled = ExpressionWrapper(F("ended_at") - F("started_at"), output_field=DurationField())
    return Interaction.objects.filter(
        agent=user, started_at__gte=start, started_at__lt=end, ended_at__isnull=False
    ).aggregate(n=Count("pk"), average=Avg(handled), cases=Count("pk", filter=Q(outcome="case_opened")))
