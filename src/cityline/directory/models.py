"""The city directory: departments, their lines, hours, staff contacts and elected officials."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from django.db import models
from django.utils import timezone

from cityline.core.calendar import BusinessCalendar, DayOverride, WeeklyHours
from cityline.core.holidays import override
from cityline.core.i18n import Translatable
from cityline.core.models import current_jurisdiction


class PhoneKind(models.TextChoices):
    MAIN = "main", "Main line"
    DIRECT = "direct", "Direct line"
    AFTER_HOURS = "after_hours", "After hours"
    FAX = "fax", "Fax"
    TTY = "tty", "TTY"


@dataclass(frozen=True)
class OpenStatus:
    """What "open now / opens at …" says for one moment."""

    is_open: bool
    closes_at: datetime | None = None
    opens_at: datetime | None = None
    closed_reason: str = ""


class Department(Translatable):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    keywords = models.JSONField(default=dict, blank=True, help_text="{language: [words residents use]}")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="units")
    email = models.EmailField(blank=True)
    address = models.CharField(max_length=300, blank=True)
    website = models.URLField(blank=True)
    hours = models.JSONField(null=True, blank=True, help_text="Weekly opening intervals; empty = the city's hours")
    last_verified = models.DateField()
    active = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    # --- hours -------------------------------------------------------------------------------

    @cached_property
    def calendar(self) -> BusinessCalendar:
        """This department's business calendar: its hours (or the city's), the city's holidays and
        closures, and its own dated exceptions."""
        city = current_jurisdiction()
        weekly = WeeklyHours.from_json(self.hours if self.hours is not None else city.hours)
        exceptions: dict[date, DayOverride] = {
            exception.date: exception.as_override() for exception in self.hours_exceptions.all()
        }
        return BusinessCalendar(city.zone, weekly, city.holiday_overrides(extra=exceptions))

    @property
    def weekly_hours(self) -> WeeklyHours:
        return WeeklyHours.from_json(self.hours if self.hours is not None else current_jurisdiction().hours)

    def is_open(self, at: datetime | None = None) -> bool:
        return self.calendar.is_open(at or timezone.now())

    def next_open(self, at: datetime | None = None) -> datetime | None:
        """When the department is next open: ``at`` itself if open then."""
        return self.calendar.next_opening(at or timezone.now())

    def open_status(self, at: datetime | None = None) -> OpenStatus:
        at = at or timezone.now()
        calendar = self.calendar
        if calendar.is_open(at):
            return OpenStatus(True, closes_at=calendar.next_closing(at))
        closure = calendar.closure_on(calendar.local_date(at))
        return OpenStatus(False, opens_at=calendar.next_opening(at), closed_reason=closure.reason if closure else "")

    # --- lines ---------------------------------------------------------------------------------

    @property
    def main_phone(self) -> PhoneLine | None:
        lines = list(self.phones.all())
        return next((line for line in lines if line.kind == PhoneKind.MAIN), lines[0] if lines else None)

    @property
    def after_hours_phone(self) -> PhoneLine | None:
        return next((line for line in self.phones.all() if line.kind == PhoneKind.AFTER_HOURS), None)

    def all_keywords(self) -> list[str]:
        return [word for words in self.keywords.values() for word in words]


class DepartmentHoursException(Translatable):
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="hours_exceptions")
    date = models.DateField()
    hours = models.JSONField(default=list, blank=True, help_text="Opening intervals that day; empty = closed")
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["department", "date"], name="one_exception_per_day")]

    def __str__(self) -> str:
        return f"{self.department}: {self.date}"

    def as_override(self) -> DayOverride:
        return override(self.reason, [tuple(i) for i in self.hours], self.all_languages("reason"))


class PhoneLine(Translatable):
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="phones")
    label = models.CharField(max_length=200)
    number = models.CharField(max_length=20, help_text="E.164, or a short code such as 711")
    kind = models.CharField(max_length=16, choices=PhoneKind.choices, default=PhoneKind.MAIN)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["department", "position"]

    def __str__(self) -> str:
        return f"{self.label}: {self.number}"

    @property
    def display(self) -> str:
        from cityline.core.phones import display_number

        return display_number(self.number)


class Contact(Translatable):
    """A public office contact by title (not a resident)."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="contacts")
    title = models.CharField(max_length=200)
    name = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["department", "position"]

    def __str__(self) -> str:
        return self.title


