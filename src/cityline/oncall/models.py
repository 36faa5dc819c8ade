"""On-call rotations, escalation policies, and the pages sent for one case.

A department keeps one or more **rotations** (who is on call, handing off daily or weekly at a local
time, with overrides for swaps and vacations) and at most one **escalation policy** (who is paged at
each level, and how long each level has to answer). When an urgent case comes in after hours an
**escalation** starts for it; every person paged is a **page** with its own answer.

Times of day are the city's local wall-clock times; instants are stored in UTC and every
computation is done on instants, so a hand-off at 08:00 stays at 08:00 across daylight-saving
changes and "15 minutes" is fifteen real minutes even on the night the clocks go back.
"""

from __future__ import annotations

import itertools
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cityline.core.models import current_jurisdiction

UTC = ZoneInfo("UTC")


def _token() -> str:
    return secrets.token_urlsafe(24)


def _city_zone() -> ZoneInfo:
    city = current_jurisdiction()
    return city.zone if city else ZoneInfo(settings.TIME_ZONE)


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """A local wall-clock time on a local date, as an instant in UTC.

    A time that does not exist (the hour skipped in spring) becomes the real instant just after the
    gap; an ambiguous one (the hour repeated in autumn) is its first occurrence.
    """
    return datetime.combine(day, at).replace(tzinfo=zone).astimezone(UTC)


