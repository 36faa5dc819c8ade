"""The summary tables follow the cases: an incremental refresh reads only what changed, and gives
what a full rebuild gives."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.forms.models import model_to_dict

from cityline.cases import actions
from cityline.insights.models import BacklogFact, CaseFact, ContactFact, RefreshState
from cityline.insights.rollups import close_time_bucket, refresh_insights

from .conftest import NOW, later

pytestmark = pytest.mark.django_db


def snapshot(model) -> list[dict]:
    return sorted(str(sorted(model_to_dict(row, exclude=["id"]).items())) for row in model.objects.all())


def test_an_incremental_refresh_follows_a_close_and_a_reopen(refreshed):
    moment = NOW + timedelta(hours=1)
    c3 = refreshed.cases["C3"]
    with time_machine.travel(moment, tick=False):
        c3 = actions.close(c3, reason="resolved", note="Fixed")
        report = refresh_insights()
    assert not report.full and report.case_days == 2  # the day it was opened and the day it closed
    march = CaseFact.objects.filter(grain="d", period__month=3)
    assert sum(row.closed for row in march) == 8
    assert sum(row.open for row in BacklogFact.objects.all()) == 2
    incremental = snapshot(CaseFact)
    with time_machine.travel(moment, tick=False):
        refresh_insights(full=True)
    assert snapshot(CaseFact) == incremental

    # Reopened: the close day loses it again.
    with time_machine.travel(moment + timedelta(hours=1), tick=False):
        actions.reopen(c3, reason="Still wrong")
        refresh_insights()
    assert sum(row.closed for row in CaseFact.objects.filter(grain="d", period__month=3)) == 7
    assert RefreshState.current().last_event_id > 0


def test_month_rows_sum_the_day_rows(refreshed):
    months = CaseFact.objects.filter(grain="m")
    days = CaseFact.objects.filter(grain="d")
    assert sum(r.opened for r in months) == sum(r.opened for r in days) == 10
    assert sum(r.resolved_first for r in ContactFact.objects.filter(grain="m")) == 4


def test_close_time_buckets_round_up_to_the_hour():
    assert close_time_bucket(0) == 0
    assert close_time_bucket(0.5) == 0  # within the first hour
    assert close_time_bucket(1.01) == 1
    assert close_time_bucket(24) == close_time_bucket(23) == 17  # 22 < x ≤ 24


def test_contacts_are_counted_when_they_end(refreshed):
    from cityline.cases.interactions import end_interaction, start_interaction

    with time_machine.travel(NOW, tick=False):
        call = start_interaction(channel="phone", contact="+16205550100", at=later(NOW, -1))
        refresh_insights()
        end_interaction(call, "information", at=later(NOW, -0.9))
        refresh_insights()
    assert ContactFact.objects.filter(grain="d", outcome="information", period=NOW.date()).exists()


def test_the_worker_runs_the_refresh_and_the_export_on_their_schedule(settings):
    from cityline.insights import tasks
    from cityline.notify.management.commands.worker import jobs_from_settings

    jobs = {job.task: job for job in jobs_from_settings()}
    assert jobs[tasks.refresh].every == 300
    assert jobs[tasks.export].every == 24 * 60 * 60
    assert all(job.on_schedule_only for job in jobs.values())


def test_the_refresh_task_runs_and_warms_the_public_page(refreshed, client, settings):
    """With a cache every process shares (here the database's; Redis in production), the worker's
    refresh leaves the public page's figures ready for the first visitor."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cityline.insights import tasks

    settings.CACHES = {
        **settings.CACHES,
        "insights": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cityline_cache"},
    }
    with time_machine.travel(NOW, tick=False):
        result = tasks.refresh.call()
        assert "refresh" in result
        # Every figure of the page is in the cache: no summary table is read for it.
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/performance/").status_code == 200
    assert not [q for q in queries.captured_queries if "insights_casefact" in q["sql"]]
