"""Paging: who is woken for an urgent case after hours, and what happens when they answer or don't.

An escalation pages level 1 (by text message, a phone call that reads the case and an e-mail copy);
if nobody accepts within the level's wait, the next level is paged, and so on; after the last level
the levels are paged again ``policy.repeat`` times, then the supervisors and the department are told
that nobody answered. Accepting a page (keypad 1, a text reply, the signed link, or working the case
in the console) stops it. A level with nobody on it is never silent: the supervisors are alerted and
the next level is paged at once.

Every page, answer and step is a line in the case's history (``cases.actions.record_event``), and
every message is an outbox row written in the same transaction, so nothing is lost if the worker or
the web process dies half-way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from cityline.cases import actions
from cityline.cases.models import Case, EventKind, OutboxMessage, Status
from cityline.catalog.models import AfterHours
from cityline.core.phones import display_number
from cityline.directory.models import Department, Role, StaffProfile

from .models import (
    AnswerChannel,
    Escalation,
    EscalationState,
    Page,
    PageStatus,
    Rotation,
    paging_phone,
    person_name,
    staff_language,
)

logger = logging.getLogger(__name__)

DEFAULT_WAIT = timedelta(minutes=15)
SYSTEM = actions.Actor(label="On-call paging")


@dataclass(frozen=True)
class Words:
    """A sentence kept as its English text (marked with ``gettext_noop``) and its values, written out
    in whichever language is active when it is made a string: an alert is written once for each
    reader, in that reader's language. A value may be a callable (a name looked up in that language)."""

    text: str
    values: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        values = {name: value() if callable(value) else str(value) for name, value in self.values.items()}
        return gettext(self.text) % values


def in_english(words: Words | str) -> str:
    """For the case history and the log, which are kept in English."""
    with translation.override("en"):
        return str(words)


@dataclass(frozen=True)
class LevelSpec:
    """One level of an escalation, as configured or as the default policy gives it."""

    position: int
    label: str
    # A label Cityline made up (not a policy's own), so an alert can give it in the reader's language.
    label_words: Words | None = None
    wait: timedelta = DEFAULT_WAIT
    rotation: Rotation | None = None
    offset: int = 0
    user: Any = None
    supervisors: bool = False


@dataclass(frozen=True)
class Target:
    user: Any
    phone: str
    language: str
    email: str = ""

    @property
    def name(self) -> str:
        return person_name(self.user) or display_number(self.phone)


@dataclass
class Resolution:
    targets: list[Target] = field(default_factory=list)
    problem: Words | None = None


# --- who is on each level ------------------------------------------------------------------------


def levels_for(department: Department) -> list[LevelSpec]:
    """The department's escalation levels: its policy, or on-call rotations then supervisors."""
    policy = getattr(department, "escalation_policy", None)
    if policy is not None:
        levels = list(policy.levels.select_related("rotation", "user__staff").order_by("position", "pk"))
        if levels:
            return [
                LevelSpec(
                    position=number,
                    label=level.label,
                    wait=timedelta(minutes=level.wait_minutes),
                    rotation=level.rotation,
                    offset=level.rotation_offset,
                    user=level.user,
                )
                for number, level in enumerate(levels, start=1)
            ]
    specs = []
    for number, rotation in enumerate(department.rotations.filter(active=True).order_by("position", "pk"), start=1):
        label = Words(gettext_noop("On call (%(rotation)s)"), {"rotation": rotation.name})
        specs.append(LevelSpec(position=number, label=in_english(label), label_words=label, rotation=rotation))
    label = Words(gettext_noop("Supervisor"))
    specs.append(LevelSpec(position=len(specs) + 1, label=in_english(label), label_words=label, supervisors=True))
    return specs


def repeats_for(department: Department) -> int:
    policy = getattr(department, "escalation_policy", None)
    return policy.repeat if policy is not None else 1


def supervisors_of(department: Department) -> list[StaffProfile]:
    """The department's supervisors; city-wide supervisors (no department) when it has none."""
    profiles = StaffProfile.objects.filter(role=Role.SUPERVISOR, user__is_active=True).select_related("user")
    own = list(profiles.filter(departments=department).distinct())
    return own or list(profiles.filter(departments__isnull=True))


def _target(user) -> Target | None:
    phone = paging_phone(user)
    if not phone:
        return None
    return Target(user=user, phone=phone, language=staff_language(user), email=user.email or "")


