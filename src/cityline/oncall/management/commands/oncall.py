"""`cityline oncall`: who is on call, the coming shifts, and overrides, from the command line.

cityline oncall now public-works
cityline oncall at public-works 2026-12-25T03:00        (city time)
cityline oncall schedule public-works --days 14
cityline oncall override public-works --user pat --from 2026-12-24T17:00 --to 2026-12-25T08:00 --reason "Swap"
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cityline.core.models import current_jurisdiction
from cityline.core.phones import display_number
from cityline.directory.models import Department
from cityline.oncall.models import OnCallShift, Rotation, RotationOverride, local_instant
from cityline.oncall.rotations import who_is_on_call


def _department(slug: str) -> Department:
    department = Department.objects.filter(slug=slug).first()
    if department is None:
        known = (
            ", ".join(Department.objects.filter(active=True).values_list("slug", flat=True))
            or "none: load a pack first"
        )
        raise CommandError(f"There is no department {slug!r}. Departments: {known}")
    return department


def _moment(text: str) -> datetime:
    """A date and time as people type it, in the city's time (an explicit offset is respected)."""
    city = current_jurisdiction()
    try:
        parsed = datetime.fromisoformat(text.strip().replace(" ", "T", 1))
    except ValueError:
        raise CommandError(f"{text!r} is not a date and time; write it like 2026-12-25T03:00 (city time)") from None
    if parsed.tzinfo is not None:
        return parsed
    return local_instant(parsed.date(), parsed.time(), city.zone)


class Command(BaseCommand):
    help = "Who is on call for a department now or at a given time; the coming shifts; overrides."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        now = sub.add_parser("now", help="who is on call now")
        now.add_argument("department", help="department slug, e.g. public-works")
        at = sub.add_parser("at", help="who is on call at a date and time (city time)")
        at.add_argument("department")
        at.add_argument("when", help="e.g. 2026-12-25T03:00")
        schedule = sub.add_parser("schedule", help="the shifts from now (or --from) for some days")
        schedule.add_argument("department")
        schedule.add_argument("--from", dest="start", default=None)
        schedule.add_argument("--days", type=int, default=14)
        override = sub.add_parser("override", help="put somebody else on call for a while (swap, vacation)")
        override.add_argument("department")
        override.add_argument("--user", required=True, help="username of who covers")
        override.add_argument("--from", dest="start", required=True)
        override.add_argument("--to", dest="end", required=True)
        override.add_argument("--reason", default="")
        override.add_argument("--rotation", default=None, help="rotation name, when the department has several")

    def handle(self, *args, action: str, department: str, **options):
        if current_jurisdiction() is None:
            raise CommandError("No city is loaded: run `cityline load-pack` first.")
        dept = _department(department)
        if action == "now":
            self._who(dept, timezone.now())
        elif action == "at":
            self._who(dept, _moment(options["when"]))
        elif action == "schedule":
            start = _moment(options["start"]) if options["start"] else timezone.now()
            self._schedule(dept, start, start + timedelta(days=options["days"]))
        else:
            self._override(dept, options)

    def _line(self, shift: OnCallShift) -> str:
        zone = current_jurisdiction().zone
        phone = display_number(shift.phone) if shift.phone else "NO PAGING NUMBER"
        until = shift.ends_at.astimezone(zone).strftime("%a %Y-%m-%d %H:%M")
        extra = f" — override: {shift.reason or 'no reason given'}" if shift.is_override else ""
        return f"{shift.rotation.name}: {shift.name} ({phone}) until {until}{extra}"

    def _who(self, department: Department, at: datetime) -> None:
        zone = current_jurisdiction().zone
        self.stdout.write(f"{department.name}, {at.astimezone(zone):%a %Y-%m-%d %H:%M %Z}:")
        shifts = who_is_on_call(department, at)
        for shift in shifts:
            self.stdout.write(f"  {self._line(shift)}")
        if not shifts:
            rotations = department.rotations.filter(active=True).count()
            why = "no active rotation" if not rotations else "the rotations have nobody on call"
            self.stdout.write(
                self.style.ERROR(f"  NOBODY is on call ({why}). Urgent cases will alert the supervisors.")
            )

    def _schedule(self, department: Department, start: datetime, end: datetime) -> None:
        zone = current_jurisdiction().zone
        rotations = list(department.rotations.filter(active=True).order_by("position", "pk"))
        if not rotations:
            raise CommandError(
                f"The {department.name} has no active rotation (add one in the admin: On call › Rotations)."
            )
        for rotation in rotations:
            self.stdout.write(
                f"{rotation.name} ({rotation.get_handoff_display().lower()} at {rotation.handoff_time:%H:%M}):"
            )
            for shift in rotation.shifts_between(start, end):
                begin = shift.starts_at.astimezone(zone).strftime("%a %Y-%m-%d %H:%M")
                finish = shift.ends_at.astimezone(zone).strftime("%a %Y-%m-%d %H:%M")
                note = f"  [override: {shift.reason}]" if shift.is_override else ""
                self.stdout.write(f"  {begin} → {finish}  {shift.name}{note}")

    def _override(self, department: Department, options) -> None:
        rotations = department.rotations.filter(active=True)
        if options["rotation"]:
            rotations = rotations.filter(name=options["rotation"])
        rotation: Rotation | None = rotations.order_by("position", "pk").first()
        if rotation is None:
            raise CommandError(
                f"The {department.name} has no active rotation{' of that name' if options['rotation'] else ''}."
            )
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"There is no user {options['user']!r}.")
        start, end = _moment(options["start"]), _moment(options["end"])
        if end <= start:
            raise CommandError("--to must be after --from.")
        RotationOverride.objects.create(
            rotation=rotation, user=user, starts_at=start, ends_at=end, reason=options["reason"]
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{user.get_full_name() or user.username} is on call in “{rotation.name}” for that time."
            )
        )
        if not getattr(getattr(user, "staff", None), "phone", ""):
            self.stdout.write(self.style.WARNING("They have no paging number: add one to their staff profile."))
