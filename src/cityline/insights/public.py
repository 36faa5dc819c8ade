"""The public performance page: what the city promised and how it did, in plain words.

Only totals are shown (no case, no person, no address); every figure is a chart, a table and a CSV.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cityline.core.geo import geometry_of
from cityline.core.models import current_jurisdiction

from . import charts, queries
from .figures import Column, Figure, Table


@dataclass
class Headline:
    title: str
    start: date
    end: date
    opened: int
    closed: int
    on_time_share: float | None
    median_days: float | None


@dataclass
class PerformancePage:
    year: Headline
    last_month: Headline
    figures: list[Figure] = field(default_factory=list)


def _headline(title: str, start: date, end: date) -> Headline:
    city = queries.promises_by(queries.Filters(start, end), None)[0]
    return Headline(title, start, end, city.opened, city.closed, city.on_time_share, city.median_days)


def performance_page(today: date, with_charts: bool = True) -> PerformancePage:
    year_start = today.replace(month=1, day=1)
    month_end = today.replace(day=1) - timedelta(days=1)
    month_start = month_end.replace(day=1)
    year = queries.Filters(year_start, today)
    last_month = queries.Filters(month_start, month_end)
    page = PerformancePage(
        _headline(_("This year so far"), year_start, today),
        _headline(_("Last month"), month_start, month_end),
    )

    trend_start = (today.replace(day=1) - timedelta(days=366)).replace(day=1)
    months = queries.promises_by_month(queries.Filters(trend_start, today))
    trend = Figure(
        "monthly",
        _("Requests and promises kept, month by month"),
        _("Requests opened each month, and the share of requests closed that month within the time the city promises."),
        Table(
            [
                Column("month", _("Month")),
                Column("opened", _("Requests opened"), "int"),
                Column("closed", _("Requests closed"), "int"),
                Column("share", _("Closed on time"), "percent"),
                Column("median", _("Median days to close"), "days"),
            ],
            [
                {
                    "month": m.label,
                    "opened": m.opened,
                    "closed": m.closed,
                    "share": m.on_time_share,
                    "median": m.median_days,
                }
                for m in months
            ],
        ),
    )
    departments = _by(year, last_month, "department_id")
    types = _by(year, last_month, "service_type_id", limit=20)
    districts_year = queries.promises_by(year, "district")
    district_figure = Figure(
        "districts",
        _("Is every part of town served alike?"),
        _(
            "Median days to close the requests of this year, by district. A district that waits much longer than the others is worth asking about."
        ),
        Table(
            [
                Column("label", _("District")),
                Column("opened", _("Requests opened"), "int"),
                Column("share", _("Closed on time"), "percent"),
                Column("median", _("Median days to close"), "days"),
            ],
            [
                {
                    "label": p.label if p.key else _("Outside any district"),
                    "opened": p.opened,
                    "share": p.on_time_share,
                    "median": p.median_days,
                }
                for p in districts_year
            ],
        ),
    )
    page.figures = [trend, departments, types, district_figure]
    if with_charts:
        labels = [row["month"] for row in trend.table.rows]
        trend.chart = charts.line_chart(
            trend.title, labels, {_("Requests opened"): [row["opened"] for row in trend.table.rows]}
        )
        trend.extra["share_chart"] = charts.bar_chart(
            _("Share closed on time, by month"),
            labels,
            {_("Closed on time"): [row["share"] for row in trend.table.rows]},
            percent=True,
        )
        for figure in (departments, types):
            rows = figure.table.rows
            if rows:
                figure.chart = charts.bar_chart(
                    figure.title,
                    [row["label"] for row in rows],
                    {
                        _("This year"): [row["year_share"] for row in rows],
                        _("Last month"): [row["month_share"] for row in rows],
                    },
                    horizontal=True,
                    percent=True,
                )
        rows = district_figure.table.rows
        if rows:
            district_figure.chart = charts.bar_chart(
                district_figure.title,
                [row["label"] for row in rows],
                {_("Median days to close"): [row["median"] for row in rows]},
                horizontal=True,
            )
    return page


def _by(year: queries.Filters, last_month: queries.Filters, dimension: str, limit: int | None = None) -> Figure:
    this_year = queries.promises_by(year, dimension)
    month = {p.key: p for p in queries.promises_by(last_month, dimension)}
    this_year.sort(key=lambda p: -p.opened)
    if limit:
        this_year = this_year[:limit]
    rows = []
    for p in this_year:
        m = month.get(p.key) or queries.Promise(p.key, p.label)
        rows.append(
            {
                "label": p.label,
                "year_opened": p.opened,
                "year_share": p.on_time_share,
                "year_median": p.median_days,
                "month_opened": m.opened,
                "month_share": m.on_time_share,
                "month_median": m.median_days,
            }
        )
    first = _("Department") if dimension == "department_id" else _("Type of request")
    title = _("By department") if dimension == "department_id" else _("The 20 most requested services")
    summary = _(
        "This year from %(start)s, and last month (%(month)s): requests opened, the share closed on time, and the median days to close."
    ) % {
        "start": date_format(year.start),
        "month": date_format(last_month.start, "F Y"),
    }
    return Figure(
        "departments" if dimension == "department_id" else "services",
        title,
        summary,
        Table(
            [
                Column("label", first),
                Column("year_opened", _("This year: opened"), "int"),
                Column("year_share", _("This year: on time"), "percent"),
                Column("year_median", _("This year: median days"), "days"),
                Column("month_opened", _("Last month: opened"), "int"),
                Column("month_share", _("Last month: on time"), "percent"),
                Column("month_median", _("Last month: median days"), "days"),
            ],
            rows,
        ),
    )


def city_boundary() -> dict | None:
    city = current_jurisdiction()
    return geometry_of(city.boundary) if city else None
