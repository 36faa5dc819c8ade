"""The one rate limiter every channel uses: fixed windows of any length, counted where every server
process sees the count, and who a web client counts as."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.test import RequestFactory

from cityline.core import ratelimit
from cityline.core.models import RateCounter

pytestmark = pytest.mark.django_db

# 2026-11-24 16:00:00 UTC: the start of a minute, an hour and a ten-minute window alike.
START = 1795536000.0


def test_a_bucket_is_allowed_its_limit_then_refused_until_its_window_ends():
    verdicts = [ratelimit.hit("test:a", 2, window=600, now=START + 5) for _ in range(3)]
    assert [v.allowed for v in verdicts] == [True, True, False]
    assert [v.remaining for v in verdicts] == [1, 0, 0]
    refused = verdicts[-1]
    assert (refused.count, refused.retry_after) == (3, 595)
    assert refused.headers() == {"X-RateLimit-Limit": "2", "X-RateLimit-Remaining": "0", "Retry-After": "595"}
    assert ratelimit.hit("test:a", 2, window=600, now=START + 600).allowed


def test_buckets_are_counted_apart():
    assert ratelimit.hit("test:a", 1, now=START).allowed
    assert ratelimit.hit("test:b", 1, now=START).allowed
    assert not ratelimit.hit("test:a", 1, now=START).allowed


def test_a_short_window_opening_does_not_clear_a_long_window_still_running():
    for _ in range(2):
        ratelimit.hit("test:day", 2, window=86400, now=START)
    # Two hours later a one-minute bucket opens a window, which clears only ended windows.
    ratelimit.hit("test:minute", 5, window=60, now=START + 7200)
    assert not ratelimit.hit("test:day", 2, window=86400, now=START + 7200).allowed
    assert RateCounter.objects.filter(bucket="test:day").exists()


def test_ended_windows_are_cleared_when_a_new_window_opens():
    ratelimit.hit("test:a", 5, window=60, now=START)
    ratelimit.hit("test:b", 5, window=60, now=START + 3600)
    assert list(RateCounter.objects.values_list("bucket", flat=True)) == ["test:b"]


def test_a_count_inside_a_callers_transaction_goes_with_it():
    try:
        with transaction.atomic():
            ratelimit.hit("test:a", 5, now=START)
            raise RuntimeError("the caller failed")
    except RuntimeError:
        pass
    assert ratelimit.hit("test:a", 5, now=START).count == 1


@pytest.mark.parametrize(
    ("text", "limit", "seconds"),
    [("10/h", 10, 3600), ("30/d", 30, 86400), ("5/10m", 5, 600), (" 1 / s ", 1, 1)],
)
def test_rates_are_read_as_written_in_settings(text, limit, seconds):
    assert ratelimit.parse_rate(text) == ratelimit.Rate(limit, seconds)


@pytest.mark.parametrize("text", ["", "10", "10/w", "0/h", "ten/h", "5/0m"])
def test_a_rate_written_wrong_is_a_clear_configuration_error(text):
    with pytest.raises(ImproperlyConfigured, match="N/period"):
        ratelimit.parse_rate(text)


def test_a_client_is_its_connections_address_by_default():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7", HTTP_X_REAL_IP="198.51.100.1")
    assert ratelimit.client_address(request) == "203.0.113.7"


def test_behind_a_proxy_the_client_is_the_address_in_the_named_header(settings):
    settings.CITYLINE_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1, 10.0.0.2")
    assert ratelimit.client_address(request) == "198.51.100.1"
    # A request that did not come through the proxy counts as its connection.
    assert ratelimit.client_address(RequestFactory().get("/", REMOTE_ADDR="10.0.0.9")) == "10.0.0.9"


def test_ipv6_clients_count_by_their_64_block():
    one = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2::10")
    two = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1")
    other = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:3::10")
    assert ratelimit.client_address(one) == ratelimit.client_address(two) == "2001:db8:1:2::/64"
    assert ratelimit.client_address(other) != ratelimit.client_address(one)
