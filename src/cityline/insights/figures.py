"""Figures: a title, a sentence in plain words, a table (also offered as CSV) and a chart of it.

Each dashboard view, and the public page, is a list of figures built here from ``queries``.
Charts are drawn from the same rows as the table, so the two never disagree.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS as DJANGO_WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import charts, queries
from .queries import Filters

# Django's own weekday names (and their translations, lower-case in Spanish as Spanish writes them).
WEEKDAYS = tuple(DJANGO_WEEKDAYS[day] for day in range(7))


@dataclass
class Column:
    key: str
    label: str
    kind: str = "text"  # text, int, percent, days, hours, seconds, decimal, link


@dataclass
class Table:
    columns: list[Column]
    rows: list[dict[str, Any]]

    def cells(self) -> list[list[tuple[Column, Any]]]:
        return [[(column, row.get(column.key)) for column in self.columns] for row in self.rows]

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([column.label for column in self.columns])
        for row in self.rows:
            writer.writerow([csv_value(column, row.get(column.key)) for column in self.columns])
        return out.getvalue()


def csv_value(column: Column, value: Any) -> Any:
    """CSV keeps numbers plain (a share as 0.8123, days to 0.1) so a spreadsheet can use them."""
    if value is None:
        return ""
    if column.kind == "percent":
        return f"{value:.4f}"
    if column.kind in ("days", "decimal"):
        return f"{value:.1f}"
    if column.kind == "seconds":
        return f"{value:.0f}"
    if column.kind == "link":
        return value.get("text", "")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


@dataclass
class Figure:
    slug: str
    title: str
    summary: str
    table: Table
    chart: str = ""
    note: str = ""
    # Extra markup a figure may carry (the map's data, the hour-of-week heat table).
    extra: dict[str, Any] = field(default_factory=dict)


def case_link(case) -> dict[str, str]:
    """Where staff open a case: the console's case page once it exists, else none."""
    for name in ("console:case", "console:case_detail"):
        try:
            return {"text": case.display_number, "href": reverse(name, args=[case.number])}
        except NoReverseMatch:
            continue
    return {"text": case.display_number}


def _fmt_days(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


# --- the staff views -----------------------------------------------------------------------------


def volume_figures(filters: Filters, with_charts: bool = True) -> list[Figure]:
    series = queries.volume_series(filters)
    step = filters.series_step
    step_word = {"day": _("day"), "week": _("week"), "month": _("month")}[step]
    total_cases = sum(p.cases for p in series)
    total_contacts = sum(p.contacts for p in series)
    trend = Figure(
        "trend",
        _("Cases and contacts per %(step)s") % {"step": step_word},
        _("%(cases)s cases opened and %(contacts)s contacts (calls, texts, visits) from %(start)s to %(end)s.")
        % {
            "cases": f"{total_cases:,}",
            "contacts": f"{total_contacts:,}",
            "start": date_format(filters.start),
            "end": date_format(filters.end),
        },
        Table(
            [
                Column("period", _("Period")),
                Column("cases", _("Cases opened"), "int"),
                Column("contacts", _("Contacts"), "int"),
            ],
            [{"period": p.label, "cases": p.cases, "contacts": p.contacts} for p in series],
        ),
    )
    by_type = queries.cases_by(filters, "service_type_id", limit=15)
    by_department = queries.cases_by(filters, "department_id")
    by_channel = queries.cases_by(filters, "channel")
    by_language = queries.cases_by(filters, "language")
    figures = [
        trend,
        _count_figure(
            "types", _("Cases by service type"), _("The 15 most reported types; the rest together."), by_type
        ),
        _count_figure(
            "departments",
            _("Cases and contacts by department"),
            _("Contacts count where the contact named a department or type."),
            by_department,
            contacts=True,
        ),
        _count_figure(
            "channels",
            _("Cases and contacts by channel"),
            _("Phone, the automated line, text, web and apps (Open311)."),
            by_channel,
            contacts=True,
        ),
        _count_figure(
            "languages",
            _("Cases and contacts by language"),
            _("The language the resident used."),
            by_language,
            contacts=True,
        ),
    ]
    if with_charts:
        labels = [p.label for p in series]
        trend.chart = charts.line_chart(
            trend.title,
            labels,
            {_("Cases opened"): [p.cases for p in series], _("Contacts"): [p.contacts for p in series]},
        )
        for figure in figures[1:]:
            rows = figure.table.rows
            if not rows:
                continue
            values = {_("Cases"): [row["cases"] for row in rows]}
            if "contacts" in rows[0]:
                values[_("Contacts")] = [row["contacts"] for row in rows]
            figure.chart = charts.bar_chart(figure.title, [row["label"] for row in rows], values, horizontal=True)
    return figures


def _count_figure(slug: str, title: str, summary: str, counts: list[queries.Count], contacts: bool = False) -> Figure:
    columns = [Column("label", _("Name")), Column("cases", _("Cases opened"), "int")]
    if contacts:
        columns.append(Column("contacts", _("Contacts"), "int"))
    rows = [{"label": c.label, "cases": c.cases, **({"contacts": c.contacts} if contacts else {})} for c in counts]
    return Figure(slug, title, summary, Table(columns, rows))


PROMISE_COLUMNS = (
    ("closed", gettext_lazy("Closed"), "int"),
    ("duplicates", gettext_lazy("Merged as duplicates"), "int"),
    ("on_time", gettext_lazy("On time"), "int"),
    ("late", gettext_lazy("Late"), "int"),
    ("share", gettext_lazy("Share on time"), "percent"),
    ("median", gettext_lazy("Median days to close"), "days"),
    ("p90", gettext_lazy("90th percentile days"), "days"),
)


def _promise_table(promises: list[queries.Promise], first_label: str) -> Table:
    columns = [Column("label", first_label)] + [Column(key, str(label), kind) for key, label, kind in PROMISE_COLUMNS]
    rows = [
        {
            "label": p.label,
            "closed": p.on_time + p.late,
            "duplicates": p.duplicates,
            "on_time": p.on_time,
            "late": p.late,
            "share": p.on_time_share,
            "median": p.median_days,
            "p90": p.p90_days,
        }
        for p in promises
        if p.closed or p.on_time or p.late
    ]
    return Table(columns, rows)


def accountability_figures(
    filters: Filters, now: datetime, with_charts: bool = True, only: str | None = None
) -> list[Figure]:
    """The "Promises kept" view; ``only`` (a figure's slug, for its CSV) leaves the live list of
    past-due cases unread unless it is the one asked for."""
    city = queries.promises_by(filters, None)[0]
    by_department = queries.promises_by(filters, "department_id")
    by_type = queries.promises_by(filters, "service_type_id")
    today = now.astimezone(timezone.get_current_timezone()).date()
    ages = queries.backlog_by_age(filters, today)
    backlog_departments = queries.backlog_by_department(filters)
    breached = list(queries.breached_open_cases(filters, now)) if only in (None, "breached-open") else []
    summary = _(
        "Of the cases closed from %(start)s to %(end)s, %(share)s were closed within their promised time "
        "(counted in the department's business hours); half were closed within %(median)s days."
    ) % {
        "start": date_format(filters.start),
        "end": date_format(filters.end),
        "share": queries.percent(city.on_time_share),
        "median": _fmt_days(city.median_days),
    }
    figures = [
        Figure(
            "on-time-departments",
            _("Promises kept, by department"),
            summary,
            _promise_table(by_department, _("Department")),
        ),
        Figure(
            "on-time-types",
            _("Promises kept, by service type"),
            _("Cases closed as duplicates of another case are left out: the case they were merged into counts."),
            _promise_table(by_type, _("Service type")),
        ),
        Figure(
            "backlog-age",
            _("Open cases by age"),
            _("Cases open at the last refresh, by how long ago they were opened (the date range does not apply)."),
            Table(
                [
                    Column("label", _("Age")),
                    Column("open", _("Open"), "int"),
                    Column("breached", _("Past due"), "int"),
                    Column("paused", _("On hold"), "int"),
                ],
                [
                    {"label": row.label, "open": row.open, "breached": row.breached, "paused": row.paused}
                    for row in ages
                ],
            ),
        ),
        Figure(
            "backlog-departments",
            _("Open cases by department"),
            _("Past due: open, not on hold, and past the time the city promised."),
            Table(
                [
                    Column("label", _("Department")),
                    Column("open", _("Open"), "int"),
                    Column("breached", _("Past due"), "int"),
                    Column("paused", _("On hold"), "int"),
                ],
                [
                    {"label": r.label, "open": r.open, "breached": r.breached, "paused": r.paused}
                    for r in backlog_departments
                ],
            ),
        ),
        Figure(
            "breached-open",
            _("Open and past due"),
            _("The 50 open cases furthest past their due time, now."),
            Table(
                [
                    Column("case", _("Case"), "link"),
                    Column("type", _("Service type")),
                    Column("department", _("Department")),
                    Column("opened", _("Opened")),
                    Column("due", _("Was due")),
                    Column("overdue", _("Days past due"), "decimal"),
                ],
                [
                    {
                        "case": case_link(case),
                        "type": case.service_type.localized("name"),
                        "department": case.department.localized("name"),
                        "opened": timezone.localtime(case.created_at).strftime("%Y-%m-%d %H:%M"),
                        "due": timezone.localtime(case.sla_due_at).strftime("%Y-%m-%d %H:%M"),
                        "overdue": (now - case.sla_due_at).total_seconds() / 86400,
                    }
                    for case in breached
                ],
            ),
        ),
    ]
    if with_charts:
        for figure in figures[:2]:
            rows = figure.table.rows[:25]
            if rows:
                figure.chart = charts.bar_chart(
                    figure.title,
                    [r["label"] for r in rows],
                    {_("Share on time"): [r["share"] for r in rows]},
                    horizontal=True,
                    percent=True,
                )
        for figure in figures[2:4]:
            rows = figure.table.rows
            if rows:
                figure.chart = charts.bar_chart(
                    figure.title,
                    [r["label"] for r in rows],
                    {
                        _("Not yet due"): [r["open"] - r["breached"] - r["paused"] for r in rows],
                        _("Past due"): [r["breached"] for r in rows],
                        _("On hold"): [r["paused"] for r in rows],
                    },
                    horizontal=figure.slug == "backlog-departments",
                    stacked=True,
                )
    return figures


def call_centre_figures(filters: Filters, with_charts: bool = True) -> list[Figure]:
    grid = queries.contacts_by_hour_of_week(filters)
    hour_rows = [
        {"weekday": str(WEEKDAYS[day]), **{f"h{hour:02d}": grid[day][hour] for hour in range(24)}} for day in range(7)
    ]
    hour_columns = [Column("weekday", _("Day"))] + [
        Column(f"h{hour:02d}", f"{hour:02d}:00", "int") for hour in range(24)
    ]
    outcomes = queries.contacts_by_outcome(filters)
    overall = queries.first_contact_resolution(filters)[0]
    by_channel = queries.first_contact_resolution(filters, "channel")
    transfers = queries.transfers_by_department(filters)
    agents = queries.handling_time_by_agent(filters)
    figures = [
        Figure(
            "hour-of-week",
            _("Contacts by hour of the week"),
            _("All contacts started in each hour (city time), summed over the range; darker is busier."),
            Table(hour_columns, hour_rows),
            extra={"heat": heat_rows(grid)},
        ),
        Figure(
            "outcomes",
            _("How contacts ended"),
            _(
                "Information, a transfer to a direct line, a case, a status, a 911 advisory, a voicemail, or the caller hung up."
            ),
            Table(
                [Column("label", _("Outcome")), Column("contacts", _("Contacts"), "int")],
                [{"label": c.label, "contacts": c.contacts} for c in outcomes],
            ),
        ),
        Figure(
            "first-contact-resolution",
            _("First-contact resolution"),
            _(
                "%(rate)s of first contacts settled the matter: the caller did not contact the city again about the same "
                "matter within 7 days (%(resolved)s of %(first)s contacts from callers we can recognise)."
            )
            % {
                "rate": queries.percent(overall.rate),
                "resolved": f"{overall.resolved:,}",
                "first": f"{overall.first_contacts:,}",
            },
            Table(
                [
                    Column("label", _("Channel")),
                    Column("first", _("First contacts"), "int"),
                    Column("resolved", _("Settled at first contact"), "int"),
                    Column("rate", _("Rate"), "percent"),
                ],
                [
                    {"label": r.label, "first": r.first_contacts, "resolved": r.resolved, "rate": r.rate}
                    for r in [*by_channel, overall]
                ],
            ),
        ),
        Figure(
            "transfers",
            _("Transfers to direct lines, by department"),
            _("Calls the 311 centre passed to a department's own line."),
            Table(
                [Column("label", _("Department")), Column("contacts", _("Transfers"), "int")],
                [{"label": c.label, "contacts": c.contacts} for c in transfers],
            ),
        ),
        Figure(
            "handling-time",
            _("Average handling time per call-taker"),
            _("From the start to the end of each contact the call-taker handled (contacts over 4 hours left out)."),
            Table(
                [
                    Column("label", _("Call-taker")),
                    Column("contacts", _("Contacts"), "int"),
                    Column("average", _("Average handling time (seconds)"), "seconds"),
                ],
                [{"label": a.name, "contacts": a.contacts, "average": a.average_seconds} for a in agents],
            ),
        ),
    ]
    if with_charts:
        hours = [f"{hour:02d}" for hour in range(24)]
        figures[0].chart = charts.bar_chart(
            _("Contacts by hour of the day"),
            hours,
            {_("Contacts"): [sum(grid[day][hour] for day in range(7)) for hour in range(24)]},
        )
        for figure, key in ((figures[1], "contacts"), (figures[3], "contacts")):
            rows = figure.table.rows
            if rows:
                figure.chart = charts.bar_chart(
                    figure.title,
                    [r["label"] for r in rows],
                    {figure.table.columns[1].label: [r[key] for r in rows]},
                    horizontal=True,
                )
        rows = figures[2].table.rows
        if rows:
            figures[2].chart = charts.bar_chart(
                figures[2].title,
                [r["label"] for r in rows],
                {_("Rate"): [r["rate"] for r in rows]},
                horizontal=True,
                percent=True,
            )
        rows = figures[4].table.rows
        if rows:
            figures[4].chart = charts.bar_chart(
                figures[4].title,
                [r["label"] for r in rows],
                {_("Seconds"): [r["average"] for r in rows]},
                horizontal=True,
            )
    return figures


def places_figures(filters: Filters, with_charts: bool = True) -> list[Figure]:
    cells, (first, last) = queries.hexagons(filters)
    spots = list(queries.repeat_spots(filters))
    district_names = queries.district_names()
    equity = queries.promises_by(filters, "district")
    map_figure = Figure(
        "hotspots",
        _("Where problems are reported"),
        _(
            "Cases opened per hexagon (about 900 m across), for the whole months %(first)s to %(last)s: the map is kept by month."
        )
        % {"first": first.strftime("%Y-%m"), "last": last.strftime("%Y-%m")},
        Table(
            [
                Column("cell", _("Hexagon")),
                Column("district", _("District")),
                Column("lat", _("Latitude"), "text"),
                Column("lon", _("Longitude"), "text"),
                Column("cases", _("Cases"), "int"),
            ],
            [
                {"cell": c.cell, "district": c.district, "lat": f"{c.lat:.4f}", "lon": f"{c.lon:.4f}", "cases": c.cases}
                for c in cells
            ],
        ),
        extra={"geojson": hexagon_geojson(cells)},
    )
    spot_figure = Figure(
        "repeat-locations",
        _("Repeat locations"),
        _("The same problem reported at the same spot (within about 50 m) three times or more in the last 12 months."),
        Table(
            [
                Column("type", _("Service type")),
                Column("district", _("District")),
                Column("cases", _("Reports"), "int"),
                Column("open", _("Still open"), "int"),
                Column("first", _("First")),
                Column("last", _("Latest")),
                Column("case", _("Latest case"), "link"),
                Column("where", _("Where (lat, lon)")),
            ],
            [
                {
                    "type": s.service_type.localized("name"),
                    "district": district_names.get(s.district, s.district),
                    "cases": s.cases,
                    "open": s.open_cases,
                    "first": timezone.localtime(s.first_at).date().isoformat(),
                    "last": timezone.localtime(s.last_at).date().isoformat(),
                    "case": case_link(s.latest_case) if s.latest_case else {"text": ""},
                    "where": f"{s.lat:.5f}, {s.lon:.5f}",
                }
                for s in spots
            ],
        ),
    )
    equity_figure = Figure(
        "equity",
        _("Service equity: time to close by district"),
        _("If one part of town waits longer for the same promise, it shows here. Cases closed in the range."),
        _promise_table(equity, _("District")),
    )
    if with_charts:
        rows = equity_figure.table.rows
        if rows:
            equity_figure.chart = charts.bar_chart(
                equity_figure.title,
                [r["label"] for r in rows],
                {
                    _("Median days to close"): [r["median"] for r in rows],
                    _("90th percentile days"): [r["p90"] for r in rows],
                },
                horizontal=True,
            )
    return [map_figure, equity_figure, spot_figure]


def hexagon_geojson(cells: list[queries.Hexagon]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"cell": cell.cell, "cases": cell.cases, "district": cell.district},
                "geometry": {"type": "Polygon", "coordinates": [cell.boundary()]},
            }
            for cell in cells
        ],
    }


def staffing_figures(plan, with_charts: bool = True) -> list[Figure]:
    rows = []
    for hour in plan.hours:
        rows.append(
            {
                "weekday": str(WEEKDAYS[hour.weekday]),
                "hour": f"{hour.hour:02d}:00",
                "calls": hour.forecast_calls,
                "aht": hour.handling_seconds,
                "agents": hour.agents,
                "scheduled": hour.scheduled,
                "level": hour.service_level,
            }
        )
    table = Table(
        [
            Column("weekday", _("Day")),
            Column("hour", _("Hour")),
            Column("calls", _("Calls forecast"), "decimal"),
            Column("aht", _("Handling time (seconds)"), "seconds"),
            Column("agents", _("Call-takers on the phones"), "int"),
            Column("scheduled", _("Call-takers scheduled"), "int"),
            Column("level", _("Expected share answered in time"), "percent"),
        ],
        rows,
    )
    grid = [[plan.at(day, hour).scheduled for hour in range(24)] for day in range(7)]
    figure = Figure(
        "staffing",
        _("Call-takers needed, hour by hour"),
        _(
            "Calls forecast from the %(weeks)s weeks %(first)s to %(last)s; Erlang C gives the call-takers needed to answer "
            "%(level)s of calls within %(seconds)s seconds, plus %(shrinkage)s for breaks, training and meetings. "
            "That is %(hours)s call-taker hours a week."
        )
        % {
            "weeks": (plan.weeks[1] - plan.weeks[0]).days // 7 + 1,
            "first": date_format(plan.weeks[0]),
            "last": date_format(plan.weeks[1]),
            "level": queries.percent(plan.service_level),
            "seconds": plan.answer_seconds,
            "shrinkage": queries.percent(plan.shrinkage),
            "hours": f"{plan.agent_hours:,}",
        },
        table,
        extra={"heat": heat_rows(grid)},
    )
    if with_charts:
        labels = [f"{str(WEEKDAYS[h.weekday])[:3]} {h.hour:02d}" for h in plan.hours]
        figure.chart = charts.line_chart(
            figure.title,
            labels,
            {
                _("Calls forecast"): [round(h.forecast_calls, 1) for h in plan.hours],
                _("Call-takers scheduled"): [h.scheduled for h in plan.hours],
            },
        )
    return [figure]


def heat_rows(grid: list[list[int]]) -> list[dict[str, Any]]:
    """A weekday × hour grid as rows for a heat table: each value with its share of the busiest."""
    peak = max((value for row in grid for value in row), default=0)
    return [
        {"label": str(WEEKDAYS[day]), "cells": [(value, value / peak if peak else 0) for value in grid[day]]}
        for day in range(7)
    ]
