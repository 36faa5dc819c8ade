"""Telephony webhooks: is this request really from the provider?

Three TwiML-compatible providers, two ways of signing:

* **Twilio** signs every webhook with ``X-Twilio-Signature``: base64 HMAC-SHA1, keyed with the
  account's auth token, of the URL it requested followed by the sorted POST parameters.
  **SignalWire** signs its compatibility (cXML) webhooks the same way with the project's signing
  key, in ``X-SignalWire-Signature`` (and ``X-Twilio-Signature``). Both are checked with
  ``twilio.request_validator.RequestValidator`` against ``TWILIO_AUTH_TOKEN``.
* **Telnyx** signs its TeXML webhooks with Ed25519: ``telnyx-signature-ed25519`` over
  ``telnyx-timestamp|body``, checked against the account's public key (``TELNYX_PUBLIC_KEY``),
  and refused when the timestamp is more than five minutes away (a replay).

The URL to check is the public one the provider called — ``CITYLINE_SITE_URL`` plus the path and
query — not the one a proxy in front of Cityline passed on, so the check works behind a load
balancer.
"""

from __future__ import annotations

import base64
import binascii
import logging
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt
from twilio.request_validator import RequestValidator

logger = logging.getLogger("cityline.telephony")

SIGNATURE_HEADER = "X-Twilio-Signature"
SIGNALWIRE_HEADER = "X-SignalWire-Signature"
TELNYX_SIGNATURE_HEADER = "telnyx-signature-ed25519"
TELNYX_TIMESTAMP_HEADER = "telnyx-timestamp"
# How far a Telnyx timestamp may be from our clock (its documented replay window).
TELNYX_TOLERANCE_SECONDS = 300


def public_url(path: str) -> str:
    """The address the provider sees for a path of this site (``/voice/incoming`` → ``https://…/voice/incoming``)."""
    return settings.SITE_URL + path


def provider_signature(url: str, params: dict[str, str], token: str | None = None) -> str:
    """The signature Twilio would send for a POST of ``params`` to ``url`` (the simulators sign with it)."""
    return RequestValidator(token if token is not None else settings.TWILIO_AUTH_TOKEN).compute_signature(url, params)


def telephony_configured() -> bool:
    return bool(settings.TWILIO_AUTH_TOKEN or settings.TELNYX_PUBLIC_KEY)


def _hmac_signature_is_valid(request: HttpRequest) -> bool:
    signature = request.headers.get(SIGNALWIRE_HEADER) or request.headers.get(SIGNATURE_HEADER, "")
    token = settings.TWILIO_AUTH_TOKEN
    if not (signature and token):
        return False
    return RequestValidator(token).validate(public_url(request.get_full_path()), request.POST.dict(), signature)


def _telnyx_signature_is_valid(request: HttpRequest) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    signature = request.headers.get(TELNYX_SIGNATURE_HEADER, "")
    stamp = request.headers.get(TELNYX_TIMESTAMP_HEADER, "")
    key = settings.TELNYX_PUBLIC_KEY
    if not (signature and stamp.isdigit() and key):
        return False
    if abs(time.time() - int(stamp)) > TELNYX_TOLERANCE_SECONDS:
        return False
    try:
        public_key = Ed25519PublicKey.from_public_bytes(base64.b64decode(key))
        public_key.verify(base64.b64decode(signature), stamp.encode() + b"|" + request.body)
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True


def signature_is_valid(request: HttpRequest) -> bool:
    if request.headers.get(TELNYX_SIGNATURE_HEADER):
        return _telnyx_signature_is_valid(request)
    return _hmac_signature_is_valid(request)


def signed_by_provider(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Accept only POSTs signed by the provider; anything else gets 403 and changes nothing.

    A webhook is a provider's server talking to ours, so it carries no CSRF token: the signature
    is what proves where it came from.
    """

    @csrf_exempt
    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not telephony_configured():
            logger.warning("Refused a telephony webhook: no provider credentials are set")
            return HttpResponseForbidden(
                "Telephony webhooks are switched off: set TWILIO_AUTH_TOKEN (Twilio's auth token or SignalWire's "
                "signing key) or TELNYX_PUBLIC_KEY.",
                content_type="text/plain",
            )
        if not signature_is_valid(request):
            logger.warning("Refused a telephony webhook with a missing or wrong signature: %s", request.path)
            return HttpResponseForbidden(
                f"The request signature ({SIGNATURE_HEADER}, {SIGNALWIRE_HEADER} or {TELNYX_SIGNATURE_HEADER}) "
                "is missing or does not match this request; check the provider's credentials in the settings and "
                "that CITYLINE_SITE_URL is the address the provider calls.",
                content_type="text/plain",
            )
        return view(request, *args, **kwargs)

    return checked
