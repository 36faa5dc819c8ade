"""How a figure's values are written in tables: shares as percentages, days to one decimal."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html

register = template.Library()


@register.filter
def cell(value: Any, kind: str) -> str:
    if value is None or value == "":
        return "—"
    if kind == "percent":
        return f"{value:.0%}"
    if kind in ("days", "decimal"):
        return number_format(value, 1, use_l10n=True)
    if kind == "seconds":
        return number_format(round(value), 0, use_l10n=True, force_grouping=True)
    if kind == "int":
        return number_format(value, 0, use_l10n=True, force_grouping=True)
    if kind == "link":
        if value.get("href"):
            return format_html('<a class="usa-link" href="{}">{}</a>', value["href"], value["text"])
        return value.get("text", "")
    return value


@register.filter
def heat(share: float) -> str:
    """A cell's shading for a heat table: stays light enough for dark text to read (WCAG AA)."""
    return f"background-color: rgba(0, 94, 162, {0.05 + 0.55 * share:.2f})"


@register.filter
def numeric(kind: str) -> bool:
    return kind in ("int", "percent", "days", "decimal", "seconds")
