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


@register.simple_tag
def figure_table(table, caption: str) -> str:
    """A figure's table as HTML, built in Python: a table of a few hundred rows is drawn here many
    times faster than by a template loop."""
    from django.utils.html import conditional_escape, escape
    from django.utils.safestring import mark_safe

    number_class = ' class="cl-num"'
    head = "".join(
        f'<th scope="col"{number_class if numeric(column.kind) else ""}>{escape(column.label)}</th>'
        for column in table.columns
    )
    body = []
    for row in table.rows:
        cells = []
        for index, column in enumerate(table.columns):
            text = conditional_escape(cell(row.get(column.key), column.kind))
            if index == 0:
                cells.append(f'<th scope="row">{text}</th>')
            else:
                cells.append(f'<td class="cl-num">{text}</td>' if numeric(column.kind) else f"<td>{text}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return mark_safe(
        '<table class="usa-table usa-table--striped usa-table--compact">'
        f'<caption class="usa-sr-only">{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )
