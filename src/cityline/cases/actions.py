"""Every change to a case goes through a function here.

Each function runs in one transaction and writes the case, its history event and its outbox
messages together; channels (portal, console, phone, SMS, Open311) and the worker call these and
never save a case themselves. Each function checks its input and refuses with a :class:`CaseError`
whose messages name the field and say what to do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone

from cityline.catalog.models import AfterHours, ServiceType
from cityline.core.geo import normalize_address
from cityline.core.models import AddressPoint, current_jurisdiction
from cityline.core.phones import PhoneNumberError, to_e164
from cityline.directory.models import Department

from . import numbers, sla
from .interactions import save_contact
from .models import (
    OPEN_STATUSES,
    Attachment,
    Case,
    CaseEvent,
    Channel,
    ClosingReason,
    ContactPreference,
    EventKind,
    Interaction,
    InteractionOutcome,
    OutboxMessage,
    Requester,
    Status,
    Subscription,
    SubscriptionChannel,
)

# Sent inside the transaction of every change, after the event is written, so that a receiver
# (on-call paging, say) writes its own rows atomically with the change: (case, event).
case_changed = Signal()

MAX_DESCRIPTION = 4000
NUMBER_DRAWS = 8


class CaseError(Exception):
    """A change refused; ``errors`` maps a field (or "case") to a message a person can act on."""

    def __init__(self, errors: dict[str, str] | str, field_name: str = "case"):
        self.errors = errors if isinstance(errors, dict) else {field_name: errors}
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


class InvalidTransition(CaseError):
    """The case is not in a state that allows this change."""


class EmergencyOnly(CaseError):
    """This type is not taken as a case now (after hours): the resident must dial 911."""

    def __init__(self, notice: str):
        super().__init__({"service_code": notice})
        self.notice = notice


@dataclass
class RequesterInfo:
    """Contact details as a channel received them; checked and normalised by ``open_case``."""

    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    email: str = ""
    language: str | None = None
    contact_preference: str | None = None
    device_id: str = ""
    account_id: str = ""

    @property
    def has_contact(self) -> bool:
        return bool(self.phone.strip() or self.email.strip())


@dataclass
class MediaInput:
    """A photo already checked by the channel: an uploaded file or an external URL."""

    url: str = ""
    file: Any = None  # a Django File
    content_type: str = ""
    size: int = 0


@dataclass
class Actor:
    """Who made a change: a staff user, or a label for residents and the system."""

    user: Any = None
    label: str = ""

    @classmethod
    def of(cls, who: Actor | Any | None, default_label: str = "System") -> Actor:
        if isinstance(who, Actor):
            return who
        if who is None:
            return cls(label=default_label)
        if isinstance(who, str):
            return cls(label=who)
        return cls(user=who)


@dataclass
class _Change:
    case: Case
    event: CaseEvent
    messages: list[OutboxMessage] = field(default_factory=list)


# --- helpers -----------------------------------------------------------------------------------


def _record(
    case: Case,
    kind: str,
    actor: Actor,
    *,
    public: bool,
    note: str = "",
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> CaseEvent:
    event = CaseEvent.objects.create(
        case=case,
        at=at or timezone.now(),
        kind=kind,
        actor=actor.user,
        actor_label="" if actor.user else actor.label,
        public=public,
        note=note,
        data=data or {},
    )
    return event


def _notify_followers(case: Case, kind: str, event: CaseEvent, payload: dict[str, Any] | None = None) -> None:
    """An outbox message to each confirmed follower, in their language and by their channel."""
    for subscription in case.subscriptions.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True):
        OutboxMessage.objects.create(
            case=case,
            kind=kind,
            channel=subscription.channel,
            recipient=subscription.address,
            language=subscription.language,
            subscription=subscription,
            payload={"event": event.pk, **(payload or {})},
            dedupe_key=f"{kind}:{event.pk}:{subscription.pk}",
        )


def _locked(case: Case) -> Case:
    """The case re-read under a row lock, so two people changing it at once queue up."""
    return Case.objects.select_for_update().select_related("service_type", "department").get(pk=case.pk)


def _changed(case: Case, event: CaseEvent, fields: Iterable[str]) -> Case:
    case.updated_at = event.at
    case.save(update_fields=[*fields, "updated_at"])
    case_changed.send(sender=Case, case=case, event=event)
    return case


def _clean_requester(info: RequesterInfo, language: str) -> dict[str, Any]:
    errors = {}
    phone = info.phone.strip()
    if phone:
        try:
            phone = to_e164(phone, current_jurisdiction().country)
        except PhoneNumberError:
            errors["phone"] = f"{info.phone!r} is not a phone number we can call back; write it like (620) 555-0100"
    email = info.email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = f"{info.email!r} is not an e-mail address"
    preference = info.contact_preference or (ContactPreference.EMAIL if email else ContactPreference.NONE)
    if preference not in ContactPreference.values:
        errors["contact_preference"] = f"choose one of: {', '.join(ContactPreference.values)}"
    elif preference == ContactPreference.EMAIL and not email:
        errors["email"] = "an e-mail address is needed for updates by e-mail"
    elif preference in (ContactPreference.SMS, ContactPreference.PHONE) and not phone:
        errors["phone"] = "a phone number is needed for updates by text or phone"
    if errors:
        raise CaseError(errors)
    return {
        "first_name": info.first_name.strip()[:100],
        "last_name": info.last_name.strip()[:100],
        "phone": phone,
        "email": email,
        "language": info.language or language,
        "contact_preference": preference,
        "device_id": info.device_id.strip()[:200],
        "account_id": info.account_id.strip()[:200],
    }


def _clean_attributes(service_type: ServiceType, answers: dict[str, Any] | None) -> dict[str, Any]:
    answers = dict(answers or {})
    definitions = {a.code: a for a in service_type.attributes.all()}
    errors, cleaned = {}, {}
    for code in answers:
        if code not in definitions:
            errors[f"attribute[{code}]"] = f"{service_type.name} has no question {code!r}"
    for code, attribute in definitions.items():
        if not attribute.variable:
            continue
        try:
            value = attribute.clean_answer(answers.get(code))
        except ValidationError as exc:
            errors[f"attribute[{code}]"] = exc.messages[0]
            continue
        if value is not None:
            cleaned[code] = value
    if errors:
        raise CaseError(errors)
    return cleaned


@dataclass(frozen=True)
class Location:
    lat: float | None
    lon: float | None
    address: str
    district: str


def locate(lat: Any = None, lon: Any = None, address: str = "") -> Location:
    """Check a reported location: inside the city, and its district; an address alone is looked up
    among the city's address points. Raises CaseError naming the field."""
    city = current_jurisdiction()
    address = (address or "").strip()[:300]
    if lat in (None, "") and lon in (None, ""):
        if not address:
            raise CaseError({"location": "give a location: a point on the map or a street address"})
        point = AddressPoint.objects.filter(normalized=normalize_address(address)).first()
        if point is None:
            return Location(None, None, address, "")
        lat, lon = point.lat, point.lon
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        raise CaseError({"location": "latitude and longitude must both be numbers (e.g. 38.0608, -97.9298)"}) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise CaseError({"location": f"({lat}, {lon}) is not a point on Earth"})
    if not city.contains(lat, lon):
        raise CaseError(
            {
                "location": f"({lat:.5f}, {lon:.5f}) is outside the {city.name}; 311 can only take reports inside the city"
            }
        )
    district = city.district_at(lat, lon)
    return Location(lat, lon, address, district.code if district else "")


