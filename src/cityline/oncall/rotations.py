"""Who is on call: the question the console, the commands, the calendar feeds and paging all ask."""

from __future__ import annotations

from datetime import datetime, timedelta

import icalendar
from django.conf import settings
from django.utils import timezone

from cityline.directory.models import Department

from .models import OnCallShift, Rotation


def who_is_on_call(department: Department | str, at: datetime | None = None) -> list[OnCallShift]:
    """The person on call in each of the department's active rotations at ``at`` (default now),
    overrides applied, in the rotations' order. A rotation with nobody on it is left out, so an
    empty list means nobody is on call: show it as a gap."""
    if isinstance(department, str):
        department = Department.objects.get(slug=department)
    at = at or timezone.now()
    shifts = []
    for rotation in department.rotations.filter(active=True).order_by("position", "pk"):
        shift = rotation.shift_at(at)
        if shift is not None and shift.user is not None:
            shifts.append(shift)
    return shifts


def calendar_feed_path(rotation: Rotation) -> str:
    from django.urls import reverse

    return reverse("oncall:calendar", kwargs={"token": rotation.calendar_token})


def calendar_feed(
    rotation: Rotation, now: datetime | None = None, *, past_days: int = 14, future_days: int = 90
) -> bytes:
    """The rotation as an iCalendar feed (RFC 5545) for staff calendars: one event per shift."""
    now = now or timezone.now()
    city_name = rotation.department.name
    feed = icalendar.Calendar()
    feed.add("prodid", "-//Cityline//On-call rotations//EN")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", f"{city_name}: {rotation.name}")
    feed.add("x-published-ttl", "PT1H")
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "cityline"
    for shift in rotation.shifts_between(now - timedelta(days=past_days), now + timedelta(days=future_days)):
        event = icalendar.Event()
        kind = "override" if shift.is_override else "shift"
        event.add("uid", f"{rotation.pk}-{kind}-{int(shift.starts_at.timestamp())}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", shift.starts_at)
        event.add("dtend", shift.ends_at)
        summary = f"On call: {shift.name}"
        if shift.is_override and shift.reason:
            summary += f" ({shift.reason})"
        event.add("summary", summary)
        lines = [f"{rotation.name}, {city_name}."]
        if shift.phone:
            lines.append(f"Paging number: {shift.phone}")
        event.add("description", "\n".join(lines))
        event.add("transp", "TRANSPARENT")
        feed.add_component(event)
    return feed.to_ical()
