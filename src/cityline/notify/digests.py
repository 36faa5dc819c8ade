"""The morning digest: at each department's opening, what waits for it today.

Sent once per business day when the department opens (or as soon as the worker runs after that):
the cases due today, the late ones, what came in while it was closed (and whether on call was
paged and who took it), the voicemails left since closing, and who is on call tonight. It goes to
the department's e-mail and its staff, each in their language.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation

from cityline.cases.models import OPEN_STATUSES, Case, Interaction, InteractionOutcome, OutboxMessage
from cityline.core.calendar import BusinessCalendar
from cityline.core.models import current_jurisdiction
from cityline.directory.models import Department, Role, StaffProfile

from .dates import DATE_FORMATS
from .models import DigestRun

BREACHED_LISTED = 20
# A digest that could not go at opening (the worker was down) still goes in the morning, not at night.
LATEST_AFTER_OPENING = timedelta(hours=4)


def previous_closing(calendar: BusinessCalendar, opening: datetime) -> datetime:
    """When the department last closed before ``opening`` (within the search horizon)."""
    day = calendar.local_date(opening)
    for back in range(0, 40):
        ends = [span.end for span in calendar.spans_on(day - timedelta(days=back)) if span.end <= opening]
        if ends:
            return max(ends)
    return opening - timedelta(days=1)


def _iso(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""


def build_digest(department: Department, opening: datetime) -> dict[str, Any]:
    """What the digest says, as data (dates as ISO strings: each recipient's language writes them)."""
    calendar = department.calendar
    zone = calendar.zone
    local_day = calendar.local_date(opening)
    day_end = datetime.combine(local_day + timedelta(days=1), datetime.min.time()).replace(tzinfo=zone)
    since = previous_closing(calendar, opening)
    open_cases = Case.objects.filter(department=department, status__in=OPEN_STATUSES).select_related("service_type")

    def item(case: Case) -> dict[str, Any]:
        return {
            "number": case.display_number,
            "service": case.service_type.all_languages("name") or {"": case.service_type.name},
            "address": case.address,
            "due_at": _iso(case.sla_due_at),
            "received_at": _iso(case.created_at),
        }

    due_today = [
        item(c)
        for c in open_cases.filter(
            sla_due_at__gte=opening, sla_due_at__lt=day_end, sla_paused_at__isnull=True
        ).order_by("sla_due_at")
    ]
    late = open_cases.filter(sla_due_at__lt=opening, sla_paused_at__isnull=True)
    breached = [item(c) for c in late.order_by("sla_due_at")[:BREACHED_LISTED]]
    after_hours = []
    for case in (
        Case.objects.filter(department=department, created_at__gte=since, created_at__lt=opening)
        .select_related("service_type")
        .prefetch_related("escalations__acknowledged_by")
        .order_by("created_at")
    ):
        entry = item(case)
        escalations = list(case.escalations.all())
        entry["paged"] = bool(escalations)
        accepted = next((e.acknowledged_by for e in escalations if e.acknowledged_by_id), None)
        entry["accepted_by"] = (accepted.get_full_name() or accepted.get_username()) if accepted else ""
        after_hours.append(entry)
    voicemails = [
        {"received_at": _iso(interaction.started_at), "summary": interaction.summary[:300]}
        for interaction in Interaction.objects.filter(
            department=department,
            outcome=InteractionOutcome.VOICEMAIL,
            started_at__gte=since,
            started_at__lt=opening,
        ).order_by("started_at")
    ]
    from cityline.oncall.rotations import who_is_on_call

    closing = calendar.next_closing(opening) or opening
    on_call = [
        {"name": shift.name, "rotation": shift.rotation.name}
        for shift in who_is_on_call(department, closing + timedelta(minutes=1))
    ]
    pages_after_hours = (
        department.rotations.exists() or department.service_types.filter(active=True, after_hours="urgent").exists()
    )
    return {
        "department": department.slug,
        "day": local_day.isoformat(),
        "since": _iso(since),
        "due_today": due_today,
        "breached": breached,
        "breached_count": late.count(),
        "after_hours": after_hours,
        "voicemails": voicemails,
        "on_call": on_call,
        "pages_after_hours": pages_after_hours,
    }


def recipients(department: Department) -> list[tuple[str, str]]:
    city = current_jurisdiction()
    default_language = city.default_language if city else "en"
    people = []
    if department.email:
        people.append((department.email.lower(), default_language))
    staff = StaffProfile.objects.filter(
        departments=department, role__in=[Role.DEPARTMENT_STAFF, Role.SUPERVISOR], user__is_active=True
    ).select_related("user")
    for profile in staff:
        if profile.user.email:
            people.append((profile.user.email.lower(), profile.language))
    return list(dict(people).items())


def send_due_digests(now: datetime | None = None) -> int:
    """Write today's digest for every department that is open now and has not had it. Returns how many."""
    now = now or timezone.now()
    written = 0
    for department in Department.objects.filter(active=True):
        calendar = department.calendar
        # A department open around the clock has no night to sum up.
        if calendar.weekly.always_open or not calendar.is_open(now):
            continue
        day = calendar.local_date(now)
        spans = calendar.spans_on(day)
        if not spans or not (spans[0].start <= now < spans[0].start + LATEST_AFTER_OPENING):
            continue
        if DigestRun.objects.filter(department=department, day=day).exists():
            continue
        opening = spans[0].start
        people = recipients(department)
        try:
            with transaction.atomic():
                DigestRun.objects.create(department=department, day=day, created_at=now, recipients=len(people))
                if people:
                    digest = build_digest(department, opening)
                    for address, language in people:
                        OutboxMessage.objects.create(
                            kind="digest",
                            channel="email",
                            recipient=address,
                            language=language,
                            payload=digest,
                            dedupe_key=f"digest:{department.pk}:{day.isoformat()}:{address}",
                        )
        except IntegrityError:
            continue  # another worker wrote it at the same moment
        written += 1
    return written


def localise(digest: dict[str, Any], language: str) -> dict[str, Any]:
    """The digest's dates and names in one language, for the template."""
    city = current_jurisdiction()
    zone = city.zone if city else None
    table = DATE_FORMATS.get(language, DATE_FORMATS["en"])

    def fmt(value: str, style: str) -> str:
        if not value:
            return ""
        moment = datetime.fromisoformat(value)
        return formats.date_format(moment.astimezone(zone) if zone else moment, table[style])

    def name(names: dict[str, str]) -> str:
        return names.get(language) or next(iter(names.values()), "")

    with translation.override(language):
        lists = {}
        for key in ("due_today", "breached", "after_hours"):
            lists[key] = [
                {
                    **entry,
                    "service": name(entry["service"]),
                    "due": fmt(entry["due_at"], "short"),
                    "due_time": fmt(entry["due_at"], "time"),
                    "received": fmt(entry["received_at"], "short"),
                }
                for entry in digest.get(key, [])
            ]
        voicemails = [
            {**entry, "received": fmt(entry["received_at"], "short")} for entry in digest.get("voicemails", [])
        ]
        department = Department.objects.filter(slug=digest.get("department")).first()
        day = datetime.fromisoformat(digest["day"]) if digest.get("day") else None
        return {
            **lists,
            "voicemails": voicemails,
            "breached_count": digest.get("breached_count", 0),
            "on_call": digest.get("on_call", []),
            "pages_after_hours": digest.get("pages_after_hours", True),
            "department_name": department.localized("name", language) if department else digest.get("department", ""),
            "day_words": formats.date_format(day, table["day"]) if day else "",
        }