def emergency_only_notice(
    service_type: ServiceType, language: str, *, department: Department | None = None, at: datetime | None = None
) -> str:
    """The 911 notice when this type is not taken as a case right now (its after-hours policy is
    "emergency" and the department is closed), else "". Channels ask before collecting a report;
    ``open_case`` asks again with the routed department."""
    if service_type.after_hours != AfterHours.EMERGENCY:
        return ""
    department = department or service_type.department
    if department.calendar.is_open(at or timezone.now()):
        return ""
    city = current_jurisdiction()
    return service_type.emergency_notice_text(language) or (
        f"{service_type.name}: if anyone is in danger, hang up and dial {city.emergency_number} now."
    )


def _route(service_type: ServiceType, district: str) -> Department:
    slug = service_type.department_slug_for(district)
    if slug == service_type.department.slug:
        return service_type.department
    return Department.objects.get(slug=slug)


# --- opening -----------------------------------------------------------------------------------


def open_case(
    *,
    service_type: ServiceType | str,
    channel: str,
    description: str = "",
    attributes: dict[str, Any] | None = None,
    lat: Any = None,
    lon: Any = None,
    address: str = "",
    language: str | None = None,
    requester: RequesterInfo | None = None,
    actor: Actor | Any | None = None,
    idempotency_key: str | None = None,
    media: Iterable[MediaInput] = (),
    interaction: Interaction | None = None,
    at: datetime | None = None,
) -> Case:
    """Open a case: check everything, route it, start its SLA clock, write history and outbox.

    The same ``idempotency_key`` twice gives the same case (a retried web form, webhook or API call).
    """
    if idempotency_key:
        existing = Case.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    city = current_jurisdiction()
    if city is None:
        raise CaseError("no city is loaded: run `cityline load-pack`")
    language = language if language in city.languages else city.default_language
    if channel not in Channel.values:
        raise CaseError({"channel": f"unknown channel {channel!r}"})
    if isinstance(service_type, str):
        found = ServiceType.objects.filter(code=service_type, active=True).select_related("department").first()
        if found is None:
            raise CaseError({"service_code": f"there is no service type {service_type!r}"})
        service_type = found
    elif not service_type.active:
        raise CaseError({"service_code": f"{service_type.name} is no longer taken as a report"})

    opened_at = at or timezone.now()
    errors: dict[str, str] = {}
    description = (description or "").strip()
    if len(description) > MAX_DESCRIPTION:
        errors["description"] = f"at most {MAX_DESCRIPTION} characters"
    cleaned_requester = None
    try:
        cleaned_attributes = _clean_attributes(service_type, attributes)
    except CaseError as exc:
        errors.update(exc.errors)
    try:
        place = locate(lat, lon, address)
    except CaseError as exc:
        errors.update(exc.errors)
    if service_type.requires_contact and not (requester and requester.has_contact):
        errors["contact"] = (
            f"the {service_type.department.name} needs a phone number or an e-mail address to follow up on this report"
        )
    elif requester:
        try:
            cleaned_requester = _clean_requester(requester, language)
        except CaseError as exc:
            errors.update(exc.errors)
    if errors:
        raise CaseError(errors)

    department = _route(service_type, place.district)
    after_hours = not department.calendar.is_open(opened_at)
    notice = emergency_only_notice(service_type, language, department=department, at=opened_at)
    if notice:
        raise EmergencyOnly(notice)

    due = sla.due_at(service_type, department, opened_at)
    # Case numbers are drawn at random, so a new one may (rarely) be taken already: then the whole
    # transaction is tried again with another number. Retrying the transaction, not the insert
    # alone, spares every report a savepoint (two round trips) around its insert.
    for _ in range(NUMBER_DRAWS):
        number = numbers.new_number()
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    number=number,
                    service_type=service_type,
                    department=department,
                    priority=service_type.priority,
                    description=description,
                    attributes=cleaned_attributes,
                    lat=place.lat,
                    lon=place.lon,
                    address=place.address,
                    district=place.district,
                    channel=channel,
                    language=language,
                    requester=Requester.objects.create(**cleaned_requester) if cleaned_requester else None,
                    created_at=opened_at,
                    updated_at=opened_at,
                    received_after_hours=after_hours,
                    sla_due_at=due,
                    idempotency_key=idempotency_key or None,
                )
                for item in media:
                    Attachment.objects.create(
                        case=case,
                        file=item.file or "",
                        external_url=item.url,
                        content_type=item.content_type,
                        size=item.size,
                        created_at=opened_at,
                    )
                who = Actor.of(actor, default_label=f"Resident ({Channel(channel).label})")
                event = _record(
                    case,
                    EventKind.OPENED,
                    who,
                    public=True,
                    at=opened_at,
                    data={"status": Status.NEW, "channel": channel, "after_hours": after_hours},
                )
                if case.requester and case.requester.contact_preference in (
                    ContactPreference.EMAIL,
                    ContactPreference.SMS,
                ):
                    requester_row = case.requester
                    channel_of_updates = requester_row.contact_preference
                    address_of_updates = requester_row.email if channel_of_updates == "email" else requester_row.phone
                    # The resident gave this address themselves, on this report: no confirmation round.
                    Subscription.objects.create(
                        case=case,
                        channel=channel_of_updates,
                        address=address_of_updates,
                        language=requester_row.language,
                        confirmed_at=opened_at,
                    )
                    _notify_followers(case, "case_opened", event)
                if interaction is not None and interaction.pk is None:
                    # A contact that ends with this report (an API call) is written once, with its case.
                    interaction.case = case
                    interaction.service_type = service_type
                    interaction.requester = case.requester
                    save_contact(interaction)
                elif interaction is not None:
                    Interaction.objects.filter(pk=interaction.pk).update(
                        case=case, service_type=service_type, requester=case.requester
                    )
                case_changed.send(sender=Case, case=case, event=event)
                return case
        except IntegrityError:
            if idempotency_key:
                existing = Case.objects.filter(idempotency_key=idempotency_key).first()
                if existing is not None:
                    return existing
            if not Case.objects.filter(number=number).exists():
                raise
    raise CaseError("could not draw a free case number; please try again")