class Handoff(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"


@dataclass(frozen=True)
class OnCallShift:
    """Who is on call in one rotation for one stretch of time."""

    rotation: Rotation
    user: Any
    starts_at: datetime
    ends_at: datetime
    override: RotationOverride | None = None

    @property
    def name(self) -> str:
        return person_name(self.user) if self.user else ""

    @property
    def phone(self) -> str:
        return paging_phone(self.user) if self.user else ""

    @property
    def is_override(self) -> bool:
        return self.override is not None

    @property
    def reason(self) -> str:
        return self.override.reason if self.override else ""


def person_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def paging_phone(user) -> str:
    """The E.164 number a person is paged on (their staff profile), or ""."""
    profile = getattr(user, "staff", None) if user else None
    return profile.phone if profile and profile.phone else ""


def staff_language(user) -> str:
    profile = getattr(user, "staff", None) if user else None
    if profile and profile.language:
        return profile.language
    city = current_jurisdiction()
    return city.default_language if city else "en"


class Rotation(models.Model):
    """Who is on call for a department, in turn. Shift *k* starts ``starts_on`` + k days (daily) or
    weeks (weekly) at ``handoff_time`` local time and belongs to member *k* modulo the team size."""

    department = models.ForeignKey("directory.Department", on_delete=models.CASCADE, related_name="rotations")
    name = models.CharField(max_length=200, help_text='e.g. "Water and sewer on call"')
    handoff = models.CharField(max_length=8, choices=Handoff.choices, default=Handoff.WEEKLY)
    handoff_time = models.TimeField(default=time(8, 0), help_text="Local time of the hand-off")
    starts_on = models.DateField(
        help_text="The first shift starts this day at the hand-off time; weekly rotations hand off on this weekday"
    )
    active = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0, help_text="Order among the department's rotations")
    calendar_token = models.CharField(
        max_length=64, unique=True, default=_token, help_text="Secret part of the calendar feed's address"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["department", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.department}: {self.name}"

    @property
    def shift_length_days(self) -> int:
        return 1 if self.handoff == Handoff.DAILY else 7

    def boundary(self, index: int, zone: ZoneInfo | None = None) -> datetime:
        """The instant shift ``index`` starts (the hand-off before it)."""
        day = self.starts_on + timedelta(days=index * self.shift_length_days)
        return local_instant(day, self.handoff_time, zone or _city_zone())

    def shift_index(self, at: datetime, zone: ZoneInfo | None = None) -> int:
        zone = zone or _city_zone()
        local_day = at.astimezone(zone).date()
        index = (local_day - self.starts_on).days // self.shift_length_days
        # The local date gives the index to within one shift; the hand-off instant settles it.
        while self.boundary(index, zone) > at:
            index -= 1
        while self.boundary(index + 1, zone) <= at:
            index += 1
        return index

    def ordered_members(self) -> list:
        return [member.user for member in self.members.select_related("user__staff").order_by("position", "pk")]

    def scheduled_shift(self, at: datetime, offset: int = 0, members: list | None = None) -> OnCallShift | None:
        """The shift the order alone gives at ``at`` (no overrides); ``offset`` 1 is the next person in
        line (the backup). None before the rotation starts or when it has nobody."""
        members = self.ordered_members() if members is None else members
        zone = _city_zone()
        index = self.shift_index(at, zone)
        if not members or index < 0:
            return None
        return OnCallShift(
            rotation=self,
            user=members[(index + offset) % len(members)],
            starts_at=self.boundary(index, zone),
            ends_at=self.boundary(index + 1, zone),
        )

    def override_at(self, at: datetime) -> RotationOverride | None:
        # The most recent override wins where two overlap (a swap made on top of a vacation cover).
        return (
            self.overrides.filter(starts_at__lte=at, ends_at__gt=at)
            .select_related("user__staff")
            .order_by("-created_at", "-pk")
            .first()
        )

    def shift_at(self, at: datetime | None = None, offset: int = 0) -> OnCallShift | None:
        """Who is on call at ``at``: an override if one covers it, else the scheduled person.

        With ``offset`` > 0 (the backup), overrides do not apply: the backup is the next person in the
        published order, so everyone can see ahead of time when they are second in line.
        """
        at = at or timezone.now()
        if offset == 0:
            override = self.override_at(at)
            if override is not None:
                return OnCallShift(self, override.user, override.starts_at, override.ends_at, override)
        return self.scheduled_shift(at, offset)

    def shifts_between(self, start: datetime, end: datetime) -> list[OnCallShift]:
        """Every stretch of on-call time from ``start`` to ``end``, overrides spliced in."""
        zone = _city_zone()
        members = self.ordered_members()
        overrides = list(
            self.overrides.filter(starts_at__lt=end, ends_at__gt=start)
            .select_related("user__staff")
            .order_by("created_at", "pk")
        )
        cuts = {start, end}
        if members:
            index = self.shift_index(start, zone)
            while (moment := self.boundary(index + 1, zone)) < end:
                cuts.add(moment)
                index += 1
        for override in overrides:
            cuts.update(moment for moment in (override.starts_at, override.ends_at) if start < moment < end)
        ordered = sorted(cuts)
        pieces: list[OnCallShift] = []
        for begin, finish in itertools.pairwise(ordered):
            covering = [o for o in overrides if o.starts_at <= begin < o.ends_at]
            if covering:
                override = covering[-1]
                piece = OnCallShift(self, override.user, begin, finish, override)
            else:
                scheduled = self.scheduled_shift(begin, members=members)
                if scheduled is None:
                    continue
                piece = OnCallShift(self, scheduled.user, begin, finish)
            previous = pieces[-1] if pieces else None
            if (
                previous
                and previous.ends_at == begin
                and previous.user == piece.user
                and previous.override == piece.override
                and (piece.override or self.shift_index(begin, zone) == self.shift_index(previous.starts_at, zone))
            ):
                pieces[-1] = OnCallShift(self, piece.user, previous.starts_at, finish, piece.override)
            else:
                pieces.append(piece)
        return pieces


class RotationMember(models.Model):
    rotation = models.ForeignKey(Rotation, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="oncall_memberships")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["rotation", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["rotation", "user"], name="one_membership_per_rotation")]

    def __str__(self) -> str:
        return f"{self.rotation.name} #{self.position}: {person_name(self.user)}"


class RotationOverride(models.Model):
    """Somebody else on call for a while: a swap, a vacation cover, a holiday volunteer."""

    rotation = models.ForeignKey(Rotation, on_delete=models.CASCADE, related_name="overrides")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="oncall_overrides")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    reason = models.CharField(max_length=200, blank=True, help_text='e.g. "Swap with Pat", "Covering vacation"')
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["rotation", "starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="override_ends_after_start")
        ]
        indexes = [models.Index(fields=["rotation", "starts_at", "ends_at"], name="override_span")]

    def __str__(self) -> str:
        return f"{self.rotation.name}: {person_name(self.user)} {self.starts_at:%Y-%m-%d %H:%M}"


