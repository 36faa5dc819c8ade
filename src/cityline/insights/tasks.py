"""Background jobs for the worker: keep the summary tables and the open-data files current.

`cityline worker` runs `refresh` every few minutes and `export` once a day (settings
``CITYLINE_WORKER_JOBS``); `cityline refresh-insights` and `cityline export-open-data` do the same
by hand or from cron.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone, translation
from django_tasks import task

from cityline.core.models import current_jurisdiction

from .opendata import export_open_data
from .rollups import refresh_insights


@task()
def refresh() -> str:
    report = refresh_insights()
    warm_figures()
    return str(report)


@task()
def export() -> str:
    report = export_open_data()
    return f"{report.cases} cases exported"


def warm_figures() -> None:
    """Compute the public page and the dashboard's default views once, right after a refresh, so
    that with a shared cache (the database's or Redis) nobody waits for them."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    from . import figures, public, queries

    city = current_jurisdiction()
    if city is None or isinstance(caches["insights"], LocMemCache):
        return  # a per-process cache: the worker's copy would help no web process
    today = queries.today_in_city()
    recent = queries.Filters(today - timedelta(days=29), today)
    for language in city.languages:
        with translation.override(language):
            public.performance_page(today)
            figures.volume_figures(recent)
            figures.accountability_figures(recent, timezone.now())
            figures.call_centre_figures(recent)
            figures.places_figures(recent)