# --- working a case ------------------------------------------------------------------------------

# Which detailed statuses may follow which. Holding, closing and reopening have their own functions.
TRANSITIONS: dict[str, set[str]] = {
    Status.NEW: {Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.SCHEDULED},
    Status.ACKNOWLEDGED: {Status.IN_PROGRESS, Status.SCHEDULED},
    Status.IN_PROGRESS: {Status.SCHEDULED},
    Status.SCHEDULED: {Status.IN_PROGRESS},
    Status.ON_HOLD: set(),
    Status.CLOSED: set(),
}


def _refuse_transition(case: Case, wanted: str) -> InvalidTransition:
    current = Status(case.status).label.lower()
    target = Status(wanted).label.lower()
    if case.status == Status.CLOSED:
        return InvalidTransition({"status": f"case {case.display_number} is closed; reopen it first"})
    if case.status == Status.ON_HOLD:
        return InvalidTransition({"status": f"case {case.display_number} is on hold; resume it first"})
    return InvalidTransition({"status": f"a case that is {current} cannot be made {target}"})


@transaction.atomic
def change_status(case: Case, status: str, *, actor: Actor | Any | None = None, note: str = "") -> Case:
    """Move an open case on: acknowledged, in progress, scheduled. Followers hear of it."""
    case = _locked(case)
    if status not in Status.values:
        raise CaseError({"status": f"unknown status {status!r}"})
    if status == Status.ON_HOLD:
        raise InvalidTransition({"status": "use hold() to put a case on hold (it stops the SLA clock)"})
    if status == Status.CLOSED:
        raise InvalidTransition({"status": "use close() with a closing reason"})
    if status not in TRANSITIONS[case.status]:
        raise _refuse_transition(case, status)
    previous = case.status
    case.status = status
    fields = ["status"]
    kind = EventKind.STATUS_CHANGED
    if status == Status.ACKNOWLEDGED or (case.acknowledged_at is None and previous == Status.NEW):
        case.acknowledged_at = timezone.now()
        fields.append("acknowledged_at")
        if status == Status.ACKNOWLEDGED:
            kind = EventKind.ACKNOWLEDGED
    event = _record(
        case, kind, Actor.of(actor), public=True, note=note.strip(), data={"status": status, "from": previous}
    )
    _notify_followers(case, "status_changed", event, {"status": status, "note": note.strip()})
    return _changed(case, event, fields)