def resolve(spec: LevelSpec, department: Department, at: datetime) -> Resolution:
    """The people a level pages at ``at``, or the problem that leaves it empty."""
    if spec.rotation is not None:
        rotation = spec.rotation.name
        if not spec.rotation.active:
            return Resolution(
                problem=Words(gettext_noop("the rotation “%(rotation)s” is switched off"), {"rotation": rotation})
            )
        shift = spec.rotation.shift_at(at, spec.offset)
        if shift is None or shift.user is None:
            return Resolution(
                problem=Words(gettext_noop("nobody is on call in “%(rotation)s”"), {"rotation": rotation})
            )
        if not shift.user.is_active:
            return Resolution(
                problem=Words(
                    gettext_noop("%(person)s is on call in “%(rotation)s” but their login is disabled"),
                    {"person": shift.name, "rotation": rotation},
                )
            )
        target = _target(shift.user)
        if target is None:
            return Resolution(
                problem=Words(
                    gettext_noop("%(person)s is on call in “%(rotation)s” but has no paging number"),
                    {"person": shift.name, "rotation": rotation},
                )
            )
        return Resolution([target])
    if spec.user is not None:
        target = _target(spec.user) if spec.user.is_active else None
        if target is None:
            return Resolution(
                problem=Words(
                    gettext_noop("%(person)s (%(label)s) has no paging number"),
                    {"person": person_name(spec.user), "label": spec.label_words or spec.label},
                )
            )
        return Resolution([target])
    targets = [t for t in (_target(profile.user) for profile in supervisors_of(department)) if t]
    if not targets:
        return Resolution(
            problem=Words(
                gettext_noop("%(department)s has no supervisor with a paging number"),
                {"department": lambda: department.localized("name")},
            )
        )
    return Resolution(targets)


# --- starting and stepping -----------------------------------------------------------------------


def should_page(case: Case, at: datetime) -> bool:
    """An urgent type, received while its department is closed (nights, weekends, holidays, closures)."""
    return (
        case.is_open and case.service_type.after_hours == AfterHours.URGENT and not case.department.calendar.is_open(at)
    )


def start_escalation(case: Case, *, at: datetime | None = None) -> Escalation:
    """Start paging for a case (inside the caller's transaction). A case already being paged keeps
    its escalation: nobody is paged twice for one case."""
    at = at or timezone.now()
    with transaction.atomic():
        existing = Escalation.objects.select_for_update().filter(case=case, state=EscalationState.ACTIVE).first()
        if existing is not None:
            return existing
        escalation = Escalation.objects.create(case=case, department=case.department, started_at=at)
        _page_from(escalation, 1, at)
        return escalation


def _page_from(escalation: Escalation, position: int, at: datetime) -> None:
    """Page the first level from ``position`` on that has somebody to page; alert about each empty one."""
    case = escalation.case
    department = escalation.department
    levels = levels_for(department)
    repeats = repeats_for(department)
    while True:
        if position > len(levels):
            anyone_paged = escalation.pages.filter(round=escalation.round).exists()
            if anyone_paged and escalation.round < repeats:
                escalation.round += 1
                position = 1
                actions.record_event(
                    case,
                    EventKind.ESCALATED,
                    actor=SYSTEM,
                    note=f"Nobody accepted at any level: paging every level again (pass {escalation.round + 1}).",
                    data={"step": "repeat", "round": escalation.round},
                )
                continue
            _exhaust(escalation, at)
            return
        spec = levels[position - 1]
        resolution = resolve(spec, department, at)
        already = set(escalation.pages.filter(round=escalation.round).values_list("phone", flat=True))
        fresh = [t for t in resolution.targets if t.phone not in already]
        if fresh:
            for target in fresh:
                _page(escalation, spec, target, at)
            escalation.level = position
            escalation.next_step_at = at + spec.wait
            escalation.save(update_fields=["level", "round", "next_step_at"])
            return
        if resolution.problem:
            problem = in_english(resolution.problem)
            actions.record_event(
                case,
                EventKind.ESCALATED,
                actor=SYSTEM,
                note=f"Level {position} ({spec.label}) could not be paged: {problem}. "
                "Supervisors alerted; paging the next level now.",
                data={"step": "gap", "level": position, "problem": problem},
            )
            alert_supervisors(
                case,
                department,
                Words(
                    gettext_noop("Level %(level)s (%(label)s) could not be paged: %(problem)s."),
                    {"level": position, "label": spec.label_words or spec.label, "problem": resolution.problem},
                ),
                key=f"gap:{escalation.pk}:{escalation.round}:{position}",
            )
        position += 1


