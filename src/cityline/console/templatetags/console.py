from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

register = template.Library()

_SLA_TEXT = {
    "on_time": _("On time"),
    "due_soon": _("Due soon"),
    "breached": _("Breached"),
    "paused": _("On hold"),
    "closed_on_time": _("Closed on time"),
    "closed_late": _("Closed late"),
}


@register.filter
def duration(value: timedelta | None) -> str:
    """``2:05`` for a call's length; ``1:02:05`` past an hour."""
    if value is None:
        return ""
    seconds = int(value.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


@register.simple_tag
def sla_badge(state: str) -> str:
    return format_html('<span class="cl-badge cl-badge--{}">{}</span>', state, _SLA_TEXT.get(state, state))


@register.simple_tag(takes_context=True)
def console_nav(context: dict[str, Any]) -> list[dict[str, Any]]:
    from cityline.console.views_work import navigation

    request = context.get("request")
    return navigation(request) if request is not None and request.user.is_authenticated else []


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def spoken_groups(number: str) -> list[str]:
    """The case number in groups to read back: ["2 6 1 4", "0 5 8 7", "3 9"]."""
    return [" ".join(group) for group in [number[i : i + 4] for i in range(0, len(number), 4)]]


@register.filter
def text_in(template_row: Any, language: str) -> str:
    """A response template's text in the case's language (else the city's first)."""
    return template_row.localized("text", language)
