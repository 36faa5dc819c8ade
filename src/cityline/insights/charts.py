"""Charts as server-rendered SVG (pygal): they need no JavaScript, and every chart is shown with
the table of the same figures beside it, for screen readers and for analysts.

Rendered charts are cached by their content, so a page whose figures have not changed since the
last refresh of the summary tables is not drawn again.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence

import pygal
from django.core.cache import caches
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

CACHE_SECONDS = 60 * 60
# USWDS colours, dark enough on white to read (WCAG AA for the text), in an order that tells
# series apart for the common kinds of colour blindness.
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1b1b",
    foreground_strong="#1b1b1b",
    foreground_subtle="#565c65",
    opacity="1",
    opacity_hover="0.85",
    colors=("#005ea2", "#d83933", "#008817", "#8168b3", "#e5a000", "#1a4480", "#00bde3", "#936f38"),
    font_family="Source Sans Pro Web, Helvetica Neue, Helvetica, Roboto, Arial, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    title_font_size=16,
    value_font_size=12,
    tooltip_font_size=13,
)


def _render(chart, description: str) -> SafeString:
    svg = chart.render(is_unicode=True)
    # The chart is a picture of the table that follows it: name it for assistive technology.
    label = escape(description)
    svg = re.sub(r"<svg ", f'<svg role="img" aria-label="{label}" focusable="false" ', svg, count=1)
    return mark_safe(svg)


def _cached(kind: str, payload: dict, build) -> SafeString:
    key = (
        "insights-chart:"
        + hashlib.sha256(json.dumps([kind, payload], sort_keys=True, default=str).encode()).hexdigest()
    )
    svg = caches["insights"].get(key)
    if svg is None:
        svg = build()
        caches["insights"].set(key, str(svg), CACHE_SECONDS)
    return mark_safe(svg)


def _number(value: float) -> str:
    """Counts as whole numbers; an axis between two small counts gets one decimal, not 1, 1, 1."""
    return f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 10 else f"{value:,.1f}"


def _config(**extra) -> dict:
    return {
        "style": STYLE,
        "js": [],  # no scripts from elsewhere: the chart is a plain picture
        "disable_xml_declaration": True,
        "explicit_size": False,
        "width": 900,
        "height": 360,
        "show_legend": True,
        "legend_at_bottom": True,
        "truncate_legend": 40,
        "truncate_label": 28,
        "print_values": False,
        "no_data_text": "",
        **extra,
    }


def bar_chart(
    description: str,
    labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    *,
    horizontal: bool = False,
    stacked: bool = False,
    percent: bool = False,
    y_title: str = "",
) -> SafeString:
    """Bars by category (horizontal for long names), one colour per series."""

    def build() -> SafeString:
        kind = (
            pygal.HorizontalStackedBar
            if horizontal and stacked
            else pygal.HorizontalBar
            if horizontal
            else pygal.StackedBar
            if stacked
            else pygal.Bar
        )
        height = max(240, 28 * len(labels) + 120) if horizontal else 360
        chart = kind(
            **_config(
                height=height,
                show_legend=len(series) > 1,
                y_title=y_title,
                range=(0, 1) if percent else None,
                value_formatter=(lambda v: f"{v:.0%}") if percent else _number,
                x_label_rotation=0 if horizontal or len(labels) <= 8 else 35,
            )
        )
        chart.x_labels = list(labels)
        for name, values in series.items():
            chart.add(name, list(values))
        return _render(chart, description)

    return _cached(
        "bar", {"d": description, "l": list(labels), "s": series, "h": horizontal, "st": stacked, "p": percent}, build
    )


def line_chart(
    description: str, labels: Sequence[str], series: dict[str, Sequence[float | None]], *, y_title: str = ""
) -> SafeString:
    """A trend over time; with many points only some labels are written."""

    def build() -> SafeString:
        every = max(len(labels) // 12, 1)
        chart = pygal.Line(
            **_config(
                y_title=y_title,
                x_label_rotation=35,
                show_minor_x_labels=False,
                dots_size=2 if len(labels) > 40 else 3,
                value_formatter=_number,
            )
        )
        chart.x_labels = list(labels)
        chart.x_labels_major = list(labels)[::every]
        for name, values in series.items():
            chart.add(name, list(values))
        return _render(chart, description)

    return _cached("line", {"d": description, "l": list(labels), "s": series}, build)
