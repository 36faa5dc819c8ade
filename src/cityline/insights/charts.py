"""Charts as server-rendered SVG: they need no JavaScript, and every chart is shown with the table
of the same figures beside it, for screen readers and for analysts.

The SVG is written here directly. The charts are few and plain (bars, stacked bars, lines), and a
general charting library (pygal, used before) spent 50–100 ms drawing each one through its
configuration machinery and element tree: most of a page's time when the figures are not cached.
Written as strings, a chart takes well under a millisecond, so charts are no longer cached.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# USWDS colours, dark enough on white to read (WCAG AA for the text), in an order that tells
# series apart for the common kinds of colour blindness.
COLOURS = ("#005ea2", "#d83933", "#008817", "#8168b3", "#e5a000", "#1a4480", "#00bde3", "#936f38")
FOREGROUND = "#1b1b1b"
GUIDE = "#a9aeb1"
FONT = "Source Sans Pro Web, Helvetica Neue, Helvetica, Roboto, Arial, sans-serif"
LABEL_SIZE = 13
LEGEND_SIZE = 14
# A rough width of one character of the label font, to make room for the labels.
CHAR_WIDTH = 7.0
WIDTH = 900
TRUNCATE_LABEL = 28
TRUNCATE_LEGEND = 40

Series = dict[str, Sequence[float | None]]


def _number(value: float) -> str:
    """Counts as whole numbers; an axis between two small counts gets one decimal, not 1, 1, 1."""
    return f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 10 else f"{value:,.1f}"


def _percent(value: float) -> str:
    return f"{value:.0%}"


def _value_text(value: float, percent: bool) -> str:
    """A value as the tooltip of its bar or dot says it."""
    if percent:
        return _percent(value)
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _truncate(text: str, length: int) -> str:
    text = str(text)
    return text if len(text) <= length else text[: length - 1] + "…"


def _f(value: float) -> str:
    """A coordinate, short: SVG needs no more than a tenth of a pixel."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _ticks(top: float, percent: bool, whole: bool) -> list[float]:
    """Round values for the value axis, from 0 to at least ``top``: steps of 1, 2, 2.5 or 5 × 10ⁿ."""
    if percent:
        return [step / 10 for step in range(11)]
    if top <= 0:
        top = 1.0
    raw = top / 6
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw - 1e-12)
    if whole:
        step = max(step, 1.0)
        if step == 2.5:
            step = 2.0 if top / 2 <= 8 else 5.0
    count = math.ceil(top / step - 1e-9)
    return [round(step * n, 10) for n in range(count + 1)]


def _tick_format(ticks: list[float]) -> Callable[[float], str]:
    """Whole numbers when every round value is whole, else one decimal for all (2.5, 5.0, 7.5)."""
    if all(float(tick).is_integer() for tick in ticks):
        return lambda value: f"{value:,.0f}" if float(value).is_integer() else _number(value)
    return lambda value: f"{value:,.1f}"


def _left_margin(ticks: list[float], fmt, y_title: str, first_label: str, inset: float) -> float:
    """Room for the values of the axis, and for the first slanted label, which reaches left."""
    axis = max(len(fmt(tick)) for tick in ticks) * CHAR_WIDTH + 18 + (22 if y_title else 0)
    slanted = len(_truncate(first_label, TRUNCATE_LABEL)) * CHAR_WIDTH * 0.82 - inset + 6
    return max(axis, slanted)


def _legend(names: list[str], top: float, left: float) -> tuple[list[str], float]:
    """Coloured squares and names under the chart, wrapped onto lines; returns (parts, height)."""
    parts, x, y = [], left, top
    for index, name in enumerate(names):
        text = _truncate(name, TRUNCATE_LEGEND)
        width = 22 + len(text) * CHAR_WIDTH * LEGEND_SIZE / LABEL_SIZE + 28
        if x > left and x + width > WIDTH - 10:
            x, y = left, y + 24
        colour = COLOURS[index % len(COLOURS)]
        parts.append(
            f'<rect x="{_f(x)}" y="{_f(y)}" width="14" height="14" fill="{colour}"/>'
            f'<text x="{_f(x + 20)}" y="{_f(y + 12)}" font-size="{LEGEND_SIZE}">{escape(text)}</text>'
        )
        x += width
    return parts, (y - top) + 24


def _svg(description: str, height: float, parts: list[str]) -> SafeString:
    # The chart is a picture of the table that follows it: named for assistive technology.
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_f(height)}" role="img" '
        f'aria-label="{escape(description)}" focusable="false" class="cl-svg-chart" '
        f'font-family="{FONT}" font-size="{LABEL_SIZE}" fill="{FOREGROUND}">'
        f'<rect width="{WIDTH}" height="{_f(height)}" fill="#ffffff"/>' + "".join(parts) + "</svg>"
    )


