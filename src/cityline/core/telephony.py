"""Telephony webhooks: is this request really from the provider?

Twilio signs every webhook with ``X-Twilio-Signature``: an HMAC-SHA1, keyed with the account's auth
token, of the URL it requested followed by the POST parameters. SignalWire and Telnyx (TeXML) sign
their TwiML-compatible webhooks the same way. The URL to check is the public one the provider
called — ``CITYLINE_SITE_URL`` plus the path and query — not the one a proxy in front of Cityline
passed on (``http://127.0.0.1:8000/...``), so the check works behind a load balancer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt
from twilio.request_validator import RequestValidator

logger = logging.getLogger("cityline.telephony")

SIGNATURE_HEADER = "X-Twilio-Signature"


def public_url(path: str) -> str:
    """The address the provider sees for a path of this site (``/voice/incoming`` → ``https://…/voice/incoming``)."""
    return settings.SITE_URL + path


def provider_signature(url: str, params: dict[str, str], token: str | None = None) -> str:
    """The signature a provider would send for a POST of ``params`` to ``url`` (the simulators sign with it)."""
    return RequestValidator(token if token is not None else settings.TWILIO_AUTH_TOKEN).compute_signature(url, params)


def signature_is_valid(request: HttpRequest) -> bool:
    token = settings.TWILIO_AUTH_TOKEN
    if not token:
        return False
    signature = request.headers.get(SIGNATURE_HEADER, "")
    if not signature:
        return False
    return RequestValidator(token).validate(public_url(request.get_full_path()), request.POST.dict(), signature)


def signed_by_provider(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Accept only POSTs signed with ``TWILIO_AUTH_TOKEN``; anything else gets 403 and changes nothing.

    A webhook is a provider's server talking to ours, so it carries no CSRF token: the signature
    is what proves where it came from.
    """

    @csrf_exempt
    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not settings.TWILIO_AUTH_TOKEN:
            logger.warning("Refused a telephony webhook: TWILIO_AUTH_TOKEN is not set")
            return HttpResponseForbidden(
                "Telephony webhooks are switched off: set TWILIO_AUTH_TOKEN to the provider's auth token.",
                content_type="text/plain",
            )
        if not signature_is_valid(request):
            logger.warning("Refused a telephony webhook with a missing or wrong signature: %s", request.path)
            return HttpResponseForbidden(
                f"The {SIGNATURE_HEADER} header is missing or does not match this request; check that the "
                "provider's auth token is TWILIO_AUTH_TOKEN and that CITYLINE_SITE_URL is the address it calls.",
                content_type="text/plain",
            )
        return view(request, *args, **kwargs)

    return checked
