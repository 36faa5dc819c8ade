"""Checking that a telephony webhook really comes from the provider (its request signature)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from twilio.request_validator import RequestValidator

logger = logging.getLogger(__name__)


def signed_by_provider(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Refuse a webhook whose X-Twilio-Signature does not match TWILIO_AUTH_TOKEN.

    The URL signed is the public one (CITYLINE_SITE_URL + path), as the provider saw it, not the
    one a proxy in front of Cityline passed on.
    """

    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        token = settings.TWILIO_AUTH_TOKEN
        if not token:
            logger.warning("Refused a telephony webhook: TWILIO_AUTH_TOKEN is not set")
            return HttpResponseForbidden("Set TWILIO_AUTH_TOKEN to accept telephony webhooks.")
        url = settings.SITE_URL + request.get_full_path()
        signature = request.headers.get("X-Twilio-Signature", "")
        if not RequestValidator(token).validate(url, request.POST.dict(), signature):
            logger.warning("Refused a telephony webhook with a bad signature: %s", request.path)
            return HttpResponseForbidden("Bad signature.")
        return view(request, *args, **kwargs)

    return checked
