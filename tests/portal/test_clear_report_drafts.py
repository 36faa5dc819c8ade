"""Photos of drafts that were never sent are cleared by a daily command."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from .helpers import phone_photo, report_pothole

pytestmark = pytest.mark.django_db


def test_old_draft_photos_are_deleted_and_fresh_ones_kept(resident, city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report_pothole(resident, size="", photos=[phone_photo()])
    path = resident.session["portal_report_draft"]["photos"][0]["path"]
    out = io.StringIO()
    call_command("clear_report_drafts", stdout=out)
    assert default_storage.exists(path) and "removed 0" in out.getvalue()
    call_command("clear_report_drafts", "--days", "-1", stdout=out)
    assert not default_storage.exists(path)
