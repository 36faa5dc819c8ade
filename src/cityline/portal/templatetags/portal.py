"""Template helpers for the portal: USWDS form fields, opening hours in the reader's language."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import template
from django.utils import formats, timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cityline.core.calendar import MINUTES_PER_DAY
from cityline.core.phones import display_number

register = template.Library()


@register.inclusion_tag("portal/includes/field.html")
def field(bound_field: Any, hint: str = "", large: bool = False) -> dict[str, Any]:
    """A form field in USWDS markup: label, hint, the error next to it, and the input."""
    widget = bound_field.field.widget
    input_type = getattr(widget, "input_type", "")
    if widget.__class__.__name__ == "Textarea":
        kind = "textarea"
    elif input_type == "radio":
        kind = "radio"
    elif input_type == "checkbox" and getattr(widget, "allow_multiple_selected", False):
        kind = "checkboxes"
    elif input_type == "checkbox":
        kind = "checkbox"
    elif input_type == "file":
        kind = "file"
    elif input_type == "hidden":
        kind = "hidden"
    else:
        kind = "input"
    required = getattr(bound_field.field, "is_required", bound_field.field.required)
    described = []
    if hint or bound_field.help_text:
        described.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}-error")
    classes = {
        "textarea": "usa-textarea",
        "radio": "usa-radio__input usa-radio__input--tile",
        "checkboxes": "usa-checkbox__input usa-checkbox__input--tile",
        "checkbox": "usa-checkbox__input",
        "file": "usa-file-input",
        "input": "usa-input",
    }
    attrs = widget.attrs
    css = classes.get(kind, "")
    if bound_field.errors and kind in ("input", "textarea"):
        css += f" {css}--error"
    if large and kind == "input":
        css += " usa-input--xl"
    if css:
        attrs["class"] = css
    if described and kind not in ("radio", "checkboxes"):
        attrs["aria-describedby"] = " ".join(described)
    if bound_field.errors and kind not in ("radio", "checkboxes"):
        attrs["aria-invalid"] = "true"
    if required and kind in ("input", "textarea"):
        attrs["aria-required"] = "true"
    return {
        "field": bound_field,
        "kind": kind,
        "hint": hint or bound_field.help_text,
        "required": required,
        "large": large,
        "value": bound_field.value(),
        "described": " ".join(described),
    }


@register.filter
def is_checked(value: Any, key: Any) -> bool:
    """Is ``key`` among the field's current value(s)? (radios and checkboxes)"""
    if value is None:
        return False
    if isinstance(value, list | tuple):
        return str(key) in [str(v) for v in value]
    return str(value) == str(key)


def _clock(minute: int) -> str:
    if minute >= MINUTES_PER_DAY:
        return _("midnight")
    return formats.time_format(time(minute // 60, minute % 60))


@register.simple_tag
def hours_rows(weekly: Any) -> list[tuple[str, str]]:
    """[(“Monday”, “8 a.m. – 5 p.m.”), …] in the page's language, for an hours table."""
    rows = []
    for number, intervals in enumerate(weekly.days):
        if not intervals:
            text = _("Closed")
        elif intervals == ((0, MINUTES_PER_DAY),):
            text = _("Open 24 hours")
        else:
            text = ", ".join(f"{_clock(start)} – {_clock(end)}" for start, end in intervals)
        rows.append((str(WEEKDAYS[number]), text))
    return rows


@register.filter
def when(moment: datetime | None) -> str:
    """A moment in the city's time, said the way people say it: "today at 5 p.m.", "Monday at 8 a.m."."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    today = timezone.localdate()
    clock = formats.time_format(local.time())
    if local.date() == today:
        return _("today at %(time)s") % {"time": clock}
    if (local.date() - today).days == 1:
        return _("tomorrow at %(time)s") % {"time": clock}
    if 1 < (local.date() - today).days < 7:
        return _("%(day)s at %(time)s") % {"day": str(WEEKDAYS[local.weekday()]), "time": clock}
    return _("%(date)s at %(time)s") % {"date": formats.date_format(local.date()), "time": clock}


@register.filter
def day(moment: date | datetime | None) -> str:
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment).date()
    return formats.date_format(moment, "DATE_FORMAT")


@register.filter
def phone(number: str) -> str:
    return display_number(number or "")


@register.filter
def grouped_number(number: str) -> str:
    from cityline.cases.numbers import grouped

    return grouped(number or "")


@register.simple_tag
def open_status(department: Any) -> Any:
    """``{% open_status department as status %}``: open now (until when) or when it opens next."""
    return department.open_status(timezone.now())


_STATUS = {
    "new": gettext_lazy("Received"),
    "acknowledged": gettext_lazy("Seen by the department"),
    "in_progress": gettext_lazy("In progress"),
    "scheduled": gettext_lazy("Work scheduled"),
    "on_hold": gettext_lazy("On hold"),
    "closed": gettext_lazy("Closed"),
}
_CLOSING = {
    "resolved": gettext_lazy("Fixed"),
    "duplicate": gettext_lazy("Same problem as another case"),
    "referred": gettext_lazy("Sent to another agency"),
    "no_action": gettext_lazy("No action needed"),
    "unable_to_locate": gettext_lazy("The crew could not find the problem"),
}
_EVENTS = {
    "opened": gettext_lazy("Report received"),
    "acknowledged": gettext_lazy("Seen by the department"),
    "assigned": gettext_lazy("Passed to the right team"),
    "note": gettext_lazy("Update"),
    "on_hold": gettext_lazy("Put on hold"),
    "resumed": gettext_lazy("Work resumed"),
    "merged": gettext_lazy("Another report of the same problem was joined to this case"),
    "duplicate": gettext_lazy("Joined to another case about the same problem"),
    "reopened": gettext_lazy("Reopened"),
    "closed": gettext_lazy("Closed"),
    "service_type_changed": gettext_lazy("Moved to the right kind of problem"),
}


@register.filter
def status_label(status: str) -> str:
    return str(_STATUS.get(status, status))


@register.filter
def closing_label(reason: str) -> str:
    return str(_CLOSING.get(reason, reason))


@register.filter
def event_label(event: Any) -> str:
    if event.kind == "status_changed":
        return str(_STATUS.get(event.status, gettext_lazy("Status changed")))
    return str(_EVENTS.get(event.kind, event.kind.replace("_", " ")))