def acknowledge(case: Case, *, actor: Actor | Any | None = None, note: str = "") -> Case:
    """The department has seen the case."""
    return change_status(case, Status.ACKNOWLEDGED, actor=actor, note=note)


@transaction.atomic
def assign(
    case: Case,
    *,
    department: Department | None = None,
    assignee: Any = None,
    actor: Actor | Any | None = None,
    note: str = "",
) -> Case:
    """Give the case to another department and/or a person. The SLA due time stays as promised."""
    case = _locked(case)
    if not case.is_open:
        raise _refuse_transition(case, Status.IN_PROGRESS)
    if department is None and assignee is None:
        raise CaseError({"assignee": "choose a department or a person"})
    data: dict[str, Any] = {}
    fields = []
    if department is not None and department.pk != case.department_id:
        data["department"] = {"from": case.department.slug, "to": department.slug}
        case.department = department
        fields.append("department")
        if case.assignee_id and assignee is None:
            data["assignee"] = {"from": case.assignee_id, "to": None}
            case.assignee = None
            fields.append("assignee")
    if assignee is not None and assignee.pk != case.assignee_id:
        data["assignee"] = {"from": case.assignee_id, "to": assignee.pk, "name": str(assignee)}
        case.assignee = assignee
        fields.append("assignee")
    if not fields:
        return case
    event = _record(case, EventKind.ASSIGNED, Actor.of(actor), public=False, note=note.strip(), data=data)
    return _changed(case, event, fields)


