"""Per-key rate limits: 429 with Retry-After, counted where every server process sees the count."""

from __future__ import annotations

import uuid

import pytest
import time_machine
from django.core.cache import caches
from django.test import override_settings

from cityline.core import ratelimit
from cityline.core.models import RateCounter
from cityline.open311.models import ApiKey

from .conftest import errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def slow_key(city) -> str:
    _, key = ApiKey.issue("Chatty app", rate_limit=3)
    return key


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_key_over_its_limit_gets_429_with_retry_after(api, slow_key, fmt):
    with time_machine.travel("2026-11-24T10:00:20-06:00", tick=False):
        answers = [api.get(f"services.{fmt}", {"api_key": slow_key}) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    refused = answers[-1]
    assert refused["Retry-After"] == "40"
    assert errors(refused) == ["rate limit: at most 3 requests a minute; try again in 40 seconds"]
    with time_machine.travel("2026-11-24T10:01:01-06:00", tick=False):
        assert api.get(f"services.{fmt}", {"api_key": slow_key}).status_code == 200


def test_the_count_is_kept_in_the_database_not_in_the_process(api, slow_key):
    with time_machine.travel("2026-11-24T10:00:00-06:00", tick=False):
        api.get("services.json", {"api_key": slow_key})
        api.get("services.json", {"api_key": slow_key})
    [counter] = RateCounter.objects.all()
    assert counter.count == 2 and counter.bucket.startswith("key:")


def test_old_counters_are_cleared_when_a_new_window_opens(api, slow_key):
    with time_machine.travel("2026-11-24T08:00:00-06:00", tick=False):
        api.get("services.json", {"api_key": slow_key})
    with time_machine.travel("2026-11-24T10:00:00-06:00", tick=False):
        api.get("services.json", {"api_key": slow_key})
    assert RateCounter.objects.count() == 1


def test_calls_without_a_key_are_not_limited_by_default(api, city):
    assert all(api.get("services.json").status_code == 200 for _ in range(5))


@override_settings(OPEN311_ANONYMOUS_RATE_LIMIT=2)
def test_an_anonymous_limit_counts_per_client_address(client, city):
    with time_machine.travel("2026-11-24T10:00:00-06:00", tick=False):
        codes = [client.get("/open311/v2/services.json").status_code for _ in range(3)]
        other = client.get("/open311/v2/services.json", REMOTE_ADDR="10.1.2.3").status_code
    assert codes == [200, 200, 429] and other == 200


def _redis_cache() -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            # Test databases all number their first key 1: a prefix of its own keeps this run's
            # counters apart from another run's on the same Redis.
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }


def test_with_redis_the_counters_live_in_redis(api, slow_key):
    with override_settings(CACHES=_redis_cache()):
        try:
            caches["default"].get("anything")
        except Exception:
            pytest.skip("no Redis on 127.0.0.1:6379")
        assert ratelimit.uses_redis()
        with time_machine.travel("2026-11-24T10:00:20-06:00", tick=False):
            codes = [api.get("services.json", {"api_key": slow_key}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert not RateCounter.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_counts_hold_when_each_call_commits_on_its_own(api, city):
    # Outside a test's transaction PostgreSQL counts in one round trip (ratelimit.py): same answers.
    _, key = ApiKey.issue("Chatty app", rate_limit=2)
    with time_machine.travel("2026-11-24T10:00:20-06:00", tick=False):
        answers = [api.get("services.json", {"api_key": key}) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert [a["X-RateLimit-Remaining"] for a in answers] == ["1", "0", "0"]
    assert RateCounter.objects.get().count == 3
