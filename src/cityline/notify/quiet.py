"""Quiet hours: no text message to a resident at night (pack ``policy.quiet_hours``, local time)."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from cityline.oncall.models import local_instant

_WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def parse_window(text: str) -> tuple[time, time]:
    match = _WINDOW.match(text or "")
    if not match:
        raise ValueError(f'quiet hours "{text}" must look like "21:00-08:00"')
    h1, m1, h2, m2 = (int(group) for group in match.groups())
    return time(h1 % 24, m1), time(h2 % 24, m2)


def quiet_hours_end(moment: datetime, window: str, zone: ZoneInfo) -> datetime | None:
    """When the quiet hours around ``moment`` end (the instant messages may go again), or None if
    ``moment`` is not in quiet hours. The window may run past midnight ("21:00-08:00")."""
    start, end = parse_window(window)
    if start == end:
        return None
    local = moment.astimezone(zone)
    now = local.time()
    today = local.date()
    if start < end:
        quiet = start <= now < end
        end_day = today
    else:
        quiet = now >= start or now < end
        end_day = today + timedelta(days=1) if now >= start else today
    if not quiet:
        return None
    return local_instant(end_day, end, zone)
