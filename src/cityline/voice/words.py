"""Times, dates, hours and statuses as the phone line says them, in the caller's language.

Every function here is called inside ``translation.override(language)``; English and Spanish
differ in more than words ("8 AM" / "las 8 de la mañana"), so the two are written out.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import groupby

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cityline.core.calendar import MINUTES_PER_DAY, BusinessCalendar, WeeklyHours
from cityline.core.i18n import active_language

_DAY_WORDS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "es": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
}
_MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "es": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
}


def _language() -> str:
    language = active_language()
    return language if language in _DAY_WORDS else "en"


def clock(minute: int) -> str:
    """Minutes after midnight as said: "8 AM", "5:30 PM", "noon" / "las 8 de la mañana"."""
    minute %= MINUTES_PER_DAY
    hour, rest = divmod(minute, 60)
    if _language() == "es":
        twelve = hour % 12 or 12
        article = "la" if twelve == 1 else "las"
        when = f"{twelve}" if not rest else f"{twelve} y {rest}" if rest != 30 else f"{twelve} y media"
        if hour == 12 and not rest:
            return "las 12 del mediodía"
        if hour == 0 and not rest:
            return "la medianoche"
        part = "de la mañana" if hour < 12 else "de la tarde" if hour < 19 else "de la noche"
        return f"{article} {when} {part}"
    if hour == 12 and not rest:
        return "noon"
    if hour == 0 and not rest:
        return "midnight"
    suffix = "AM" if hour < 12 else "PM"
    twelve = hour % 12 or 12
    return f"{twelve} {suffix}" if not rest else f"{twelve}:{rest:02d} {suffix}"


def time_of(moment: datetime) -> str:
    return clock(moment.hour * 60 + moment.minute)


def day_name(day: date) -> str:
    return _DAY_WORDS[_language()][day.weekday()]


def full_date(day: date) -> str:
    """ "Thursday, December 3" / "el jueves 3 de diciembre"."""
    language = _language()
    month = _MONTHS[language][day.month - 1]
    if language == "es":
        return f"el {day_name(day)} {day.day} de {month}"
    return f"{day_name(day)}, {month} {day.day}"


def when(moment: datetime, now: datetime) -> str:
    """A coming moment, relative to now: "today at 8 AM", "tomorrow at 8 AM", "Monday at 8 AM"."""
    today = now.date()
    day = moment.date()
    at = time_of(moment)
    if day == today:
        return pgettext("a spoken time", "today at %(time)s") % {"time": at}
    if day == today + timedelta(days=1):
        return pgettext("a spoken time", "tomorrow at %(time)s") % {"time": at}
    if day < today + timedelta(days=7):
        return pgettext("a spoken time", "%(day)s at %(time)s") % {
            "day": ("el " if _language() == "es" else "") + day_name(day),
            "time": at,
        }
    return pgettext("a spoken time", "%(date)s at %(time)s") % {"date": full_date(day), "time": at}


def weekly_hours(weekly: WeeklyHours) -> str:
    """ "Monday to Friday, 8 AM to 5 PM" / "de lunes a viernes, de las 8 de la mañana a las 5 de la tarde"."""
    parts = []
    days = list(enumerate(weekly.days))
    for intervals, run in groupby(days, key=lambda item: item[1]):
        run = list(run)
        if not intervals:
            continue
        first, last = run[0][0], run[-1][0]
        words = _DAY_WORDS[_language()]
        if first == last:
            span = words[first]
        elif last == first + 1:
            span = _("%(first)s and %(last)s") % {"first": words[first], "last": words[last]}
        else:
            span = _("%(first)s to %(last)s") % {"first": words[first], "last": words[last]}
        times = _(" and ").join(
            _("%(start)s to %(end)s") % {"start": clock(start), "end": clock(end)} for start, end in intervals
        )
        parts.append(f"{span}, {times}")
    if not parts:
        return _("by appointment only")
    if weekly.always_open:
        return _("24 hours a day, every day")
    return "; ".join(parts)


def status_words(status: str) -> str:
    return {
        "new": _("received, waiting to be reviewed"),
        "acknowledged": _("acknowledged: the department has seen it"),
        "in_progress": _("in progress: work has started"),
        "scheduled": _("scheduled"),
        "on_hold": _("on hold"),
        "closed": _("closed"),
    }.get(status, status)


def closing_reason_words(reason: str) -> str:
    return {
        "resolved": _("the problem was fixed"),
        "duplicate": _("it was merged with another report of the same problem"),
        "referred": _("it was referred to the agency that handles it"),
        "no_action": _("no action was needed"),
        "unable_to_locate": _("the crew could not find the problem"),
    }.get(reason, reason)


def opening_notice(calendar: BusinessCalendar, now: datetime) -> str:
    """What the first menu says about City Hall today: closed for a holiday, closed now, or nothing."""
    local = calendar.local(now)
    closure = calendar.closure_on(local.date())
    if calendar.is_open(now):
        if closure is not None and closure.intervals:
            closing = calendar.next_closing(now)
            return _("City offices close early today, at %(time)s, for %(holiday)s.") % {
                "time": time_of(closing),
                "holiday": closure.name(_language()),
            }
        return ""
    opens = calendar.next_opening(now)
    if closure is not None and closure.closed_all_day:
        text = _("City offices are closed today for %(holiday)s.") % {"holiday": closure.name(_language())}
    else:
        text = _("City offices are closed now.")
    if opens is not None:
        text += " " + _("They open again %(when)s.") % {"when": when(opens, local)}
    return text