@transaction.atomic
def add_note(case: Case, text: str, *, public: bool, actor: Actor | Any | None = None) -> Case:
    """A note in the history: public notes reach followers; internal notes stay with staff."""
    case = _locked(case)
    text = (text or "").strip()
    if not text:
        raise CaseError({"note": "write the note first"})
    if len(text) > MAX_DESCRIPTION:
        raise CaseError({"note": f"at most {MAX_DESCRIPTION} characters"})
    event = _record(case, EventKind.NOTE, Actor.of(actor), public=public, note=text)
    if public:
        _notify_followers(case, "public_note", event, {"note": text})
    return _changed(case, event, [])


@transaction.atomic
def hold(case: Case, *, reason: str, actor: Actor | Any | None = None, at: datetime | None = None) -> Case:
    """Put a case on hold (waiting on the resident, a contractor, the weather): the SLA clock stops."""
    case = _locked(case)
    if case.status == Status.ON_HOLD or not case.is_open:
        raise _refuse_transition(case, Status.ON_HOLD)
    reason = (reason or "").strip()
    if not reason:
        raise CaseError({"reason": "say why the case is on hold (residents see it)"})
    at = at or timezone.now()
    left = sla.remaining(case.service_type.sla, case.department.calendar, case.sla_due_at, at)
    previous = case.status
    case.status = Status.ON_HOLD
    case.sla_paused_at = at
    case.sla_remaining_seconds = left.total_seconds()
    event = _record(
        case,
        EventKind.ON_HOLD,
        Actor.of(actor),
        public=True,
        note=reason,
        at=at,
        data={"status": Status.ON_HOLD, "from": previous},
    )
    _notify_followers(case, "status_changed", event, {"status": Status.ON_HOLD, "note": reason})
    return _changed(case, event, ["status", "sla_paused_at", "sla_remaining_seconds"])


@transaction.atomic
def resume(
    case: Case,
    *,
    actor: Actor | Any | None = None,
    note: str = "",
    status: str = Status.IN_PROGRESS,
    at: datetime | None = None,
) -> Case:
    """Take a case off hold: the SLA clock runs again with the time it had left."""
    case = _locked(case)
    if case.status != Status.ON_HOLD:
        raise InvalidTransition({"status": f"case {case.display_number} is not on hold"})
    if status not in (Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.SCHEDULED):
        raise CaseError({"status": "resume to acknowledged, in progress or scheduled"})
    at = at or timezone.now()
    _restart_clock(case, at)
    case.status = status
    event = _record(
        case,
        EventKind.RESUMED,
        Actor.of(actor),
        public=True,
        note=note.strip(),
        at=at,
        data={"status": status, "due": case.sla_due_at.isoformat()},
    )
    _notify_followers(case, "status_changed", event, {"status": status, "note": note.strip()})
    return _changed(case, event, ["status", "sla_due_at", "sla_paused_at", "sla_remaining_seconds"])


