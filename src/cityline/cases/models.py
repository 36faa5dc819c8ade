"""Cases and everything that hangs off them: history, requesters, followers, contacts, the outbox.

Rows here are changed only by ``cases/actions.py``: it writes a case, its history event and its
outbox messages in one transaction. Models carry the questions asked of them (is it breached? what
may the public see?).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from cityline.catalog.models import Priority

from . import numbers


class Status(models.TextChoices):
    NEW = "new", "New"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    IN_PROGRESS = "in_progress", "In progress"
    SCHEDULED = "scheduled", "Scheduled"
    ON_HOLD = "on_hold", "On hold"
    CLOSED = "closed", "Closed"


OPEN_STATUSES = [s for s in Status.values if s != Status.CLOSED]

# An open case is "due soon" this long before its SLA due time.
DUE_SOON = timedelta(hours=24)
SLA_STATES = ("on_time", "due_soon", "breached", "paused")


def sla_state_filter(state: str, at: datetime | None = None, due_soon: timedelta = DUE_SOON) -> models.Q:
    """The open cases in one SLA state, as a query: the same rule as ``Case.sla_state``, for lists
    and counts in the database."""
    at = at or timezone.now()
    running = models.Q(status__in=OPEN_STATUSES) & ~models.Q(status=Status.ON_HOLD)
    if state == "paused":
        return models.Q(status=Status.ON_HOLD)
    if state == "breached":
        return running & models.Q(sla_due_at__lt=at)
    if state == "due_soon":
        return running & models.Q(sla_due_at__gte=at, sla_due_at__lte=at + due_soon)
    if state == "on_time":
        return running & models.Q(sla_due_at__gt=at + due_soon)
    raise ValueError(f"unknown SLA state {state!r}; one of {', '.join(SLA_STATES)}")


class ClosingReason(models.TextChoices):
    RESOLVED = "resolved", "Resolved"
    DUPLICATE = "duplicate", "Duplicate of another case"
    REFERRED = "referred", "Referred elsewhere"
    NO_ACTION = "no_action", "No action needed"
    UNABLE_TO_LOCATE = "unable_to_locate", "Unable to locate"


class Channel(models.TextChoices):
    PHONE = "phone", "Phone (call-taker)"
    IVR = "ivr", "Phone (automated line)"
    SMS = "sms", "Text message"
    WEB = "web", "Web portal"
    OPEN311 = "open311", "App (Open311)"
    EMAIL = "email", "E-mail"
    WALK_IN = "walk_in", "Walk-in"
    INTERNAL = "internal", "City staff"


class ContactPreference(models.TextChoices):
    EMAIL = "email", "E-mail"
    SMS = "sms", "Text message"
    PHONE = "phone", "Phone call"
    NONE = "none", "No updates"


class Requester(models.Model):
    """The person who reported a case. Personal data: never in public pages, Open311 or exports."""

    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=20, blank=True, db_index=True, help_text="E.164")
    email = models.EmailField(blank=True, db_index=True)
    language = models.CharField(max_length=8, default="en")
    contact_preference = models.CharField(
        max_length=8, choices=ContactPreference.choices, default=ContactPreference.NONE
    )
    device_id = models.CharField(max_length=200, blank=True)
    account_id = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.display_name or f"Requester {self.pk}"

    @property
    def display_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def has_contact(self) -> bool:
        return bool(self.phone or self.email)


class CaseQuerySet(models.QuerySet):
    def for_public(self, *, one: bool = False) -> CaseQuerySet:
        """Everything ``Case.public()`` reads, fetched in a fixed number of queries for a whole list.

        In a list, service types and departments (a few dozen rows shared by thousands of cases)
        are fetched once each rather than joined into every row; for ``one`` case a join is quicker.
        """
        shared = (
            self.select_related("service_type", "department")
            if one
            else self.prefetch_related("service_type", "department")
        )
        return shared.select_related("parent").prefetch_related(
            models.Prefetch(
                "events", queryset=CaseEvent.objects.filter(public=True).order_by("at", "pk"), to_attr="public_events"
            ),
            models.Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(public=True).order_by("pk"),
                to_attr="public_attachments",
            ),
        )


class Case(models.Model):
    number = models.CharField(max_length=numbers.LENGTH, unique=True)
    service_type = models.ForeignKey("catalog.ServiceType", on_delete=models.PROTECT, related_name="cases")
    department = models.ForeignKey("directory.Department", on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    description = models.TextField(blank=True)
    attributes = models.JSONField(default=dict, blank=True, help_text="{attribute code: answer}")
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    address = models.CharField(max_length=300, blank=True)
    district = models.CharField(max_length=64, blank=True, help_text="District code from the pack")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    language = models.CharField(max_length=8, default="en")
    requester = models.ForeignKey(Requester, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_cases"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    received_after_hours = models.BooleanField(default=False)
    sla_due_at = models.DateTimeField()
    # While on hold the SLA clock stops: the open time that was left is kept here, and the due
    # time is set again from it when work resumes.
    sla_paused_at = models.DateTimeField(null=True, blank=True)
    sla_remaining_seconds = models.FloatField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closing_reason = models.CharField(max_length=20, choices=ClosingReason.choices, blank=True)
    closed_on_time = models.BooleanField(null=True, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates")
    reopened_count = models.PositiveIntegerField(default=0)
    # Departments asked to help with a case another department owns: their staff see its internal
    # notes and requester and may add notes (directory.StaffProfile.can_see_private).
    shared_with = models.ManyToManyField("directory.Department", blank=True, related_name="shared_cases")
    idempotency_key = models.CharField(max_length=200, null=True, blank=True, unique=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["department", "status", "sla_due_at"], name="case_queue"),
            models.Index(fields=["service_type", "status", "lat"], name="case_nearby"),
            models.Index(fields=["created_at"], name="case_created"),
            models.Index(fields=["updated_at"], name="case_updated"),
            models.Index(fields=["status", "sla_due_at"], name="case_sla"),
            models.Index(fields=["closed_at"], name="case_closed"),
            # The running clocks in due order: "most overdue first" lists read the first rows and
            # stop, instead of sorting every past-due case (63 ms → under 1 ms at 100,000 cases).
            models.Index(
                fields=["sla_due_at"],
                name="case_running_due",
                condition=models.Q(status__in=OPEN_STATUSES, sla_paused_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"Case {self.display_number}"

    # --- the number --------------------------------------------------------------------------

    @property
    def display_number(self) -> str:
        return numbers.grouped(self.number)

    @property
    def spoken_number(self) -> str:
        return numbers.spoken(self.number)

    # --- status ------------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED

    @property
    def open311_status(self) -> str:
        """Open311 knows only open and closed; the detailed status is an extension."""
        return "open" if self.is_open else "closed"

    # --- the SLA clock -----------------------------------------------------------------------

    @property
    def sla_paused(self) -> bool:
        return self.sla_paused_at is not None

    def is_breached(self, at: datetime | None = None) -> bool:
        """Late: closed after its due time, or still open past it (a paused clock is not late)."""
        if not self.is_open:
            return self.closed_on_time is False
        if self.sla_paused:
            return False
        return (at or timezone.now()) > self.sla_due_at

    def sla_state(self, at: datetime | None = None, due_soon: timedelta = DUE_SOON) -> str:
        """``on_time``, ``due_soon``, ``breached``, ``paused`` or ``closed_on_time`` / ``closed_late``."""
        at = at or timezone.now()
        if not self.is_open:
            return "closed_on_time" if self.closed_on_time else "closed_late"
        if self.sla_paused:
            return "paused"
        if at > self.sla_due_at:
            return "breached"
        if self.sla_due_at - at <= due_soon:
            return "due_soon"
        return "on_time"

    # --- what the public may see -------------------------------------------------------------

    def public(self, language: str | None = None) -> PublicCase:
        """The one public form of a case, used by every public surface (portal, Open311, exports).

        It carries no requester data, no internal notes and no assignee.
        """
        from cityline.core.i18n import pick

        language = language or self.language
        service = self.service_type
        # Lists (Open311, exports) prefetch these with ``Case.objects.for_public()``; one case alone
        # asks the database.
        events = getattr(self, "public_events", None)
        if events is None:
            events = self.events.filter(public=True).order_by("at", "pk")
        attachments = getattr(self, "public_attachments", None)
        if attachments is None:
            attachments = self.attachments.filter(public=True).order_by("pk")
        history = [
            PublicEvent(at=e.at, kind=e.kind, note=e.note, status=e.data.get("status", ""), id=e.pk) for e in events
        ]
        return PublicCase(
            number=self.number,
            display_number=self.display_number,
            service_code=service.code,
            service_name=service.localized("name", language),
            department=self.department.localized("name", language),
            department_slug=self.department.slug,
            status=self.open311_status,
            detailed_status=self.status,
            description=self.description,
            attributes=dict(self.attributes),
            lat=self.lat,
            lon=self.lon,
            address=self.address,
            district=self.district,
            channel=self.channel,
            requested_at=self.created_at,
            updated_at=self.updated_at,
            expected_at=self.sla_due_at if self.is_open else None,
            closed_at=self.closed_at,
            closing_reason=self.closing_reason,
            duplicate_of=self.parent.number if self.parent_id else "",
            media=[a.url for a in attachments],
            status_notes=next((e.note for e in reversed(history) if e.note), ""),
            history=history,
            emergency_notice=pick(service.emergency_notice, language),
        )


@dataclass(frozen=True)
class PublicEvent:
    at: datetime
    kind: str
    note: str
    status: str = ""
    id: int | None = None


@dataclass(frozen=True)
class PublicCase:
    """What anyone may know about a case. Built only by ``Case.public()``."""

    number: str
    display_number: str
    service_code: str
    service_name: str
    department: str
    department_slug: str
    status: str
    detailed_status: str
    description: str
    attributes: dict[str, Any]
    lat: float | None
    lon: float | None
    address: str
    district: str
    channel: str
    requested_at: datetime
    updated_at: datetime
    expected_at: datetime | None
    closed_at: datetime | None
    closing_reason: str
    duplicate_of: str
    media: list[str]
    status_notes: str
    history: list[PublicEvent] = field(default_factory=list)
    emergency_notice: str = ""


class EventKind(models.TextChoices):
    OPENED = "opened", "Opened"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    ASSIGNED = "assigned", "Assigned"
    STATUS_CHANGED = "status_changed", "Status changed"
    NOTE = "note", "Note"
    ON_HOLD = "on_hold", "Put on hold"
    RESUMED = "resumed", "Resumed"
    MERGED = "merged", "Duplicate merged in"
    DUPLICATE = "duplicate", "Closed as a duplicate"
    REOPENED = "reopened", "Reopened"
    CLOSED = "closed", "Closed"
    SERVICE_TYPE_CHANGED = "service_type_changed", "Service type changed"
    FOLLOWED = "followed", "Follower added"
    SLA_DUE_SOON = "sla_due_soon", "SLA due soon"
    SLA_BREACHED = "sla_breached", "SLA breached"
    PAGED = "paged", "On-call paged"
    PAGE_ACKNOWLEDGED = "page_acknowledged", "Page acknowledged"
    ESCALATED = "escalated", "Escalated"
    SURVEY = "survey", "Satisfaction survey answered"
    SHARED = "shared", "Shared with a department"
    UNSHARED = "unshared", "No longer shared with a department"


class CaseEvent(models.Model):
    """One line of a case's history: who did what, when; public or internal."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    # Who, for people without a login: "Resident (web)", "System", "On-call (SMS reply)".
    actor_label = models.CharField(max_length=200, blank=True)
    public = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"], name="event_case_at")]

    def __str__(self) -> str:
        return f"{self.case.number} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    @property
    def who(self) -> str:
        if self.actor_id:
            return self.actor.get_full_name() or self.actor.get_username()
        return self.actor_label or "System"


