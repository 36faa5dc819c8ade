"""Addresses sent to paged staff: the signed one-click link and the phone call's webhook."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Page

ACK_SALT = "cityline.oncall.ack"
# A page link is good for two days: long enough to read the case the morning after, short enough
# that an old text message in a lost phone does not open cases for ever.
ACK_MAX_AGE = 2 * 24 * 3600


def ack_token(page: Page) -> str:
    return signing.TimestampSigner(salt=ACK_SALT).sign(str(page.pk))


def page_from_ack_token(token: str) -> Page | None:
    try:
        pk = signing.TimestampSigner(salt=ACK_SALT).unsign(token, max_age=ACK_MAX_AGE)
    except signing.BadSignature:
        return None
    return (
        Page.objects.select_related("escalation__case__service_type", "escalation__case__department", "user")
        .filter(pk=pk)
        .first()
    )


def ack_url(page: Page) -> str:
    return settings.SITE_URL + reverse("oncall:ack", kwargs={"token": ack_token(page)})


def voice_url(page: Page) -> str:
    """Where the provider fetches the paging call's script (TwiML)."""
    return settings.SITE_URL + reverse("oncall:voice", kwargs={"token": page.token})


def voice_status_url(page: Page) -> str:
    return settings.SITE_URL + reverse("oncall:voice_status", kwargs={"token": page.token})