def _restart_clock(case: Case, at: datetime) -> None:
    left = timedelta(seconds=case.sla_remaining_seconds or 0)
    case.sla_due_at = sla.resumed_due(case.service_type.sla, case.department.calendar, left, at)
    case.sla_paused_at = None
    case.sla_remaining_seconds = None


@transaction.atomic
def close(
    case: Case,
    *,
    reason: str,
    note: str = "",
    actor: Actor | Any | None = None,
    at: datetime | None = None,
) -> Case:
    """Close with a reason and (usually) a public note; records whether it was on time."""
    case = _locked(case)
    if not case.is_open:
        raise _refuse_transition(case, Status.CLOSED)
    if reason not in ClosingReason.values:
        raise CaseError({"reason": f"choose a closing reason: {', '.join(ClosingReason.values)}"})
    if reason == ClosingReason.DUPLICATE:
        raise CaseError({"reason": "use merge() to close a case as a duplicate of another"})
    at = at or timezone.now()
    return _close(case, reason, note.strip(), Actor.of(actor), at, EventKind.CLOSED)


def _close(case: Case, reason: str, note: str, actor: Actor, at: datetime, kind: str, data=None) -> Case:
    fields = ["status", "closed_at", "closing_reason", "closed_on_time"]
    if case.status == Status.ON_HOLD:
        _restart_clock(case, at)
        fields += ["sla_due_at", "sla_paused_at", "sla_remaining_seconds"]
    previous = case.status
    case.status = Status.CLOSED
    case.closed_at = at
    case.closing_reason = reason
    case.closed_on_time = sla.is_on_time(at, case.sla_due_at)
    event = _record(
        case,
        kind,
        actor,
        public=True,
        note=note,
        at=at,
        data={
            "status": Status.CLOSED,
            "from": previous,
            "reason": reason,
            "on_time": case.closed_on_time,
            **(data or {}),
        },
    )
    _notify_followers(case, "case_closed", event, {"reason": reason, "note": note})
    return _changed(case, event, fields)


@transaction.atomic
def reopen(case: Case, *, reason: str, actor: Actor | Any | None = None, at: datetime | None = None) -> Case:
    """Reopen a closed case within the city's reopen window; its SLA clock starts again."""
    case = _locked(case)
    at = at or timezone.now()
    if case.is_open:
        raise InvalidTransition({"status": f"case {case.display_number} is already open"})
    if case.closing_reason == ClosingReason.DUPLICATE:
        raise InvalidTransition(
            {
                "status": f"case {case.display_number} was merged into {case.parent.display_number if case.parent_id else 'another case'}; follow that one"
            }
        )
    window = current_jurisdiction().reopen_window_days
    if at - case.closed_at > timedelta(days=window):
        raise InvalidTransition(
            {"status": f"case {case.display_number} was closed more than {window} days ago; open a new case instead"}
        )
    reason = (reason or "").strip()
    if not reason:
        raise CaseError({"reason": "say why the case is reopened"})
    case.status = Status.NEW
    case.closed_at = None
    case.closing_reason = ""
    case.closed_on_time = None
    case.reopened_count += 1
    case.sla_due_at = sla.due_at(case.service_type, case.department, at)
    event = _record(
        case,
        EventKind.REOPENED,
        Actor.of(actor),
        public=True,
        note=reason,
        at=at,
        data={"status": Status.NEW, "due": case.sla_due_at.isoformat()},
    )
    _notify_followers(case, "status_changed", event, {"status": Status.NEW, "note": reason})
    return _changed(
        case, event, ["status", "closed_at", "closing_reason", "closed_on_time", "reopened_count", "sla_due_at"]
    )


