"""Thin views: the paging call's script (TwiML), its keypad answer, the signed accept link, and
each rotation's calendar feed. Every decision is made in paging.py and rotations.py."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from twilio.twiml.voice_response import VoiceResponse

from cityline.core.telephony import signed_by_provider

from . import paging, speech
from .forms import KeypadForm, PageAnswerForm
from .links import page_from_ack_token
from .models import EscalationState, Page, Rotation
from .rotations import calendar_feed

REPEATS = 2


def _twiml(response: VoiceResponse) -> HttpResponse:
    return HttpResponse(str(response), content_type="text/xml")


def _page_for_call(token: str) -> Page:
    return get_object_or_404(
        Page.objects.select_related("escalation__case__service_type", "escalation__case__department", "user"),
        token=token,
    )


@csrf_exempt
@require_POST
@signed_by_provider
def voice(request: HttpRequest, token: str) -> HttpResponse:
    """The paging call: read the case, then ask for a key."""
    page = _page_for_call(token)
    language = speech.voice_language(page.language)
    response = VoiceResponse()
    gather = response.gather(num_digits=1, action=request.path + "key/", method="POST", timeout=8)
    for line in speech.page_script(page):
        gather.say(line, language=language)
    gather.say(speech.prompt(page.language), language=language)
    # No key pressed: read the prompt once more before hanging up.
    again = response.gather(num_digits=1, action=request.path + "key/", method="POST", timeout=8)
    again.say(speech.prompt(page.language), language=language)
    response.say(speech.say(page.language, "no_answer"), language=language)
    return _twiml(response)


@csrf_exempt
@require_POST
@signed_by_provider
def voice_key(request: HttpRequest, token: str) -> HttpResponse:
    page = _page_for_call(token)
    language = speech.voice_language(page.language)
    form = KeypadForm(request.POST)
    digit = form.cleaned_data["Digits"][:1] if form.is_valid() else ""
    response = VoiceResponse()
    if digit == "1":
        answer = paging.acknowledge_page(page, via="call")
    elif digit == "2":
        answer = paging.pass_page(page, via="call")
    else:
        response.redirect(request.path.removesuffix("key/"), method="POST")
        return _twiml(response)
    response.say(speech.say(page.language, answer.outcome, by=answer.by), language=language)
    response.hangup()
    return _twiml(response)


@csrf_exempt
@require_POST
@signed_by_provider
def voice_status(request: HttpRequest, token: str) -> HttpResponse:
    """The provider's call-status callback; an unanswered call changes nothing (the timer decides)."""
    _page_for_call(token)
    return HttpResponse(status=204)


@require_http_methods(["GET", "POST"])
def ack(request: HttpRequest, token: str) -> HttpResponse:
    """The signed link in the page text: GET shows the case and two buttons (link previews in
    messaging apps fetch the link, so opening it must not accept); POST answers."""
    page = page_from_ack_token(token)
    if page is None:
        raise Http404("This page link is not valid or has expired.")
    with translation.override(page.language):
        return _answer_page(request, page)


def _answer_page(request: HttpRequest, page: Page) -> HttpResponse:
    answer = None
    form = PageAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["answer"] == "accept":
            answer = paging.acknowledge_page(page, via="link")
        else:
            answer = paging.pass_page(page, via="link")
        page.refresh_from_db()
    escalation = page.escalation
    escalation.refresh_from_db()
    case = escalation.case
    case.refresh_from_db()
    accepted_here = escalation.state == EscalationState.ACKNOWLEDGED and escalation.acknowledged_by_id == page.user_id
    context = {
        "page": page,
        "case": case,
        "service_name": case.service_type.localized("name", page.language),
        "department_name": case.department.localized("name", page.language),
        "escalation": escalation,
        "answer": answer,
        "form": form,
        "can_answer": page.status == "paged"
        and escalation.state in (EscalationState.ACTIVE, EscalationState.EXHAUSTED),
        "accepted_here": accepted_here,
        "requester": case.requester if accepted_here else None,
        "history": case.events.filter(kind__in=["opened", "paged", "page_acknowledged", "escalated"]).order_by(
            "at", "pk"
        ),
        "attributes": [
            (attribute.localized("description"), attribute.value_name(case.attributes[attribute.code]))
            for attribute in case.service_type.attributes.all()
            if attribute.code in case.attributes and not isinstance(case.attributes[attribute.code], list)
        ],
    }
    return render(request, "oncall/ack.html", context)


def calendar(request: HttpRequest, token: str) -> HttpResponse:
    rotation = get_object_or_404(Rotation.objects.select_related("department"), calendar_token=token, active=True)
    response = HttpResponse(calendar_feed(rotation), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{rotation.department.slug}-on-call.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
