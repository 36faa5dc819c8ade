"""Rate limits on what creates rows: reports, follow requests, directory corrections.

Counted per client address (``core/ratelimit.py``); behind a proxy, set
``CITYLINE_CLIENT_IP_HEADER``. A client over the limit keeps what it typed and is told to wait or
call 311.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from cityline.core import ratelimit


def _limited(request: HttpRequest, group: str, rate: str) -> bool:
    parsed = ratelimit.parse_rate(rate)
    bucket = f"portal.{group}:{ratelimit.client_address(request)}"
    return not ratelimit.hit(bucket, parsed.limit, window=parsed.seconds).allowed


def report_limited(request: HttpRequest) -> bool:
    return _limited(request, "report", settings.CITYLINE_REPORT_RATE)


def form_limited(request: HttpRequest) -> bool:
    return _limited(request, "form", settings.CITYLINE_FORM_RATE)
