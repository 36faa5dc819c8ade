"""Signed links in residents' messages: unsubscribe, confirm a subscription, answer the survey.

Each link carries a token signed with the site's secret key, so it cannot be made up or altered;
the subscription's own random token inside it says whose it is.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import NoReverseMatch, reverse

from cityline.cases.models import Case, Subscription

UNSUBSCRIBE_SALT = "cityline.notify.unsubscribe"
CONFIRM_SALT = "cityline.notify.confirm"
SURVEY_SALT = "cityline.notify.survey"
# A survey can be answered for two months after closing; unsubscribe links never expire.
SURVEY_MAX_AGE = 60 * 24 * 3600


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def optional_url(name: str, *args: str) -> str:
    """The absolute URL of a page another app provides (the portal's case page), or "" until it exists."""
    try:
        return _absolute(reverse(name, args=args))
    except NoReverseMatch:
        return ""


def unsubscribe_url(subscription: Subscription) -> str:
    token = signing.Signer(salt=UNSUBSCRIBE_SALT).sign(subscription.token)
    return _absolute(reverse("notify:unsubscribe", kwargs={"token": token}))


def subscription_from_unsubscribe_token(token: str) -> str | None:
    try:
        return signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None


def confirm_url(subscription: Subscription) -> str:
    token = signing.Signer(salt=CONFIRM_SALT).sign(subscription.token)
    return _absolute(reverse("notify:confirm", kwargs={"token": token}))


def subscription_from_confirm_token(token: str) -> str | None:
    try:
        return signing.Signer(salt=CONFIRM_SALT).unsign(token)
    except signing.BadSignature:
        return None


def survey_url(case: Case) -> str:
    token = signing.TimestampSigner(salt=SURVEY_SALT).sign(case.number)
    return _absolute(reverse("notify:survey", kwargs={"token": token}))


def case_from_survey_token(token: str) -> Case | None:
    try:
        number = signing.TimestampSigner(salt=SURVEY_SALT).unsign(token, max_age=SURVEY_MAX_AGE)
    except signing.BadSignature:
        return None
    return Case.objects.select_related("service_type", "department").filter(number=number).first()


STATUS_SALT = "cityline.notify.status"


def status_callback_url(message) -> str:
    """Where the provider reports what became of a text (delivered, undelivered)."""
    token = signing.Signer(salt=STATUS_SALT).sign(str(message.pk))
    return _absolute(reverse("notify:sms_status", kwargs={"token": token}))


def message_from_status_token(token: str):
    from cityline.cases.models import OutboxMessage

    try:
        pk = signing.Signer(salt=STATUS_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return OutboxMessage.objects.filter(pk=pk).first()


def case_url(case: Case) -> str:
    return optional_url("portal:case", case.number)
