"""Running a call: the session row, one step at a time, safe against a provider's retries.

Every webhook of a call runs in one transaction holding the call's row lock, so two requests for
the same call (a provider retrying while the first is still being answered) are answered one after
the other. Each answer carries the step's sequence number in its URL (``?n=``): a request for an
answer already taken gets the reply it got the first time, and changes nothing — so the same
keypress retried never opens a second case (``open_case`` also has the call's idempotency key).
"""

from __future__ import annotations

import logging
import time as clock
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from cityline.cases.interactions import end_interaction, start_interaction
from cityline.cases.models import Channel, Interaction, InteractionOutcome, contact_key
from cityline.core.models import current_jurisdiction
from cityline.core.phones import PhoneNumberError, to_e164

from . import twiml
from .flow import LANGUAGES, STEPS, Call, Reply
from .models import CallSession, Voicemail
from .voicemail import summary

logger = logging.getLogger("cityline.voice")

# How many stale calls one incoming call tidies up (a provider that never sent the call's end),
# and how often a process looks for them.
EXPIRE_BATCH = 20
SWEEP_SECONDS = 60.0
_last_sweep = {"at": -SWEEP_SECONDS}


class UnknownStep(ValueError):
    pass


def caller_number(raw: str, country: str) -> str:
    """The caller ID in E.164, or "" when withheld or not a phone number ("anonymous", "client:…")."""
    try:
        return to_e164(raw, country) if raw and raw.lstrip("+").isdigit() else ""
    except PhoneNumberError:
        return ""


def _known_language(caller: str, default: str) -> str:
    """The language a caller chose the last time they called, so a Spanish speaker is greeted in Spanish."""
    if not caller:
        return default
    last = (
        Interaction.objects.filter(channel=Channel.IVR, contact_key=contact_key(caller))
        .exclude(ended_at=None)
        .order_by("-started_at")
        .values_list("language", flat=True)
        .first()
    )
    return last if last in LANGUAGES else default


def start_call(call_sid: str, caller_id: str, language: str | None = None, now: datetime | None = None) -> str:
    """The greeting of a new call (or, for a retried incoming webhook, the same greeting again)."""
    now = now or timezone.now()
    if clock.monotonic() - _last_sweep["at"] > SWEEP_SECONDS:
        _last_sweep["at"] = clock.monotonic()
        expire_sessions(now)
    city = current_jurisdiction()
    if city is None:
        return twiml.unavailable()
    # A retried incoming webhook is rare: rather than look for the call's row first on every call,
    # the insert below fails on the unique CallSid and the stored greeting is answered.
    caller = caller_number(caller_id, city.country)
    if language not in LANGUAGES or language not in city.languages:
        language = _known_language(caller, city.default_language if city.default_language in LANGUAGES else "en")
    try:
        with transaction.atomic():
            interaction = start_interaction(
                channel=Channel.IVR, language=language, contact=caller, external_id=call_sid, at=now
            )
            session = CallSession(
                call_sid=call_sid, caller=caller, language=language, step="greeting", interaction=interaction
            )
            session.started_at = now
            session.path = ["greeting"]
            call = Call(session, city, now)
            with translation.override(language):
                turn = STEPS["greeting"].enter(call, [])
                reply = twiml.render(turn, call)
            session.last_reply = reply
            session.save()
            return reply
    except IntegrityError:
        # The same incoming webhook again (a retry, or twice at once): the call's row is there.
        return CallSession.objects.get(call_sid=call_sid).last_reply


def continue_call(
    call_sid: str, step: str, seq: int | None, reply: Reply, caller_id: str = "", now: datetime | None = None
) -> str:
    """The answer to one step of a call in progress."""
    if step not in STEPS:
        raise UnknownStep(step)
    now = now or timezone.now()
    city = current_jurisdiction()
    if city is None:
        return twiml.unavailable()
    with transaction.atomic():
        # The call's row alone: most steps never read the interaction, case, department or article
        # it points to (joining them made the step's main query several times dearer), and the
        # few that do load the one they need.
        session = CallSession.objects.select_for_update().filter(call_sid=call_sid).first()
        if session is None:
            # The call's state is gone (it expired): greet the caller again rather than fail.
            return start_call(call_sid, caller_id, now=now)
        if seq is not None and seq < session.seq:
            return session.last_reply
        call = Call(session, city, now)
        with translation.override(session.language):
            if step != session.step:
                # An answer to a prompt the caller is no longer at: say where they are now.
                turn = STEPS[session.step].enter(call, [])
            elif reply.digits == "0" and STEPS[step].zero_for_person:
                call.note(f"{step}: 0")
                turn = call.go("person")
            else:
                turn = STEPS[step].handle(call, reply)
            xml = twiml.render(turn, call)
        session.last_reply = xml
        session.save()
        return xml


def finish_call(call_sid: str, status: str, now: datetime | None = None) -> bool:
    """The provider says the call ended: end its interaction with what it achieved, drop its state."""
    now = now or timezone.now()
    with transaction.atomic():
        session = (
            CallSession.objects.select_for_update(of=("self",))
            .select_related("interaction", "case", "department", "article")
            .filter(call_sid=call_sid)
            .first()
        )
        if session is None:
            return False
        _end(session, now, status)
        session.delete()
        return True


def _end(session: CallSession, now: datetime, status: str = "") -> None:
    if session.interaction is None:
        return
    outcome = session.outcome or InteractionOutcome.ABANDONED
    text = ""
    if outcome == InteractionOutcome.VOICEMAIL:
        voicemail = Voicemail.objects.filter(call_sid=session.call_sid).first()
        text = summary(voicemail) if voicemail else ""
    elif outcome == InteractionOutcome.ABANDONED:
        text = f"Caller hung up at: {session.step}" + (f" ({status})" if status and status != "completed" else "")
    end_interaction(
        session.interaction,
        outcome,
        case=session.case,
        department=session.department,
        article=session.article,
        summary=text,
        language=session.language,
        path=session.path,
        at=now,
    )


def expire_sessions(now: datetime | None = None, limit: int = EXPIRE_BATCH) -> int:
    """End calls the provider never reported ended (no status callback set up, or lost)."""
    now = now or timezone.now()
    ended = 0
    for call_sid in CallSession.objects.filter(expires_at__lt=now).values_list("call_sid", flat=True)[:limit]:
        with transaction.atomic():
            session = CallSession.objects.select_for_update(skip_locked=True).filter(call_sid=call_sid).first()
            if session is None:
                continue
            _end(session, session.updated_at, "expired")
            session.delete()
            ended += 1
    if ended:
        logger.info("Ended %d phone calls whose end the provider never reported", ended)
    return ended
