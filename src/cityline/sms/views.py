"""The text service's webhook: parse the provider's request, answer with TwiML <Message>."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _
from twilio.twiml.messaging_response import MessagingResponse

from cityline.core.models import current_jurisdiction, to_city_e164
from cityline.core.phones import PhoneNumberError
from cityline.core.telephony import signed_by_provider

from .conversation import Incoming, receive
from .forms import IncomingMessageForm

logger = logging.getLogger("cityline.sms")


def _reasons(form: IncomingMessageForm) -> str:
    return "\n".join(f"{field}: {error}" for field, errors in form.errors.items() for error in errors)


@signed_by_provider
def incoming(request: HttpRequest) -> HttpResponse:
    form = IncomingMessageForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_reasons(form), content_type="text/plain; charset=utf-8")
    city = current_jurisdiction()
    try:
        phone = to_city_e164(form.cleaned_data["From"])
    except PhoneNumberError:
        return HttpResponseBadRequest(
            "From: is not a phone number that can receive a reply", content_type="text/plain; charset=utf-8"
        )
    try:
        reply = receive(
            Incoming(message_sid=form.message_sid, phone=phone, body=form.cleaned_data["Body"], media=form.media())
        )
    except Exception:
        # A fault of ours: the resident hears that, and where else to turn; the fault is logged.
        logger.exception("The text service failed on message %s", form.message_sid)
        reply = _("Sorry, something went wrong. Please try again in a few minutes, or call %(short_code)s.") % {
            "short_code": city.short_code if city else "311"
        }
    response = MessagingResponse()
    if reply:
        response.message(reply)
    return HttpResponse(str(response), content_type="text/xml; charset=utf-8")
