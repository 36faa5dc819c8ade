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
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A counter lost in a crash costs nothing, so its commit need not wait for the disk.
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute(sql, [bucket, window_start])
        count = cursor.fetchone()[0]
    if count == 1:
        RateCounter.objects.filter(window_start__lt=window_start - KEEP_SECONDS).delete()
    return count
