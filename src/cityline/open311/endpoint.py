"""What every Open311 call has in common: method, format, jurisdiction, API key, rate limit, errors.

``@endpoint`` wraps each view so the view itself only parses its own parameters, asks the domain
and renders. Errors come out in the spec's shape (``[{code, description}]`` or ``<errors>``) with
the HTTP status that says what kind of problem it is.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from cityline.core import ratelimit
from cityline.core.i18n import active_language
from cityline.core.models import Jurisdiction, current_jurisdiction

from .models import ApiKey
from .render import render_errors

log = logging.getLogger("cityline.open311")


class Open311Error(Exception):
    """Stops a call with the spec's error list and an HTTP status (400, 403, 404, 405, 429 …)."""

    def __init__(self, status: int, *descriptions: str, headers: dict[str, str] | None = None):
        super().__init__("; ".join(descriptions))
        self.status = status
        self.descriptions = list(descriptions)
        self.headers = headers or {}


@dataclass
class Call:
    """One Open311 call, as the views see it."""

    request: HttpRequest
    fmt: str
    city: Jurisdiction
    params: QueryDict
    language: str
    api_key: ApiKey | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def zone(self) -> Any:
        return self.city.zone


def _params(request: HttpRequest) -> QueryDict:
    """Query string and form body together (the body wins): the spec allows either."""
    if request.method != "POST":
        return request.GET
    merged = request.GET.copy()
    for key in request.POST:
        merged.setlist(key, request.POST.getlist(key))
    return merged


def _language(request: HttpRequest, params: QueryDict, city: Jurisdiction) -> str:
    """``locale=es`` (the CitySDK extension) or the Accept-Language header; else the city's first."""
    asked = (params.get("locale") or "").strip().lower().replace("_", "-").split("-")[0]
    if asked in city.languages:
        return asked
    negotiated = active_language(city.default_language)
    return negotiated if negotiated in city.languages else city.default_language


def _find_key(raw: str) -> ApiKey:
    key = ApiKey.find_active(raw)
    if key is None:
        raise Open311Error(403, "api_key: this key is not valid or has been revoked; ask the city for a key")
    return key


def _client_address(request: HttpRequest) -> str:
    # Behind the city's proxy the client is the first address it forwarded for.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if settings.OPEN311_TRUST_FORWARDED_FOR else ""
    return (forwarded.split(",")[0].strip() if forwarded else "") or request.META.get("REMOTE_ADDR", "")


def _limit(call: Call) -> None:
    if call.api_key is not None:
        limit = call.api_key.rate_limit or settings.OPEN311_RATE_LIMIT
        verdict = ratelimit.hit(f"key:{call.api_key.pk}", limit)
        if verdict.count == 1:  # first call this minute: note when the key was last used
            ApiKey.objects.filter(pk=call.api_key.pk).update(last_used_at=timezone.now())
    elif settings.OPEN311_ANONYMOUS_RATE_LIMIT:
        verdict = ratelimit.hit(f"addr:{_client_address(call.request)}", settings.OPEN311_ANONYMOUS_RATE_LIMIT)
    else:
        return
    call.headers.update(verdict.headers())
    if not verdict.allowed:
        raise Open311Error(
            429,
            f"rate limit: at most {verdict.limit} requests a minute; try again in {verdict.retry_after} seconds",
            headers=verdict.headers(),
        )


CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Headers": "Content-Type, Idempotency-Key, X-Api-Key",
    "Access-Control-Expose-Headers": "Link, X-Total-Count, X-RateLimit-Limit, X-RateLimit-Remaining, Retry-After",
}


def _finish(response: HttpResponse, headers: dict[str, str]) -> HttpResponse:
    for name, value in {**CORS_HEADERS, **headers}.items():
        response[name] = value
    return response


def endpoint(*, methods: tuple[str, ...] = ("GET",), key_required_for: tuple[str, ...] = ()) -> Callable:
    """Make a view an Open311 endpoint answering ``methods``; ``key_required_for`` need an api_key."""
    allowed = (*methods, "HEAD", "OPTIONS") if "GET" in methods else (*methods, "OPTIONS")
    allow_header = ", ".join(allowed)

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, fmt: str = "json", **kwargs: Any) -> HttpResponse:
            headers: dict[str, str] = {}
            try:
                if request.method == "OPTIONS":
                    response = HttpResponse(status=204)
                    headers = {"Allow": allow_header, "Access-Control-Allow-Methods": allow_header}
                    return _finish(response, headers)
                if request.method not in allowed:
                    raise Open311Error(
                        405,
                        f"method: {request.method} is not allowed here; use {' or '.join(methods)}",
                        headers={"Allow": allow_header},
                    )
                city = current_jurisdiction()
                if city is None:
                    raise Open311Error(503, "no city is loaded yet; the city's IT team must run `cityline load-pack`")
                params = _params(request)
                jurisdiction = (params.get("jurisdiction_id") or "").strip()
                if jurisdiction and jurisdiction != city.jurisdiction_id:
                    raise Open311Error(
                        404,
                        f"jurisdiction_id: this endpoint serves {city.jurisdiction_id!r} only, not {jurisdiction!r}",
                    )
                call = Call(request, fmt, city, params, _language(request, params, city), headers=headers)
                raw_key = (params.get("api_key") or request.headers.get("X-Api-Key") or "").strip()
                if raw_key:
                    call.api_key = _find_key(raw_key)
                elif request.method in key_required_for:
                    raise Open311Error(403, "api_key: a key is required to create a request; ask the city for one")
                _limit(call)
                response = view(call, *args, **kwargs)
            except Open311Error as error:
                headers.update(error.headers)
                response = render_errors(error.descriptions, fmt, error.status)
            except Exception:
                log.exception("Open311 %s %s failed", request.method, request.path)
                response = render_errors(["server: something went wrong on our side; please try again"], fmt, 500)
            return _finish(response, headers)

        return wrapper

    return decorate
