"""Calls played through the phone line's real webhooks, signed as the provider signs them.

``phone`` plays calls with the same simulator as ``cityline call``, over Django's test client
(each request is a real signed POST to the webhook, inside the test's transaction); ``live_phone``
plays them over real HTTP against a live server.
"""

from __future__ import annotations

import pytest

from cityline.triage.service import forget
from cityline.voice import lookup
from cityline.voice.simulator import PhoneCall
from tests.webhooks import SITE, TOKEN, ClientTransport, load_pack_for_module

CALLER = "+16205550199"


@pytest.fixture
def signed(settings):
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.SITE_URL = SITE
    settings.CITYLINE_VOICE_QUEUE = ""
    forget()
    lookup.forget()
    return settings


@pytest.fixture
def phone(signed, client):
    """Make calls: ``phone()`` from a known mobile number; ``phone(caller="")`` withholds the caller ID."""

    def make(caller: str = CALLER, **options) -> PhoneCall:
        return PhoneCall(SITE, caller=caller, token=TOKEN, http=ClientTransport(client), **options)

    return make


@pytest.fixture
def live_phone(settings, live_server):
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.SITE_URL = live_server.url
    forget()
    lookup.forget()

    def make(caller: str = CALLER, **options) -> PhoneCall:
        return PhoneCall(live_server.url, caller=caller, token=TOKEN, **options)

    return make


@pytest.fixture(scope="module")
def hutchinson_for_module(django_db_setup, django_db_blocker):
    yield from load_pack_for_module(django_db_blocker, "hutchinson-ks")


@pytest.fixture
def hutchinson_city(hutchinson_for_module, db):
    """The Hutchinson demo pack, loaded once for the module."""
    from cityline.core.models import current_jurisdiction

    return current_jurisdiction()