class Attachment(models.Model):
    """A photo or document on a case: an uploaded file, or a link given by an Open311 client."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="cases/%Y/%m/", blank=True)
    external_url = models.URLField(max_length=1000, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    public = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.url

    @property
    def url(self) -> str:
        if self.file:
            return f"{settings.SITE_URL}{self.file.url}"
        return self.external_url


class SubscriptionChannel(models.TextChoices):
    EMAIL = "email", "E-mail"
    SMS = "sms", "Text message"


def _token() -> str:
    return secrets.token_urlsafe(24)


class Subscription(models.Model):
    """Somebody following a case. Confirmed before it is used; every message carries the unsubscribe link."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="subscriptions")
    channel = models.CharField(max_length=8, choices=SubscriptionChannel.choices)
    address = models.CharField(max_length=254, help_text="E-mail address or E.164 phone number")
    language = models.CharField(max_length=8, default="en")
    token = models.CharField(max_length=64, unique=True, default=_token)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "channel", "address"], name="one_subscription_per_address")
        ]

    def __str__(self) -> str:
        return f"{self.case.number} → {self.channel}"

    @property
    def active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class InteractionOutcome(models.TextChoices):
    INFORMATION = "information", "Information given"
    TRANSFER = "transfer", "Transferred to a direct line"
    CASE_OPENED = "case_opened", "Case opened"
    STATUS_GIVEN = "status_given", "Status given"
    EMERGENCY_ADVISORY = "emergency_advisory", "Told to dial 911"
    VOICEMAIL = "voicemail", "Voicemail"
    ESCALATED = "escalated", "Escalated to a supervisor"
    FOLLOWED = "followed", "Case followed"
    ABANDONED = "abandoned", "Abandoned"


