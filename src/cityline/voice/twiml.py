"""Writing a step's answer as TwiML, with the ``twilio`` package.

Every action URL is absolute, built from ``CITYLINE_SITE_URL``, and carries the call's next
sequence number (``?n=``): the provider signs the URL it calls, and the engine recognises a retry.
A ``<Gather>`` is followed by a ``<Redirect>`` to the same action, so a provider that does not send
the action on silence (``actionOnEmptyResult``) still reaches the "no answer" branch.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext as _
from twilio.twiml import TwiML
from twilio.twiml.voice_response import VoiceResponse

from cityline.core.telephony import public_url

from .speech import for_speech
from .turns import Ask, Dial, Enqueue, Hangup, Record, Said, Speech, Turn

if TYPE_CHECKING:
    from .flow import Call

SPEECH_LANGUAGE = {"en": "en-US", "es": "es-US"}
# How long a transfer rings before the caller is offered voicemail.
DIAL_TIMEOUT_SECONDS = 30


@lru_cache(maxsize=256)
def _step_path(step: str, urlconf: str | None, prefix: str) -> str:
    return reverse("voice:step", args=[step], urlconf=urlconf)


def step_url(step: str, seq: int) -> str:
    # Resolving the URL pattern costs more than the rest of the URL: once per step name.
    return public_url(_step_path(step, get_urlconf(), get_script_prefix())) + f"?n={seq}"


_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}
)


def _write(node: TwiML, out: list[str]) -> None:
    out.append("<" + node.name)
    for name in sorted(node.attrs):
        value = node.attrs[name]
        value = str(value).lower() if isinstance(value, bool) else str(value)
        out.append(f' {name}="{value.translate(_ATTRIBUTE)}"')
    if not (node.value or node.verbs):
        out.append(" />")
        return
    out.append(">")
    if node.value:
        out.append(str(node.value).translate(_TEXT))
    for verb in node.verbs:
        if isinstance(verb, str):
            out.append(verb.translate(_TEXT))
        else:
            _write(verb, out)
    out.append(f"</{node.name}>")


def to_xml(response: TwiML) -> str:
    """The document ``str(response)`` gives, byte for byte, written straight from the twilio
    package's verbs instead of through ElementTree (which took most of a step's TwiML time)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    _write(response, out)
    return "".join(out)


def _say(parent, item: Said, language: str) -> None:
    if isinstance(item, Speech):
        text, language = item.text, item.language
    else:
        text = item
    if not text:
        return
    voice = settings.CITYLINE_VOICE_NAMES.get(language) or None
    parent.say(for_speech(text), language=SPEECH_LANGUAGE.get(language, "en-US"), voice=voice)


def render(turn: Turn, call: Call) -> str:
    """The TwiML for ``turn``; moves the call's sequence on by one."""
    session = call.session
    session.seq += 1
    language = session.language
    response = VoiceResponse()
    if isinstance(turn, Ask):
        session.step = turn.step or session.step
        action = step_url(session.step, session.seq)
        options = {
            "action": action,
            "method": "POST",
            "input": turn.input,
            "timeout": turn.timeout,
            "action_on_empty_result": True,
            "language": SPEECH_LANGUAGE.get(language, "en-US"),
        }
        if "speech" in turn.input:
            options["speech_timeout"] = "auto"
            if turn.hints:
                options["hints"] = ", ".join(hint.replace(",", " ") for hint in turn.hints[:100])
        if turn.num_digits:
            options["num_digits"] = turn.num_digits
        if turn.finish_on_key:
            options["finish_on_key"] = turn.finish_on_key
        gather = response.gather(**options)
        for item in turn.says:
            _say(gather, item, language)
        response.redirect(action, method="POST")
        return to_xml(response)
    for item in turn.says:
        _say(response, item, language)
    if isinstance(turn, Dial):
        session.step = "dial_done"
        dial = response.dial(action=step_url("dial_done", session.seq), method="POST", timeout=DIAL_TIMEOUT_SECONDS)
        dial.number(turn.number)
    elif isinstance(turn, Enqueue):
        session.step = "dial_done"
        response.enqueue(turn.queue, action=step_url("dial_done", session.seq), method="POST")
    elif isinstance(turn, Record):
        session.step = "recorded"
        options = {
            "action": step_url("recorded", session.seq),
            "method": "POST",
            "max_length": turn.max_seconds,
            "finish_on_key": "#",
            "play_beep": True,
            "timeout": 5,
        }
        if turn.transcribe:
            options["transcribe"] = True
            options["transcribe_callback"] = public_url(reverse("voice:transcription"))
        response.record(**options)
        # Silence after the tone ends the recording with nothing: say so rather than drop the call.
        response.redirect(step_url("recorded", session.seq), method="POST")
    elif isinstance(turn, Hangup):
        session.step = "ended"
        response.hangup()
    return to_xml(response)


def apology() -> str:
    """What a caller hears when the line itself fails: sorry, 911 if it is an emergency, the number."""
    from cityline.core.models import current_jurisdiction

    city = current_jurisdiction()
    response = VoiceResponse()
    response.say(
        for_speech(
            _("We are sorry, something went wrong on this line. If this is an emergency, hang up and dial 911.")
        ),
        language="en-US",
    )
    if city is not None:
        number = city.talk_to_person_phone
        response.say(
            for_speech(_("Please call again in a few minutes, or call %(number)s.") % {"number": number}),
            language="en-US",
        )
    response.hangup()
    return str(response)


def unavailable() -> str:
    """Before a city is loaded there is nothing to answer with but the emergency advice."""
    response = VoiceResponse()
    response.say(
        for_speech(_("This line is not ready yet. If this is an emergency, hang up and dial 911.")), language="en-US"
    )
    response.hangup()
    return str(response)
