"""Thin views for residents' links (unsubscribe, confirm, survey) and the provider's delivery reports.

Links in messages are opened by mail scanners and messaging-app previews, so a GET only shows a
button; the change happens on POST. The unsubscribe address also accepts the one-click POST that
mail apps send (RFC 8058), which carries no CSRF token: the signed token is the proof.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from cityline.cases import actions
from cityline.cases.models import EventKind, Subscription
from cityline.core.telephony import signed_by_provider

from . import delivery, links
from .forms import ProviderStatusForm, SurveyForm


def _subscription(token: str | None) -> Subscription:
    subscription = Subscription.objects.select_related("case__service_type").filter(token=token or "").first()
    if subscription is None:
        raise Http404("This link is not valid.")
    return subscription


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscription = _subscription(links.subscription_from_unsubscribe_token(token))
    with translation.override(subscription.language):
        if request.method == "POST":
            subscription = actions.unsubscribe(subscription.token)
        context = {
            "subscription": subscription,
            "case": subscription.case,
            "service": subscription.case.service_type.localized("name", subscription.language),
            "done": subscription.unsubscribed_at is not None,
        }
        return render(request, "notify/unsubscribe.html", context)


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    subscription = _subscription(links.subscription_from_confirm_token(token))
    with translation.override(subscription.language):
        if request.method == "POST":
            subscription = actions.confirm_subscription(subscription.token)
        context = {
            "subscription": subscription,
            "case": subscription.case,
            "service": subscription.case.service_type.localized("name", subscription.language),
            "done": subscription.confirmed_at is not None and subscription.unsubscribed_at is None,
        }
        return render(request, "notify/confirm.html", context)


@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    case = links.case_from_survey_token(token)
    if case is None:
        raise Http404("This survey link is not valid or has expired.")
    with translation.override(case.language):
        answered = case.events.filter(kind=EventKind.SURVEY).exists()
        form = SurveyForm(request.POST or None)
        thanked = False
        if request.method == "POST" and not answered and form.is_valid():
            actions.record_survey(case, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"])
            thanked = True
        context = {
            "case": case,
            "service": case.service_type.localized("name", case.language),
            "form": form,
            "answered": answered,
            "thanked": thanked,
        }
        return render(request, "notify/survey.html", context, status=200)


@csrf_exempt
@require_POST
@signed_by_provider
def sms_status(request: HttpRequest, token: str) -> HttpResponse:
    message = links.message_from_status_token(token)
    if message is None:
        raise Http404("Unknown message.")
    form = ProviderStatusForm(request.POST)
    if form.is_valid():
        delivery.record_provider_status(message, form.cleaned_data["MessageStatus"], form.cleaned_data["ErrorCode"])
    return HttpResponse(status=204)