def _page(escalation: Escalation, spec: LevelSpec, target: Target, at: datetime) -> Page:
    case = escalation.case
    page = Page.objects.create(
        escalation=escalation,
        level=spec.position,
        round=escalation.round,
        label=spec.label,
        user=target.user,
        phone=target.phone,
        language=target.language,
        paged_at=at,
    )
    common = {"case": case, "kind": "page", "language": target.language, "payload": {"page": page.pk}}
    OutboxMessage.objects.create(channel="sms", recipient=target.phone, dedupe_key=f"page:{page.pk}:sms", **common)
    OutboxMessage.objects.create(channel="voice", recipient=target.phone, dedupe_key=f"page:{page.pk}:voice", **common)
    ways = "text message and phone call"
    if target.email:
        OutboxMessage.objects.create(
            channel="email", recipient=target.email, dedupe_key=f"page:{page.pk}:email", **common
        )
        ways += " (copy by e-mail)"
    actions.record_event(
        case,
        EventKind.PAGED,
        actor=SYSTEM,
        note=f"Paged {target.name} ({spec.label}, level {spec.position}) at {display_number(target.phone)} by {ways}.",
        data={
            "page": page.pk,
            "level": spec.position,
            "round": escalation.round,
            "label": spec.label,
            "user": target.user.pk if target.user else None,
        },
    )
    return page


def _exhaust(escalation: Escalation, at: datetime) -> None:
    escalation.state = EscalationState.EXHAUSTED
    escalation.next_step_at = None
    escalation.ended_at = at
    escalation.save(update_fields=["state", "round", "next_step_at", "ended_at"])
    alert = Words(
        gettext_noop("Nobody accepted the page at any level. The supervisors and the department have been told.")
    )
    if not escalation.pages.exists():
        alert = Words(
            gettext_noop(
                "Nobody could be paged: no level has anyone with a paging number. "
                "The supervisors and the department have been told."
            )
        )
    actions.record_event(
        escalation.case, EventKind.ESCALATED, actor=SYSTEM, note=in_english(alert), data={"step": "exhausted"}
    )
    alert_supervisors(escalation.case, escalation.department, alert, key=f"exhausted:{escalation.pk}")


def alert_supervisors(case: Case | None, department: Department, problem: Words | str, *, key: str) -> int:
    """Tell the people who can fix an on-call gap: the supervisors by text and e-mail, the department
    by e-mail; administrators when there is nobody else. Each message gives ``problem`` in its reader's
    language. Returns how many messages were written."""
    recipients: list[tuple[str, str, str]] = []
    for profile in supervisors_of(department):
        if profile.phone:
            recipients.append(("sms", profile.phone, profile.language))
        if profile.user.email:
            recipients.append(("email", profile.user.email, profile.language))
    if department.email:
        recipients.append(("email", department.email, ""))
    if not recipients:
        for admin in get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(email=""):
            recipients.append(("email", admin.email, ""))
    if not recipients:
        logger.error("On-call gap in %s and nobody to tell: %s", department, in_english(problem))
    written = 0
    for channel, address, language in dict.fromkeys(recipients):
        language = language or _city_language()
        with translation.override(language):
            words = str(problem)
        _, created = OutboxMessage.objects.get_or_create(
            dedupe_key=f"oncall_gap:{key}:{channel}:{address}",
            defaults={
                "case": case,
                "kind": "oncall_gap",
                "channel": channel,
                "recipient": address,
                "language": language,
                "payload": {"department": department.slug, "problem": words},
            },
        )
        written += created
    return written


def _city_language() -> str:
    from cityline.core.models import current_jurisdiction

    city = current_jurisdiction()
    return city.default_language if city else "en"


