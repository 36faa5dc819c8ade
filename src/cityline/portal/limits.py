"""Rate limits on what creates rows: reports, follow requests, directory corrections.

Counted per client address in the cache (``django-ratelimit``); behind a proxy, set
``CITYLINE_CLIENT_IP_HEADER``. A client over the limit keeps what it typed and is told to wait or
call 311.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited


def report_limited(request: HttpRequest) -> bool:
    return is_ratelimited(request, group="portal.report", key="ip", rate=settings.CITYLINE_REPORT_RATE, increment=True)


def form_limited(request: HttpRequest) -> bool:
    return is_ratelimited(request, group="portal.form", key="ip", rate=settings.CITYLINE_FORM_RATE, increment=True)
