"""`cityline api-key`: keys are printed once, stored hashed, listed and revoked."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cityline.open311.models import ApiKey, hash_key

from .conftest import SOUTH

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("api_key", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_prints_the_key_once_and_stores_only_its_hash(city):
    out, err = run("create", "Riverton Fixes", "--contact", "dev@fixes.example", "--rate-limit", "120")
    key = out.strip()
    assert key.startswith("cl311_") and len(key) > 40
    assert "shown only now" in err
    row = ApiKey.objects.get()
    assert row.key_hash == hash_key(key) and key not in (row.key_hash, row.prefix)
    assert key.startswith(row.prefix)
    assert (row.name, row.contact, row.rate_limit) == ("Riverton Fixes", "dev@fixes.example", 120)
    listing, _ = run("list")
    assert "Riverton Fixes" in listing and row.prefix in listing and key not in listing
    assert "120" in listing and "never" in listing


def test_a_key_works_until_it_is_revoked(api, city):
    key = run("create", "Pothole Pal")[0].strip()
    body = {"api_key": key, "service_code": "pothole", **SOUTH, "attribute[size]": "small"}
    assert api.post("requests.json", body).status_code == 201
    assert ApiKey.objects.get().last_used_at is not None
    out, _ = run("revoke", ApiKey.objects.get().prefix)
    assert "Revoked the key of Pothole Pal" in out
    assert api.post("requests.json", {**body, "description": "again"}).status_code == 403
    assert "No API keys yet" in run("list")[0]
    assert "revoked" in run("list", "--all")[0]


def test_revoke_by_the_whole_key_and_unknown_keys(city):
    key = run("create", "A")[0].strip()
    run("revoke", key)
    assert not ApiKey.objects.active().exists()
    with pytest.raises(CommandError, match="no active key"):
        run("revoke", "cl311_nothing")
