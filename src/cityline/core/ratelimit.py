"""Fixed-window rate limits that hold across every server process, for every channel.

gunicorn runs several workers and a city may run several servers, so a counter in process memory
would let a client through once per process. Counters live in Redis when the site's cache is Redis
(REDIS_URL is set), otherwise in a table of their own: one upsert per request. Django's database
cache is not used for counting because its ``incr`` reads then writes: two workers counting at
once both write the same number and a client gets more than its limit (django-ratelimit documents
the database cache as unsupported for this reason).

Callers name their buckets with a prefix of their own (``portal.report:…``, ``sms:…``); Open311's
``key:…`` and ``addr:…`` buckets predate the prefixes.
"""

from __future__ import annotations

import ipaddress
import re
import time
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.http import HttpRequest

from .models import RateCounter

WINDOW_SECONDS = 60
# Counters whose window ended this long ago are deleted when a new window opens; the margin
# covers servers whose clocks differ a little.
GRACE_SECONDS = 60


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    limit: int
    remaining: int
    retry_after: int  # seconds until the window resets

    def headers(self) -> dict[str, str]:
        found = {"X-RateLimit-Limit": str(self.limit), "X-RateLimit-Remaining": str(self.remaining)}
        if not self.allowed:
            found["Retry-After"] = str(self.retry_after)
        return found


@dataclass(frozen=True)
class Rate:
    """A limit written as in settings: ``"10/h"``, ``"30/d"``, ``"5/10m"`` (units s, m, h, d)."""

    limit: int
    seconds: int


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@lru_cache(maxsize=32)
def parse_rate(text: str) -> Rate:
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*", text or "")
    if not match or int(match.group(1)) < 1 or match.group(2) == "0":
        raise ImproperlyConfigured(f"rate {text!r}: write it as N/period, e.g. 10/h or 5/10m (s, m, h or d)")
    return Rate(limit=int(match.group(1)), seconds=int(match.group(2) or 1) * _UNITS[match.group(3)])


def uses_redis() -> bool:
    return settings.CACHES["default"]["BACKEND"].endswith("RedisCache")


def hit(bucket: str, limit: int, *, window: int = WINDOW_SECONDS, now: float | None = None) -> Verdict:
    """Count one request against ``bucket``; say whether it is within ``limit`` per ``window`` seconds."""
    now = time.time() if now is None else now
    window_start = int(now // window) * window
    if uses_redis():
        count = _count_in_cache(bucket, window_start, window)
    else:
        count = _count_in_database(bucket, window_start, window, now)
    retry_after = max(1, int(window_start + window - now + 0.999))
    return Verdict(
        allowed=count <= limit, count=count, limit=limit, remaining=max(0, limit - count), retry_after=retry_after
    )


def _count_in_cache(bucket: str, window_start: int, window: int) -> int:
    key = f"rate:{bucket}:{window_start}"
    cache.add(key, 0, timeout=window + 5)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: this request opens the window
        cache.set(key, 1, timeout=window + 5)
        return 1


def _count_in_database(bucket: str, window_start: int, window: int, now: float) -> int:
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    count_column = connection.ops.quote_name("count")
    # One statement, atomic in PostgreSQL and SQLite (3.35+) alike: concurrent workers each get
    # their own number.
    sql = (
        f"INSERT INTO {table} (bucket, window_start, expires_at, {count_column}) VALUES (%s, %s, %s, 1) "
        f"ON CONFLICT (bucket, window_start) DO UPDATE SET {count_column} = {table}.{count_column} + 1 "
        f"RETURNING {count_column}"
    )
    params = [bucket, window_start, window_start + window]
    if _one_round_trip_possible():
        count = _count_in_one_round_trip(sql, params)
    else:
        # Inside a caller's transaction the counter commits (or rolls back) with it; SET LOCAL would
        # then reach the caller's own writes, so it is only used when the counter is alone.
        alone = not connection.in_atomic_block
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            if alone and connection.vendor == "postgresql":
                # A counter lost in a crash costs nothing, so its commit need not wait for the disk.
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
            cursor.execute(sql, params)
            count = cursor.fetchone()[0]
    if count == 1:
        RateCounter.objects.filter(expires_at__lt=int(now) - GRACE_SECONDS).delete()
    return count


def _one_round_trip_possible() -> bool:
    # Inside a transaction (a test, or a caller's own) SET LOCAL would outlive the counter; with
    # server-side binding PostgreSQL refuses several statements in one message.
    return (
        connection.vendor == "postgresql"
        and connection.get_autocommit()
        and not connection.in_atomic_block
        and not connection.settings_dict.get("OPTIONS", {}).get("server_side_binding")
    )


def _count_in_one_round_trip(sql: str, params: list) -> int:
    """The upsert and its "no need to wait for the disk" in one message to PostgreSQL.

    Every API call counts, so the counter is on every call's path: as BEGIN, SET LOCAL, the upsert
    and COMMIT it cost four round trips. Sent as one multi-statement query (Django's psycopg
    cursors bind parameters on the client, which allows it), the statements run as one implicit
    transaction: SET LOCAL holds for it alone, and an error rolls it all back.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO OFF; " + sql, params)
        while cursor.description is None and cursor.nextset():
            pass
        return cursor.fetchone()[0]


def client_address(request: HttpRequest) -> str:
    """Who a web request counts as: the address in ``CITYLINE_CLIENT_IP_HEADER`` (default the
    connection's), an IPv6 client by its /64 since one household or phone holds the whole block."""
    raw = request.META.get(settings.CITYLINE_CLIENT_IP_HEADER) or request.META.get("REMOTE_ADDR") or ""
    # A forwarded-for list names the client first.
    raw = raw.split(",")[0].strip()
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw[:64]
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address) + "/64"
    return str(address)