def contact_key(phone_or_email: str) -> str:
    """A one-way key for a caller's number or address, so repeat contacts can be counted
    (first-contact resolution) without keeping the number on the interaction."""
    text = (phone_or_email or "").strip().lower()
    if not text:
        return ""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{text}".encode()).hexdigest()[:32]


class Interaction(models.Model):
    """Every contact with a resident: a call, a text conversation, a web visit that ended somewhere."""

    channel = models.CharField(max_length=16, choices=Channel.choices)
    language = models.CharField(max_length=8, default="en")
    outcome = models.CharField(max_length=20, choices=InteractionOutcome.choices, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="interactions"
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="interactions")
    service_type = models.ForeignKey(
        "catalog.ServiceType", null=True, blank=True, on_delete=models.SET_NULL, related_name="interactions"
    )
    department = models.ForeignKey(
        "directory.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="interactions"
    )
    article = models.ForeignKey(
        "knowledge.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="interactions"
    )
    requester = models.ForeignKey(Requester, null=True, blank=True, on_delete=models.SET_NULL)
    contact_key = models.CharField(max_length=32, blank=True, db_index=True)
    external_id = models.CharField(max_length=100, null=True, blank=True, unique=True, help_text="CallSid etc.")
    summary = models.TextField(blank=True)
    path = models.JSONField(default=list, blank=True, help_text="Steps taken (IVR menu path, pages)")

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["started_at"], name="interaction_started"),
            models.Index(fields=["channel", "outcome", "started_at"], name="interaction_mix"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.outcome or 'active'} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def duration(self) -> timedelta | None:
        return self.ended_at - self.started_at if self.ended_at else None


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class OutboxMessage(models.Model):
    """A message to send, written in the same transaction as the change that caused it.

    It records *what happened and to whom* (``kind``, ``payload``, recipient, language); ``notify``
    renders the words and delivers it, so a crash between the change and the send loses nothing.
    """

    created_at = models.DateTimeField(default=timezone.now)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="outbox")
    kind = models.CharField(max_length=40)
    channel = models.CharField(max_length=8, help_text="email, sms or voice")
    recipient = models.CharField(max_length=254)
    language = models.CharField(max_length=8, default="en")
    payload = models.JSONField(default=dict, blank=True)
    subscription = models.ForeignKey(Subscription, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    not_before = models.DateTimeField(default=timezone.now, help_text="Quiet hours hold messages until then")
    attempts = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(max_length=200, blank=True)
    last_error = models.TextField(blank=True)
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "not_before"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.channel} ({self.status})"
