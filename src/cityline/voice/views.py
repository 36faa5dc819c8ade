"""The phone line's webhooks: parse the provider's request, run the call's step, answer TwiML."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

from cityline.core.telephony import signed_by_provider

from . import engine
from .flow import Reply
from .forms import AnswerForm, CallForm, IncomingQuery, StatusForm, StepQuery, TranscriptionForm, reasons
from .twiml import apology
from .voicemail import save_transcription

logger = logging.getLogger("cityline.voice")


def _twiml(xml: str) -> HttpResponse:
    return HttpResponse(xml, content_type="text/xml; charset=utf-8")


def _bad(*forms) -> HttpResponse:
    return HttpResponseBadRequest(reasons(*forms), content_type="text/plain; charset=utf-8")


@signed_by_provider
def incoming(request: HttpRequest) -> HttpResponse:
    """A new call: the provider's "a call comes in" webhook for the city's number."""
    form, query = CallForm(request.POST), IncomingQuery(request.GET)
    if not (form.is_valid() and query.is_valid()):
        return _bad(form, query)
    try:
        xml = engine.start_call(
            form.cleaned_data["CallSid"], form.cleaned_data["From"], language=query.cleaned_data["lang"] or None
        )
    except Exception:
        logger.exception("The phone line failed to greet call %s", form.cleaned_data["CallSid"])
        return _twiml(apology())
    return _twiml(xml)


@signed_by_provider
def step(request: HttpRequest, name: str) -> HttpResponse:
    """The caller's answer to one prompt (a Gather, Dial or Record action)."""
    form, query = AnswerForm(request.POST), StepQuery(request.GET)
    if not (form.is_valid() and query.is_valid()):
        return _bad(form, query)
    data = form.cleaned_data
    params = {key: str(value) for key, value in data.items() if value not in (None, "")}
    reply = Reply(digits=data["Digits"], speech=data["SpeechResult"], params=params)
    try:
        xml = engine.continue_call(data["CallSid"], name, query.cleaned_data["n"], reply, caller_id=data["From"])
    except engine.UnknownStep:
        return HttpResponseBadRequest(f"step: there is no step {name!r} in the call flow", content_type="text/plain")
    except Exception:
        # A fault of ours must not leave a caller with the provider's "application error": they
        # hear an apology, the 911 reminder and the number to call, and the fault is logged.
        logger.exception("The phone line failed at step %s of call %s", name, data["CallSid"])
        return _twiml(apology())
    return _twiml(xml)


@signed_by_provider
def status(request: HttpRequest) -> HttpResponse:
    """The provider's status callback: when the call has ended, its interaction is closed."""
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _bad(form)
    if form.cleaned_data["CallStatus"] in {"completed", "busy", "failed", "no-answer", "canceled"}:
        engine.finish_call(form.cleaned_data["CallSid"], form.cleaned_data["CallStatus"])
    return HttpResponse(status=204)


@signed_by_provider
def transcription(request: HttpRequest) -> HttpResponse:
    """A voicemail's transcription, when the provider made one."""
    form = TranscriptionForm(request.POST)
    if not form.is_valid():
        return _bad(form)
    save_transcription(
        form.cleaned_data["CallSid"], form.cleaned_data["TranscriptionText"], form.cleaned_data["TranscriptionStatus"]
    )
    return HttpResponse(status=204)
