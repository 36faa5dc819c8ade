"""SLA alerts: a case about to be late, and a case that is late, to the people who can act.

Due soon goes to the assignee (or the department when nobody is assigned); breached goes to the
assignee, the department and its supervisors. "Soon" is a quarter of the case's time, at least an
hour and at most a day before it is due. Each alert is sent once per case and due time (a reopened
or resumed case with a new due time earns new alerts) and written in the case's history.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from cityline.cases import actions
from cityline.cases.models import OPEN_STATUSES, Case, EventKind, OutboxMessage
from cityline.core.models import current_jurisdiction
from cityline.directory.models import Role, StaffProfile

from .models import SlaAlert, SlaAlertKind

MAX_DUE_SOON = timedelta(hours=24)
MIN_DUE_SOON = timedelta(hours=1)


def due_soon_threshold(case: Case) -> timedelta:
    window = case.sla_due_at - case.created_at
    return max(MIN_DUE_SOON, min(MAX_DUE_SOON, window / 4))


def _recipients(case: Case, kind: str) -> list[tuple[str, str]]:
    """(e-mail address, language) of the people to alert."""
    city = current_jurisdiction()
    default_language = city.default_language if city else "en"
    people: list[tuple[str, str]] = []
    if case.assignee and case.assignee.email:
        profile = getattr(case.assignee, "staff", None)
        people.append((case.assignee.email, profile.language if profile else default_language))
    department_wide = kind == SlaAlertKind.BREACHED or not people
    if department_wide and case.department.email:
        people.append((case.department.email, default_language))
    if kind == SlaAlertKind.BREACHED:
        for profile in StaffProfile.objects.filter(role=Role.SUPERVISOR, departments=case.department).select_related(
            "user"
        ):
            if profile.user.email:
                people.append((profile.user.email, profile.language))
    return list(dict.fromkeys(people))


def _alert(case: Case, kind: str, now: datetime) -> bool:
    with transaction.atomic():
        try:
            with transaction.atomic():
                SlaAlert.objects.create(case=case, kind=kind, due_at=case.sla_due_at, created_at=now)
        except IntegrityError:
            return False
        recipients = _recipients(case, kind)
        for address, language in recipients:
            OutboxMessage.objects.get_or_create(
                dedupe_key=f"{kind}:{case.pk}:{case.sla_due_at.isoformat()}:{address}",
                defaults={
                    "case": case,
                    "kind": kind,
                    "channel": "email",
                    "recipient": address,
                    "language": language,
                    "payload": {"due": case.sla_due_at.isoformat()},
                },
            )
        late = kind == SlaAlertKind.BREACHED
        who = ", ".join(address for address, _ in recipients) or "nobody (no assignee, department or supervisor e-mail)"
        actions.record_event(
            case,
            EventKind.SLA_BREACHED if late else EventKind.SLA_DUE_SOON,
            actor=actions.Actor(label="SLA watch"),
            note=f"{'Past its due time' if late else 'Due soon'}: alert sent to {who}.",
            data={"due": case.sla_due_at.isoformat(), "recipients": len(recipients)},
        )
    return True


def scan(now: datetime | None = None, limit: int = 500) -> dict[str, int]:
    """Alert on every running case that is late or due soon and has not had that alert yet."""
    now = now or timezone.now()
    running = Case.objects.filter(status__in=OPEN_STATUSES, sla_paused_at__isnull=True).select_related(
        "department", "assignee__staff", "service_type"
    )
    counts = {"breached": 0, "due_soon": 0}

    def alerted(kind: str):
        return Exists(SlaAlert.objects.filter(case=OuterRef("pk"), kind=kind, due_at=OuterRef("sla_due_at")))

    for case in (
        running.filter(sla_due_at__lte=now).exclude(alerted(SlaAlertKind.BREACHED)).order_by("sla_due_at")[:limit]
    ):
        counts["breached"] += _alert(case, SlaAlertKind.BREACHED, now)
    soon = (
        running.filter(sla_due_at__gt=now, sla_due_at__lte=now + MAX_DUE_SOON)
        .exclude(alerted(SlaAlertKind.DUE_SOON))
        .order_by("sla_due_at")[:limit]
    )
    for case in soon:
        if case.sla_due_at - now <= due_soon_threshold(case):
            counts["due_soon"] += _alert(case, SlaAlertKind.DUE_SOON, now)
    return counts