class ElectedOfficial(Translatable):
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="officials")
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    district = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["department", "position"]

    def __str__(self) -> str:
        return f"{self.title} {self.name}"


class Role(models.TextChoices):
    CALL_TAKER = "call_taker", "Call-taker"
    DEPARTMENT_STAFF = "department_staff", "Department staff"
    SUPERVISOR = "supervisor", "Supervisor"
    ADMINISTRATOR = "administrator", "Administrator"


class StaffProfile(models.Model):
    """A city employee who signs in to Cityline: their role, departments and paging number.

    Department staff see and change only their departments' cases; call-takers open cases for any
    department; supervisors and administrators see everything.
    """

    user = models.OneToOneField("auth.User", on_delete=models.CASCADE, related_name="staff")
    role = models.CharField(max_length=20, choices=Role.choices)
    departments = models.ManyToManyField(Department, blank=True, related_name="staff")
    title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=20, blank=True, help_text="E.164; used to page this person when on call")
    language = models.CharField(max_length=8, default="en")

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.get_username()} ({self.get_role_display()})"

    @property
    def sees_all_departments(self) -> bool:
        return self.role in (Role.CALL_TAKER, Role.SUPERVISOR, Role.ADMINISTRATOR)

    @property
    def takes_calls(self) -> bool:
        """Answers the 311 line (the call-taker screen). Supervisors and administrators step in at peaks."""
        return self.role in (Role.CALL_TAKER, Role.SUPERVISOR, Role.ADMINISTRATOR)

    @property
    def works_queue(self) -> bool:
        """Works cases in a department work queue."""
        return self.role in (Role.DEPARTMENT_STAFF, Role.SUPERVISOR, Role.ADMINISTRATOR)

    @property
    def supervises(self) -> bool:
        return self.role in (Role.SUPERVISOR, Role.ADMINISTRATOR)

    def department_ids(self) -> set[int]:
        # Asked many times per page (every row of a queue): read once per profile object.
        if not hasattr(self, "_department_ids"):
            self._department_ids = set(self.departments.values_list("pk", flat=True))
        return self._department_ids

    def owns(self, case) -> bool:
        """The case is in one of this person's departments."""
        return case.department_id in self.department_ids()

    def shares(self, case) -> bool:
        """The case was shared with one of this person's departments (they help, another department owns it)."""
        ids = self.department_ids()
        return bool(ids) and case.shared_with.filter(pk__in=ids).exists()

    def can_see_private(self, case) -> bool:
        """May this person see the requester's details and the internal notes?

        Call-takers, supervisors and administrators see every case in full. Department staff see
        their departments' cases and the cases shared with their departments; of any other case
        only what the public sees.
        """
        if self.role != Role.DEPARTMENT_STAFF:
            return True
        return self.owns(case) or self.shares(case)

    def can_work(self, case) -> bool:
        """May this person change the case? Department staff only within their departments."""
        if self.role in (Role.SUPERVISOR, Role.ADMINISTRATOR):
            return True
        if self.role == Role.DEPARTMENT_STAFF:
            return self.owns(case)
        return self.role == Role.CALL_TAKER

    def allowed_actions(self, case) -> frozenset[str]:
        """The changes this person may make to the case, whatever its status.

        Call-takers add notes and reopen (a caller says the problem is back); a department that a
        case was shared with adds notes; the owning department, supervisors and administrators do
        everything. Whether the case's status allows a change is the domain's to say.
        """
        if self.role in (Role.SUPERVISOR, Role.ADMINISTRATOR) or (
            self.role == Role.DEPARTMENT_STAFF and self.owns(case)
        ):
            return WORK_ACTIONS
        if self.role == Role.CALL_TAKER:
            return frozenset({"note", "reopen"})
        if self.role == Role.DEPARTMENT_STAFF and self.shares(case):
            return frozenset({"note"})
        return frozenset()


# Every change the console offers on a case (each is one function of cases/actions.py).
WORK_ACTIONS = frozenset(
    {"note", "acknowledge", "status", "assign", "hold", "resume", "close", "merge", "reopen", "share", "service_type"}
)