@transaction.atomic
def merge(child: Case, parent: Case, *, actor: Actor | Any | None = None, note: str = "") -> Case:
    """Close ``child`` as a duplicate of ``parent``; its followers move to the parent. Returns the parent."""
    if child.pk == parent.pk:
        raise CaseError({"parent": "a case cannot be a duplicate of itself"})
    first, second = sorted([child.pk, parent.pk])
    locked = {
        c.pk: c
        for c in Case.objects.select_for_update()
        .filter(pk__in=[first, second])
        .select_related("service_type", "department")
    }
    child, parent = locked[child.pk], locked[parent.pk]
    while parent.parent_id:  # merge into the case that is not itself a duplicate
        parent = Case.objects.select_for_update().get(pk=parent.parent_id)
        if parent.pk == child.pk:
            raise CaseError({"parent": "that would make the two cases duplicates of each other"})
    if not child.is_open:
        raise InvalidTransition({"status": f"case {child.display_number} is closed; only an open case can be merged"})
    if not parent.is_open:
        raise InvalidTransition({"parent": f"case {parent.display_number} is closed; merge into an open case"})
    who = Actor.of(actor)
    at = timezone.now()
    child.parent = parent
    child.save(update_fields=["parent"])
    moved = 0
    existing = set(parent.subscriptions.values_list("channel", "address"))
    for subscription in child.subscriptions.filter(unsubscribed_at__isnull=True):
        if (subscription.channel, subscription.address) in existing:
            continue
        subscription.case = parent
        subscription.save(update_fields=["case"])
        moved += 1
    _close(
        child,
        ClosingReason.DUPLICATE,
        note.strip() or f"Merged into case {parent.display_number}, which covers the same problem.",
        who,
        at,
        EventKind.DUPLICATE,
        data={"parent": parent.number},
    )
    event = _record(
        parent,
        EventKind.MERGED,
        who,
        public=True,
        at=at,
        note=f"Case {child.display_number} was merged into this case.",
        data={"child": child.number, "followers_moved": moved},
    )
    return _changed(parent, event, [])


@transaction.atomic
def change_service_type(
    case: Case, service_type: ServiceType, *, actor: Actor | Any | None = None, note: str = ""
) -> Case:
    """Correct the service type: the case is routed again and its due time recomputed from when it came in."""
    case = _locked(case)
    if not case.is_open:
        raise _refuse_transition(case, Status.IN_PROGRESS)
    if service_type.pk == case.service_type_id:
        return case
    previous = case.service_type
    department = _route(service_type, case.district)
    case.service_type = service_type
    case.department = department
    case.priority = service_type.priority
    fields = ["service_type", "department", "priority"]
    if case.status != Status.ON_HOLD:
        case.sla_due_at = sla.due_at(service_type, department, case.created_at)
        fields.append("sla_due_at")
    event = _record(
        case,
        EventKind.SERVICE_TYPE_CHANGED,
        Actor.of(actor),
        public=True,
        note=note.strip(),
        data={"from": previous.code, "to": service_type.code, "due": case.sla_due_at.isoformat()},
    )
    return _changed(case, event, fields)


@transaction.atomic
def share(case: Case, *, department: Department, actor: Actor | Any | None = None, note: str = "") -> Case:
    """Ask another department to help: its staff may then read the internal notes and the requester
    and add notes. The owning department keeps the case (internal history line)."""
    case = _locked(case)
    if department.pk == case.department_id:
        raise CaseError({"department": f"the case is already with {department.name}"})
    if case.shared_with.filter(pk=department.pk).exists():
        return case
    case.shared_with.add(department)
    event = _record(
        case, EventKind.SHARED, Actor.of(actor), public=False, note=note.strip(), data={"department": department.slug}
    )
    return _changed(case, event, [])


@transaction.atomic
def unshare(case: Case, *, department: Department, actor: Actor | Any | None = None) -> Case:
    """Stop sharing a case with a department."""
    case = _locked(case)
    if not case.shared_with.filter(pk=department.pk).exists():
        return case
    case.shared_with.remove(department)
    event = _record(case, EventKind.UNSHARED, Actor.of(actor), public=False, data={"department": department.slug})
    return _changed(case, event, [])


# --- followers -----------------------------------------------------------------------------------


