"""Background jobs for the worker: keep the summary tables and the open-data files current.

`refresh` is meant to run every few minutes and `export` once a day; until the worker schedules
them, `cityline refresh-insights` and `cityline export-open-data` (e.g. from cron) do the same.
"""

from __future__ import annotations

from django_tasks import task

from .opendata import export_open_data
from .rollups import refresh_insights


@task()
def refresh() -> str:
    return str(refresh_insights())


@task()
def export() -> str:
    report = export_open_data()
    return f"{report.cases} cases exported"
