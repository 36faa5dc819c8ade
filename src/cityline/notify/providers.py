"""Text messages and phone calls through the provider's REST API (the `twilio` package).

``TWILIO_API_BASE`` replaces the provider's address (tests run a small fake provider on localhost,
so the real client code runs). Without an account (``CITYLINE_SMS_BACKEND=console``, the default
when ``TWILIO_ACCOUNT_SID`` is empty) messages and calls are written to the log instead.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from functools import lru_cache

import requests
from django.conf import settings
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

logger = logging.getLogger("cityline.notify")

PROVIDER_HOST = "https://api.twilio.com"
# Seconds to wait for the provider; the outbox lease is longer, so a slow send is never taken over.
TIMEOUT = 15


class ProviderError(Exception):
    """A send that did not go through. ``permanent``: trying again will not help (bad number, STOP)."""

    def __init__(self, message: str, *, permanent: bool):
        super().__init__(message)
        self.permanent = permanent


class _ApiBaseHttpClient(TwilioHttpClient):
    """The provider's own HTTP client, sending to ``TWILIO_API_BASE`` instead of its public host."""

    def __init__(self, api_base: str):
        super().__init__(timeout=TIMEOUT)
        self.api_base = api_base

    def request(self, method, url, *args, **kwargs):
        if url.startswith(PROVIDER_HOST):
            url = self.api_base + url[len(PROVIDER_HOST) :]
        return super().request(method, url, *args, **kwargs)


def _classify(exc: Exception) -> ProviderError:
    if isinstance(exc, TwilioRestException):
        permanent = 400 <= exc.status < 500 and exc.status not in (408, 429)
        return ProviderError(f"provider refused ({exc.status}, code {exc.code}): {exc.msg}", permanent=permanent)
    return ProviderError(f"provider not reachable: {exc}", permanent=False)


class TwilioProvider:
    name = "twilio"

    def __init__(self) -> None:
        self.client = Client(
            settings.TWILIO_ACCOUNT_SID,
            settings.TWILIO_AUTH_TOKEN,
            http_client=_ApiBaseHttpClient(settings.TWILIO_API_BASE),
        )
        self.from_number = settings.TWILIO_FROM_NUMBER

    def send_sms(self, to: str, body: str, status_callback: str = "") -> str:
        try:
            message = self.client.messages.create(
                to=to, from_=self.from_number, body=body, status_callback=status_callback or None
            )
        except (TwilioRestException, requests.RequestException) as exc:
            raise _classify(exc) from exc
        return message.sid

    def place_call(self, to: str, url: str, status_callback: str = "") -> str:
        try:
            call = self.client.calls.create(
                to=to,
                from_=self.from_number,
                url=url,
                method="POST",
                status_callback=status_callback or None,
                status_callback_method="POST" if status_callback else None,
                timeout=30,
            )
        except (TwilioRestException, requests.RequestException) as exc:
            raise _classify(exc) from exc
        return call.sid

    def find_sms(self, to: str, body: str, since: datetime) -> str | None:
        """The provider's id of a text with this body sent to ``to`` since ``since``, if it has one:
        asked before sending again a message whose last attempt ended without an answer."""
        try:
            for message in self.client.messages.list(to=to, from_=self.from_number, limit=50):
                if message.body == body and message.date_created and message.date_created >= since:
                    return message.sid
        except (TwilioRestException, requests.RequestException) as exc:
            raise _classify(exc) from exc
        return None

    def find_call(self, to: str, since: datetime) -> str | None:
        try:
            for call in self.client.calls.list(to=to, from_=self.from_number, limit=20):
                if call.date_created and call.date_created >= since:
                    return call.sid
        except (TwilioRestException, requests.RequestException) as exc:
            raise _classify(exc) from exc
        return None


class ConsoleProvider:
    """A trial install's provider: every text and call is written to the log."""

    name = "console"

    def send_sms(self, to: str, body: str, status_callback: str = "") -> str:
        logger.info("SMS to %s: %s", to, body)
        return f"console-{uuid.uuid4().hex[:16]}"

    def place_call(self, to: str, url: str, status_callback: str = "") -> str:
        logger.info("Phone call to %s, script at %s", to, url)
        return f"console-{uuid.uuid4().hex[:16]}"

    def find_sms(self, to: str, body: str, since: datetime) -> str | None:
        return None

    def find_call(self, to: str, since: datetime) -> str | None:
        return None


@lru_cache(maxsize=4)
def _provider(backend: str, account: str, api_base: str):
    return TwilioProvider() if backend == "twilio" else ConsoleProvider()


def provider() -> TwilioProvider | ConsoleProvider:
    return _provider(settings.CITYLINE_SMS_BACKEND, settings.TWILIO_ACCOUNT_SID, settings.TWILIO_API_BASE)