@transaction.atomic
def follow(
    case: Case, *, channel: str, address: str, language: str | None = None, confirmed: bool = False
) -> Subscription:
    """Ask for updates on a case. Unless already confirmed, a confirmation message is sent first."""
    if channel not in SubscriptionChannel.values:
        raise CaseError({"channel": "choose e-mail or text message"})
    address = (address or "").strip()
    if channel == SubscriptionChannel.EMAIL:
        try:
            validate_email(address)
        except ValidationError:
            raise CaseError({"address": f"{address!r} is not an e-mail address"}) from None
        address = address.lower()
    else:
        try:
            address = to_e164(address, current_jurisdiction().country)
        except PhoneNumberError:
            raise CaseError({"address": f"{address!r} is not a mobile number; write it like (620) 555-0100"}) from None
    language = language or case.language
    subscription, created = Subscription.objects.get_or_create(
        case=case, channel=channel, address=address, defaults={"language": language}
    )
    if not created and subscription.unsubscribed_at:
        subscription.unsubscribed_at = None
        subscription.confirmed_at = None
        subscription.language = language
        subscription.save(update_fields=["unsubscribed_at", "confirmed_at", "language"])
    if confirmed and subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    if subscription.confirmed_at is None:
        OutboxMessage.objects.get_or_create(
            dedupe_key=f"confirm:{subscription.pk}:{subscription.created_at.timestamp() if created else timezone.now().date()}",
            defaults={
                "case": case,
                "kind": "confirm_subscription",
                "channel": channel,
                "recipient": address,
                "language": language,
                "subscription": subscription,
                "payload": {"token": subscription.token},
            },
        )
    event = _record(case, EventKind.FOLLOWED, Actor(label="Resident"), public=False, data={"channel": channel})
    case_changed.send(sender=Case, case=case, event=event)
    return subscription


def confirm_subscription(token: str) -> Subscription | None:
    subscription = Subscription.objects.filter(token=token).select_related("case").first()
    if subscription and subscription.confirmed_at is None and subscription.unsubscribed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def unsubscribe(token: str) -> Subscription | None:
    """Stop updates; pending messages to this follower are cancelled."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(token=token).select_related("case").first()
        if subscription and subscription.unsubscribed_at is None:
            subscription.unsubscribed_at = timezone.now()
            subscription.save(update_fields=["unsubscribed_at"])
            OutboxMessage.objects.filter(subscription=subscription, status="pending").update(status="cancelled")
        return subscription


@transaction.atomic
def record_survey(case: Case, *, score: int, comment: str = "") -> Case:
    """The resident's 1–5 answer to "how did we do?" after closing."""
    if not 1 <= int(score) <= 5:
        raise CaseError({"score": "choose a number from 1 to 5"})
    case = _locked(case)
    event = _record(
        case,
        EventKind.SURVEY,
        Actor(label="Resident"),
        public=False,
        note=(comment or "").strip()[:2000],
        data={"score": int(score)},
    )
    return _changed(case, event, [])


@transaction.atomic
def record_event(
    case: Case,
    kind: str,
    *,
    actor: Actor | Any | None = None,
    note: str = "",
    public: bool = False,
    data: dict | None = None,
) -> CaseEvent:
    """A history line written by the domain around a case (SLA alerts, pages, escalations)."""
    case = _locked(case)
    event = _record(case, kind, Actor.of(actor), public=public, note=note, data=data)
    case_changed.send(sender=Case, case=case, event=event)
    return event


def open_cases() -> Any:
    return Case.objects.filter(status__in=OPEN_STATUSES)


__all__ = [
    "Actor",
    "CaseError",
    "EmergencyOnly",
    "InteractionOutcome",
    "InvalidTransition",
    "MediaInput",
    "RequesterInfo",
    "acknowledge",
    "add_note",
    "assign",
    "case_changed",
    "change_service_type",
    "change_status",
    "close",
    "confirm_subscription",
    "emergency_only_notice",
    "follow",
    "hold",
    "locate",
    "merge",
    "open_case",
    "record_event",
    "record_survey",
    "reopen",
    "resume",
    "share",
    "unshare",
    "unsubscribe",
]