def advance_escalations(now: datetime | None = None, limit: int = 200) -> int:
    """Page the next level of every escalation whose wait is over; start paging for urgent cases
    that came in while open but still sit unacknowledged after closing. Returns the steps taken."""
    now = now or timezone.now()
    steps = 0
    due = list(
        Escalation.objects.filter(state=EscalationState.ACTIVE, next_step_at__lte=now)
        .order_by("next_step_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        with transaction.atomic():
            escalation = (
                Escalation.objects.select_for_update()
                .select_related("case__service_type", "case__department", "department")
                .get(pk=pk)
            )
            if not escalation.is_active or escalation.next_step_at is None or escalation.next_step_at > now:
                continue
            if not escalation.case.is_open:
                _stop(escalation, now, "Paging stopped: the case is closed.")
                continue
            unanswered = [page.name for page in escalation.pages.filter(level=escalation.level, round=escalation.round)]
            minutes = int((now - escalation.started_at).total_seconds() // 60)
            actions.record_event(
                escalation.case,
                EventKind.ESCALATED,
                actor=SYSTEM,
                note=f"No answer from {', '.join(unanswered) or 'level ' + str(escalation.level)} "
                f"(level {escalation.level}); {minutes} minutes since the first page. Paging the next level.",
                data={"step": "timeout", "from_level": escalation.level, "round": escalation.round},
            )
            _page_from(escalation, escalation.level + 1, now)
            steps += 1
    steps += _page_unseen_urgent_cases(now)
    return steps


def _page_unseen_urgent_cases(now: datetime) -> int:
    """An urgent case that came in during opening hours and is still new after closing is paged too:
    nothing urgent waits unseen overnight."""
    candidates = (
        Case.objects.filter(
            status=Status.NEW,
            service_type__after_hours=AfterHours.URGENT,
            created_at__gte=now - timedelta(days=1),
        )
        .exclude(escalations__isnull=False)
        .select_related("service_type", "department")[:100]
    )
    started = 0
    for case in candidates:
        if should_page(case, now):
            with transaction.atomic():
                actions.record_event(
                    case,
                    EventKind.ESCALATED,
                    actor=SYSTEM,
                    note=f"Still not acknowledged when the {case.department.name} closed: paging on call.",
                    data={"step": "unseen_at_closing"},
                )
                start_escalation(case, at=now)
            started += 1
    return started


# --- answers -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """What became of an answer to a page, for the channel to put in words."""

    outcome: str  # "accepted", "already_accepted", "passed", "stopped", "closed"
    page: Page
    by: str = ""
    at: datetime | None = None


def acknowledge_page(page: Page, *, via: str, at: datetime | None = None) -> Answer:
    """The paged person accepts: paging stops, the case is acknowledged and assigned to them."""
    at = at or timezone.now()
    with transaction.atomic():
        page = Page.objects.select_for_update(of=("self",)).select_related("escalation__case", "user").get(pk=page.pk)
        escalation = Escalation.objects.select_for_update().get(pk=page.escalation_id)
        case = escalation.case
        if escalation.state in (EscalationState.ACKNOWLEDGED, EscalationState.STOPPED):
            return _answer_when_finished(page, escalation)
        if not case.is_open:
            return Answer("closed", page, at=case.closed_at)
        page.status = PageStatus.ACKNOWLEDGED
        page.answered_at = at
        page.answered_via = via
        page.save(update_fields=["status", "answered_at", "answered_via"])
        escalation.state = EscalationState.ACKNOWLEDGED
        escalation.acknowledged_by = page.user
        escalation.next_step_at = None
        escalation.ended_at = at
        escalation.save(update_fields=["state", "acknowledged_by", "next_step_at", "ended_at"])
        actor = actions.Actor(user=page.user, label=page.name)
        minutes = max(0, int((at - escalation.started_at).total_seconds() // 60))
        actions.record_event(
            case,
            EventKind.PAGE_ACKNOWLEDGED,
            actor=actor,
            note=f"{page.name} ({page.label}) accepted the page by {AnswerChannel(via).label}, "
            f"{minutes} minutes after the first page. Paging stopped.",
            data={"page": page.pk, "level": page.level, "via": via},
        )
        _tell_others_it_is_taken(escalation, page)
        if page.user is not None:
            if case.assignee_id is None:
                actions.assign(case, assignee=page.user, actor=actor, note="Accepted the after-hours page.")
            if case.status == Status.NEW:
                actions.acknowledge(case, actor=actor)
        return Answer("accepted", page, by=page.name, at=at)


def pass_page(page: Page, *, via: str, at: datetime | None = None) -> Answer:
    """The paged person cannot take it: the next level is paged now instead of after the wait."""
    at = at or timezone.now()
    with transaction.atomic():
        page = Page.objects.select_for_update(of=("self",)).select_related("escalation__case", "user").get(pk=page.pk)
        escalation = (
            Escalation.objects.select_for_update().select_related("case", "department").get(pk=page.escalation_id)
        )
        if escalation.state != EscalationState.ACTIVE or page.status != PageStatus.PAGED:
            return _answer_when_finished(page, escalation)
        page.status = PageStatus.PASSED
        page.answered_at = at
        page.answered_via = via
        page.save(update_fields=["status", "answered_at", "answered_via"])
        actions.record_event(
            escalation.case,
            EventKind.ESCALATED,
            actor=actions.Actor(user=page.user, label=page.name),
            note=f"{page.name} ({page.label}) passed the page by {AnswerChannel(via).label}. Paging the next level now.",
            data={"step": "passed", "page": page.pk, "level": page.level},
        )
        still_waiting = escalation.pages.filter(
            level=escalation.level, round=escalation.round, status=PageStatus.PAGED
        ).exists()
        if page.level == escalation.level and page.round == escalation.round and not still_waiting:
            _page_from(escalation, escalation.level + 1, at)
        return Answer("passed", page, by=page.name, at=at)


def _answer_when_finished(page: Page, escalation: Escalation) -> Answer:
    if escalation.state == EscalationState.ACKNOWLEDGED:
        winner = escalation.pages.filter(status=PageStatus.ACKNOWLEDGED).select_related("user").first()
        return Answer("already_accepted", page, by=winner.name if winner else "", at=escalation.ended_at)
    if escalation.state == EscalationState.STOPPED:
        return Answer("stopped", page, by=person_name(escalation.acknowledged_by), at=escalation.ended_at)
    return Answer("passed", page, by=page.name, at=page.answered_at)


def _tell_others_it_is_taken(escalation: Escalation, taken: Page | None, by: str = "") -> None:
    """Everyone else paged and still unanswered hears that it is handled, so they can go back to sleep."""
    others = escalation.pages.filter(status=PageStatus.PAGED)
    if taken is not None:
        others = others.exclude(pk=taken.pk)
    for other in others:
        other.status = PageStatus.SUPERSEDED
        other.save(update_fields=["status"])
        OutboxMessage.objects.get_or_create(
            dedupe_key=f"page_taken:{other.pk}",
            defaults={
                "case": escalation.case,
                "kind": "page_taken",
                "channel": "sms",
                "recipient": other.phone,
                "language": other.language,
                "payload": {"page": other.pk, "by": taken.name if taken else by},
            },
        )


def _stop(escalation: Escalation, at: datetime, note: str, by: Any = None) -> None:
    escalation.state = EscalationState.STOPPED
    escalation.next_step_at = None
    escalation.ended_at = at
    escalation.acknowledged_by = by
    escalation.save(update_fields=["state", "next_step_at", "ended_at", "acknowledged_by"])
    actions.record_event(escalation.case, EventKind.ESCALATED, actor=SYSTEM, note=note, data={"step": "stopped"})
    _tell_others_it_is_taken(escalation, None, by=person_name(by) if by else "")


def stop_for_worked_case(case: Case, event, at: datetime | None = None) -> bool:
    """Somebody acknowledged, moved on or closed the case (in the console, say): paging stops."""
    escalation = Escalation.objects.select_for_update().filter(case=case, state=EscalationState.ACTIVE).first()
    if escalation is None:
        return False
    who = event.who
    _stop(
        escalation,
        at or timezone.now(),
        f"Paging stopped: {who} {'closed' if not case.is_open else 'is working'} the case.",
        by=event.actor,
    )
    return True


def page_delivery_failed(message: OutboxMessage, error: str) -> None:
    """A page's text or call could not be delivered. Written in the history; when neither the text
    nor the call got through, the next level is paged now instead of waiting out the level."""
    page = (
        Page.objects.select_related("escalation__case", "user").filter(pk=(message.payload or {}).get("page")).first()
    )
    if page is None:
        return
    how = {"sms": "text message", "voice": "phone call", "email": "e-mail copy"}.get(message.channel, message.channel)
    with transaction.atomic():
        actions.record_event(
            page.escalation.case,
            EventKind.ESCALATED,
            actor=SYSTEM,
            note=f"The {how} to {page.name} could not be delivered: {error}",
            data={"step": "delivery_failed", "page": page.pk, "channel": message.channel},
        )
        dead = OutboxMessage.objects.filter(
            dedupe_key__in=[f"page:{page.pk}:sms", f"page:{page.pk}:voice"], status__in=["failed", "cancelled"]
        ).count()
        if dead == 2 and page.status == PageStatus.PAGED:
            escalation = Escalation.objects.select_for_update().get(pk=page.escalation_id)
            if escalation.is_active and escalation.level == page.level and escalation.round == page.round:
                page.status = PageStatus.PASSED
                page.save(update_fields=["status"])
                actions.record_event(
                    escalation.case,
                    EventKind.ESCALATED,
                    actor=SYSTEM,
                    note=f"{page.name} cannot be reached by text or phone: paging the next level now.",
                    data={"step": "unreachable", "page": page.pk},
                )
                if not escalation.pages.filter(level=page.level, round=page.round, status=PageStatus.PAGED).exists():
                    _page_from(escalation, escalation.level + 1, timezone.now())