def _value_range(series: Series, stacked: bool) -> tuple[float, bool]:
    """The largest value to show (the largest stack when stacked) and whether all are whole."""
    values = [value for values in series.values() for value in values if value is not None]
    whole = all(float(value).is_integer() for value in values)
    if stacked:
        length = max((len(values) for values in series.values()), default=0)
        stacks = [sum(values[i] or 0 for values in series.values() if i < len(values)) for i in range(length)]
        return max(stacks, default=0), whole
    return max(values, default=0), whole


def bar_chart(
    description: str,
    labels: Sequence[str],
    series: Series,
    *,
    horizontal: bool = False,
    stacked: bool = False,
    percent: bool = False,
    y_title: str = "",
) -> SafeString:
    """Bars by category (horizontal for long names, in the table's order from the top), one colour
    per series; a missing value (None) draws no bar."""
    labels = [str(label) for label in labels]
    names = list(series)
    top, whole = _value_range(series, stacked)
    ticks = _ticks(top, percent, whole)
    fmt: Callable[[float], str] = _percent if percent else _tick_format(ticks)
    scale_top = ticks[-1] or 1.0
    multi = len(names) > 1
    parts: list[str] = []

    if horizontal:
        height = max(240, 28 * len(labels) + 120)
        label_width = max((len(_truncate(label, TRUNCATE_LABEL)) for label in labels), default=0) * CHAR_WIDTH
        left = min(max(label_width + 20, 60), 260)
        right = 30
        plot_top = 16
        legend_height = 30 if multi else 0
        plot_bottom = height - 34 - legend_height
        plot_width = WIDTH - left - right

        def x_of(value: float) -> float:
            return left + plot_width * max(value, 0) / scale_top

        for tick in ticks:
            x = x_of(tick)
            parts.append(
                f'<line x1="{_f(x)}" y1="{plot_top}" x2="{_f(x)}" y2="{_f(plot_bottom)}" stroke="{GUIDE}" '
                'stroke-dasharray="4 4"/>'
                f'<text x="{_f(x)}" y="{_f(plot_bottom + 18)}" text-anchor="middle">{fmt(tick)}</text>'
            )
        band = (plot_bottom - plot_top) / max(len(labels), 1)
        for row, label in enumerate(labels):
            y = plot_top + band * row
            parts.append(
                f'<text x="{_f(left - 8)}" y="{_f(y + band / 2 + 4)}" text-anchor="end">'
                f"{escape(_truncate(label, TRUNCATE_LABEL))}</text>"
            )
            inner = band * 0.8
            offset = 0.0
            for index, name in enumerate(names):
                values = series[name]
                value = values[row] if row < len(values) else None
                if value is None:
                    continue
                colour = COLOURS[index % len(COLOURS)]
                if stacked:
                    x0, thick, y0 = x_of(offset), inner, y + band * 0.1
                    offset += value
                    width = x_of(offset) - x0
                else:
                    thick = inner / len(names)
                    x0, y0 = left, y + band * 0.1 + thick * index
                    width = x_of(value) - left
                parts.append(
                    f'<rect x="{_f(x0)}" y="{_f(y0)}" width="{_f(max(width, 0))}" height="{_f(thick)}" '
                    f'fill="{colour}"><title>{escape(label)} · {escape(name)}: {_value_text(value, percent)}</title></rect>'
                )
        parts.append(
            f'<line x1="{_f(left)}" y1="{plot_top}" x2="{_f(left)}" y2="{_f(plot_bottom)}" stroke="{FOREGROUND}"/>'
        )
        if multi:
            legend, _height = _legend(names, plot_bottom + 32, left)
            parts += legend
        return _svg(description, height, parts)

    height = 360.0
    rotate = len(labels) > 8
    longest = max((len(_truncate(label, TRUNCATE_LABEL)) for label in labels), default=0) * CHAR_WIDTH
    label_height = min(longest * 0.58 + 16, 140) if rotate else 26
    left = _left_margin(ticks, fmt, y_title, labels[0] if rotate and labels else "", 0.1 * WIDTH / max(len(labels), 1))
    right = 20
    plot_top = 16
    legend_parts, legend_height = _legend(names, 0, left) if multi else ([], 0)
    plot_bottom = height - label_height - legend_height - 8
    plot_width = WIDTH - left - right

    def y_of(value: float) -> float:
        return plot_bottom - (plot_bottom - plot_top) * max(value, 0) / scale_top

    parts += _value_axis(ticks, fmt, left, WIDTH - right, y_of, y_title, plot_top, plot_bottom)
    band = plot_width / max(len(labels), 1)
    for column, label in enumerate(labels):
        x = left + band * column
        parts.append(_category_label(label, x + band / 2, plot_bottom, rotate))
        inner = band * 0.8
        offset = 0.0
        for index, name in enumerate(names):
            values = series[name]
            value = values[column] if column < len(values) else None
            if value is None:
                continue
            colour = COLOURS[index % len(COLOURS)]
            if stacked:
                thick, x0 = inner, x + band * 0.1
                top_y, bottom_y = y_of(offset + value), y_of(offset)
                offset += value
            else:
                thick = inner / len(names)
                x0 = x + band * 0.1 + thick * index
                top_y, bottom_y = y_of(value), plot_bottom
            parts.append(
                f'<rect x="{_f(x0)}" y="{_f(top_y)}" width="{_f(thick)}" height="{_f(max(bottom_y - top_y, 0))}" '
                f'fill="{colour}"><title>{escape(label)} · {escape(name)}: {_value_text(value, percent)}</title></rect>'
            )
    parts.append(_baseline(left, WIDTH - right, plot_top, plot_bottom))
    if multi:
        parts.append(f'<g transform="translate(0 {_f(height - legend_height)})">{"".join(legend_parts)}</g>')
    return _svg(description, height, parts)


