"""SLA clocks: when a case is due, in the responsible department's business time.

A service type promises "N business hours/days" (counted in the department's opening hours, across
holidays, closures and daylight-saving changes) or "N hours/days" (around the clock). The clock stops
while a case is on hold: the open time left is kept and counted again from the moment work resumes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from cityline.catalog.models import ServiceType, SlaTarget
from cityline.core.calendar import BusinessCalendar
from cityline.directory.models import Department


def due_at(service_type: ServiceType, department: Department, start: datetime) -> datetime:
    """When a case of this type, received at ``start``, is due."""
    return service_type.sla.due(start, department.calendar)


def remaining(target: SlaTarget, calendar: BusinessCalendar, due: datetime, at: datetime) -> timedelta:
    """Time left on the clock at ``at`` (negative when already late), in the unit's own time."""
    if not target.counts_business_time:
        return due - at
    if at <= due:
        return calendar.business_time_between(at, due)
    return -calendar.business_time_between(due, at)


def resumed_due(target: SlaTarget, calendar: BusinessCalendar, left: timedelta, at: datetime) -> datetime:
    """The new due time when a paused clock with ``left`` on it starts again at ``at``."""
    if not target.counts_business_time:
        return at + left
    if left >= timedelta(0):
        return calendar.add_business_time(at, left)
    # Already late when paused: it stays exactly as late.
    return at + left


def is_on_time(closed_at: datetime, due: datetime) -> bool:
    return closed_at <= due
