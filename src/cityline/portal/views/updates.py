"""Confirm and stop updates on a case: the links in every e-mail and text message.

The paths are stable (``/updates/confirm/<token>/``, ``/updates/stop/<token>/``): the notify app
puts them in messages. The token is the secret; no login is needed. Stopping is a button on the
page (a mail scanner that opens links must not unsubscribe anybody), and also answers a one-click
``POST`` (RFC 8058 ``List-Unsubscribe-Post``) from mail programs.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt

from cityline.cases.actions import confirm_subscription, unsubscribe
from cityline.cases.models import InteractionOutcome, Subscription

from .. import visits


def _in_their_language(request: HttpRequest, subscription: Subscription | None) -> None:
    """A link from a message opens in the language the message was in, unless the reader chose one."""
    from django.conf import settings

    if subscription is not None and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        translation.activate(subscription.language)
        request.LANGUAGE_CODE = subscription.language


def _invalid(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/updates_invalid.html", status=404)


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    subscription = confirm_subscription(token)
    _in_their_language(request, subscription)
    if subscription is None:
        return _invalid(request)
    if subscription.active:
        visits.finish(request, InteractionOutcome.FOLLOWED, key=f"confirm:{subscription.pk}", case=subscription.case)
    return render(
        request,
        "portal/updates_confirmed.html",
        {"subscription": subscription, "case": subscription.case.public(subscription.language)},
    )


@csrf_exempt
def stop(request: HttpRequest, token: str) -> HttpResponse:
    subscription = Subscription.objects.filter(token=token).select_related("case").first()
    _in_their_language(request, subscription)
    if subscription is None:
        return _invalid(request)
    if request.method == "POST":
        subscription = unsubscribe(token)
        return render(
            request, "portal/updates_stopped.html", {"subscription": subscription, "case": subscription.case.public()}
        )
    return render(
        request, "portal/updates_stop.html", {"subscription": subscription, "case": subscription.case.public()}
    )