def line_chart(description: str, labels: Sequence[str], series: Series, *, y_title: str = "") -> SafeString:
    """A trend over time, a dot for each point; with many points only some labels are written."""
    labels = [str(label) for label in labels]
    names = list(series)
    top, whole = _value_range(series, stacked=False)
    ticks = _ticks(top, False, whole)
    scale_top = ticks[-1] or 1.0
    every = max(len(labels) // 12, 1)
    shown = labels[::every]
    height = 360.0
    longest = max((len(_truncate(label, TRUNCATE_LABEL)) for label in shown), default=0) * CHAR_WIDTH
    label_height = min(longest * 0.58 + 16, 140)
    fmt = _tick_format(ticks)
    left = _left_margin(ticks, fmt, y_title, shown[0] if shown else "", 10)
    right = 30
    plot_top = 16
    multi = len(names) > 1
    legend_parts, legend_height = _legend(names, 0, left) if multi else ([], 0)
    plot_bottom = height - label_height - legend_height - 8
    dot = 2 if len(labels) > 40 else 3

    def x_of(index: int) -> float:
        if len(labels) <= 1:
            return (left + WIDTH - right) / 2
        return left + 10 + (WIDTH - right - left - 20) * index / (len(labels) - 1)

    def y_of(value: float) -> float:
        return plot_bottom - (plot_bottom - plot_top) * max(value, 0) / scale_top

    parts = _value_axis(ticks, fmt, left, WIDTH - right, y_of, y_title, plot_top, plot_bottom)
    for index in range(0, len(labels), every):
        parts.append(_category_label(labels[index], x_of(index), plot_bottom, rotate=True))
    for number, name in enumerate(names):
        colour = COLOURS[number % len(COLOURS)]
        runs: list[list[str]] = [[]]
        dots = []
        for index, value in enumerate(series[name]):
            if value is None:
                runs.append([])  # a gap in the line
                continue
            x, y = _f(x_of(index)), _f(y_of(value))
            runs[-1].append(f"{x},{y}")
            dots.append(
                f'<circle cx="{x}" cy="{y}" r="{dot}"><title>{escape(labels[index]) if index < len(labels) else ""} · '
                f"{escape(name)}: {_value_text(value, False)}</title></circle>"
            )
        for run in runs:
            if len(run) > 1:
                parts.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" stroke-width="1.5"/>')
        parts.append(f'<g fill="{colour}">{"".join(dots)}</g>')
    parts.append(_baseline(left, WIDTH - right, plot_top, plot_bottom))
    if multi:
        parts.append(f'<g transform="translate(0 {_f(height - legend_height)})">{"".join(legend_parts)}</g>')
    return _svg(description, height, parts)


def _value_axis(ticks, fmt, left, right, y_of, y_title, plot_top, plot_bottom) -> list[str]:
    """Dashed guides across the plot at each round value, the values written at the left."""
    parts = []
    for tick in ticks:
        y = _f(y_of(tick))
        parts.append(
            f'<line x1="{_f(left)}" y1="{y}" x2="{_f(right)}" y2="{y}" stroke="{GUIDE}" stroke-dasharray="4 4"/>'
            f'<text x="{_f(left - 8)}" y="{_f(y_of(tick) + 4)}" text-anchor="end">{fmt(tick)}</text>'
        )
    if y_title:
        middle = _f((plot_top + plot_bottom) / 2)
        parts.append(
            f'<text x="14" y="{middle}" transform="rotate(-90 14 {middle})" text-anchor="middle">{escape(y_title)}</text>'
        )
    return parts


def _category_label(label: str, x: float, plot_bottom: float, rotate: bool) -> str:
    text = escape(_truncate(label, TRUNCATE_LABEL))
    y = plot_bottom + 18
    if rotate:
        return f'<text x="{_f(x)}" y="{_f(y)}" text-anchor="end" transform="rotate(-35 {_f(x)} {_f(y)})">{text}</text>'
    return f'<text x="{_f(x)}" y="{_f(y)}" text-anchor="middle">{text}</text>'


def _baseline(left: float, right: float, plot_top: float, plot_bottom: float) -> str:
    return (
        f'<line x1="{_f(left)}" y1="{_f(plot_bottom)}" x2="{_f(right)}" y2="{_f(plot_bottom)}" stroke="{FOREGROUND}"/>'
        f'<line x1="{_f(left)}" y1="{plot_top}" x2="{_f(left)}" y2="{_f(plot_bottom)}" stroke="{FOREGROUND}"/>'
    )
