"""Calls played through the phone line's real webhooks, signed as the provider signs them.

``phone`` plays calls with the same simulator as ``cityline call``, over Django's test client
(each request is a real signed POST to the webhook, inside the test's transaction); ``live_phone``
plays them over real HTTP against a live server.
"""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from cityline.triage.service import forget
from cityline.voice.simulator import PhoneCall

TOKEN = "test-auth-token-0123456789abcdef"
CALLER = "+16205550199"


class ClientTransport:
    """requests.Session's ``post`` over Django's test client (same URL, body and signature)."""

    def __init__(self, client):
        self.client = client

    def post(self, url, data, headers, timeout):
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        extra = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
        response = self.client.post(path, data=data, **extra)
        return SimpleNamespace(status_code=response.status_code, text=response.content.decode())


@pytest.fixture
def signed(settings):
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.SITE_URL = "http://testserver"
    forget()
    return settings


@pytest.fixture
def phone(signed, client):
    """Make calls: ``phone()`` → a PhoneCall from a known mobile number; ``phone(caller="")`` withholds it."""

    def make(caller: str = CALLER, **options) -> PhoneCall:
        return PhoneCall("http://testserver", caller=caller, token=TOKEN, http=ClientTransport(client), **options)

    return make


@pytest.fixture
def live_phone(settings, live_server):
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.SITE_URL = live_server.url
    forget()

    def make(caller: str = CALLER, **options) -> PhoneCall:
        return PhoneCall(live_server.url, caller=caller, token=TOKEN, **options)

    return make