class EscalationPolicy(models.Model):
    """Who is paged at each level for a department's urgent after-hours cases.

    Without a policy a department pages its rotations' on-call people, then its supervisors.
    """

    department = models.OneToOneField(
        "directory.Department", on_delete=models.CASCADE, related_name="escalation_policy"
    )
    repeat = models.PositiveSmallIntegerField(
        default=1, help_text="How many more times every level is paged again when nobody answers"
    )

    class Meta:
        verbose_name_plural = "escalation policies"

    def __str__(self) -> str:
        return f"Escalation for {self.department}"


class EscalationLevel(models.Model):
    """One level: the person on call in a rotation (or the next in line), or a named person."""

    policy = models.ForeignKey(EscalationPolicy, on_delete=models.CASCADE, related_name="levels")
    position = models.PositiveSmallIntegerField(default=1)
    label = models.CharField(max_length=100, help_text='Shown in the history: "On call", "Backup", "Supervisor"')
    rotation = models.ForeignKey(Rotation, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    rotation_offset = models.PositiveSmallIntegerField(
        default=0, help_text="0: who is on call; 1: the next person in line (backup)"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    wait_minutes = models.PositiveIntegerField(default=15, help_text="Minutes to answer before the next level")

    class Meta:
        ordering = ["policy", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(rotation__isnull=False) & Q(user__isnull=True))
                | (Q(rotation__isnull=True) & Q(user__isnull=False)),
                name="level_pages_a_rotation_or_a_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.label}"


class EscalationState(models.TextChoices):
    ACTIVE = "active", "Paging"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    STOPPED = "stopped", "Stopped (case worked)"
    EXHAUSTED = "exhausted", "Nobody answered"


class Escalation(models.Model):
    """The paging for one case, from the first page until somebody takes it."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="escalations")
    department = models.ForeignKey("directory.Department", on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=16, choices=EscalationState.choices, default=EscalationState.ACTIVE)
    level = models.PositiveSmallIntegerField(default=0, help_text="The level paged last")
    round = models.PositiveSmallIntegerField(default=0, help_text="0 on the first pass through the levels")
    started_at = models.DateTimeField(default=timezone.now)
    next_step_at = models.DateTimeField(null=True, blank=True, help_text="When the next level is paged")
    ended_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(state="active"), name="one_active_escalation_per_case")
        ]
        indexes = [models.Index(fields=["state", "next_step_at"], name="escalation_due")]

    def __str__(self) -> str:
        return f"{self.case} ({self.get_state_display()})"

    @property
    def is_active(self) -> bool:
        return self.state == EscalationState.ACTIVE


class PageStatus(models.TextChoices):
    PAGED = "paged", "Paged, no answer yet"
    ACKNOWLEDGED = "acknowledged", "Accepted"
    PASSED = "passed", "Passed to the next level"
    SUPERSEDED = "superseded", "Taken by someone else"


class AnswerChannel(models.TextChoices):
    SMS = "sms", "text reply"
    CALL = "call", "phone keypad"
    LINK = "link", "link"
    CONSOLE = "console", "console"


class Page(models.Model):
    """One person paged (by text, phone call and e-mail) at one level of an escalation."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="pages")
    level = models.PositiveSmallIntegerField()
    round = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="pages"
    )
    phone = models.CharField(max_length=20, db_index=True, help_text="E.164")
    language = models.CharField(max_length=8, default="en")
    paged_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=16, choices=PageStatus.choices, default=PageStatus.PAGED)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_via = models.CharField(max_length=8, choices=AnswerChannel.choices, blank=True)
    # The secret in the phone call's webhook address.
    token = models.CharField(max_length=64, unique=True, default=_token)

    class Meta:
        ordering = ["paged_at", "pk"]
        indexes = [models.Index(fields=["phone", "paged_at"], name="page_by_phone")]

    def __str__(self) -> str:
        return f"{self.escalation.case.number}: {self.label} {self.name}"

    @property
    def name(self) -> str:
        return person_name(self.user) or self.phone

    @property
    def case(self):
        return self.escalation.case
