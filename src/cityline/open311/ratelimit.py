"""Fixed-window rate limits that hold across every server process.

gunicorn runs several workers and a city may run several servers, so a counter in process memory
would let a client through once per process. Counters live in Redis when the site's cache is Redis
(REDIS_URL is set), otherwise in the database: one upsert per request.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from .models import RateCounter

WINDOW_SECONDS = 60
# Counters older than this are deleted when a new window opens; they only ever matter for a minute.
KEEP_SECONDS = 3600


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


def uses_redis() -> bool:
    return settings.CACHES["default"]["BACKEND"].endswith("RedisCache")


def hit(bucket: str, limit: int, *, now: float | None = None) -> Verdict:
    """Count one request against ``bucket``; say whether it is within ``limit`` per minute."""
    now = time.time() if now is None else now
    window_start = int(now // WINDOW_SECONDS) * WINDOW_SECONDS
    count = _count_in_cache(bucket, window_start) if uses_redis() else _count_in_database(bucket, window_start)
    retry_after = max(1, int(window_start + WINDOW_SECONDS - now + 0.999))
    return Verdict(
        allowed=count <= limit, count=count, limit=limit, remaining=max(0, limit - count), retry_after=retry_after
    )


def _count_in_cache(bucket: str, window_start: int) -> int:
    key = f"open311:rate:{bucket}:{window_start}"
    cache.add(key, 0, timeout=WINDOW_SECONDS + 5)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: this request opens the window
        cache.set(key, 1, timeout=WINDOW_SECONDS + 5)
        return 1


def _count_in_database(bucket: str, window_start: int) -> int:
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    count_column = connection.ops.quote_name("count")
    # One statement, atomic in PostgreSQL and SQLite (3.35+) alike: concurrent workers each get
    # their own number.
    sql = (
        f"INSERT INTO {table} (bucket, window_start, {count_column}) VALUES (%s, %s, 1) "
        f"ON CONFLICT (bucket, window_start) DO UPDATE SET {count_column} = {table}.{count_column} + 1 "
        f"RETURNING {count_column}"
    )
    if _one_round_trip_possible():
        count = _count_in_one_round_trip(sql, [bucket, window_start])
    else:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # A counter lost in a crash costs nothing, so its commit need not wait for the disk.
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
            cursor.execute(sql, [bucket, window_start])
            count = cursor.fetchone()[0]
    if count == 1:
        RateCounter.objects.filter(window_start__lt=window_start - KEEP_SECONDS).delete()
    return count


def _one_round_trip_possible() -> bool:
    # Inside a transaction (a test, or a caller's own) SET LOCAL would outlive the counter; with
    # server-side binding PostgreSQL refuses several statements in one message.
    return (
        connection.vendor == "postgresql"
        and connection.get_autocommit()
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
