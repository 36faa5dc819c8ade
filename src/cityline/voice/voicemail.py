"""Voicemails: a caller's message when no one can take the call, kept for the next business morning.

The call's interaction ends with the outcome "voicemail" and the department the message is for
(the 311 centre, or the department the caller asked for), which is what the morning digest lists;
its summary is the provider's transcription when one arrives, with a link to the recording for
staff. The :class:`~cityline.voice.models.Voicemail` row keeps the number to call back.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from django.urls import reverse

from cityline.cases.interactions import amend_summary
from cityline.cases.models import InteractionOutcome
from cityline.core.telephony import public_url
from cityline.directory.models import Department

from . import lookup
from .models import Voicemail


class CallInProgress(Protocol):
    """What saving a voicemail needs of the call (``flow.Call`` is one); named here so that this
    module, which the flow calls, does not import the flow back."""

    session: Any
    city: Any
    now: datetime

    @property
    def data(self) -> dict[str, Any]: ...

    @property
    def caller(self) -> str: ...

    @property
    def language(self) -> str: ...

    def note(self, entry: str) -> None: ...

    def achieve(self, outcome: str, *, department: Any = None) -> None: ...


def summary(voicemail: Voicemail) -> str:
    link = public_url(reverse("admin:voice_voicemail_change", args=[voicemail.pk]))
    heard = voicemail.transcription.strip() or "(no transcription)"
    return f"Voicemail, {voicemail.duration_seconds} s, {voicemail.language}: {heard} — listen: {link}"


def save_voicemail(call: CallInProgress, params: dict[str, str]) -> Voicemail | None:
    """The recording the provider made, or None if the caller said nothing."""
    url = params.get("RecordingUrl", "")
    try:
        seconds = int(params.get("RecordingDuration") or 0)
    except ValueError:
        seconds = 0
    if not url or seconds <= 0:
        call.note("voicemail: empty")
        return None
    department_pk = call.data.get("voicemail_department")
    department = (
        Department.objects.filter(pk=department_pk).first()
        if department_pk
        else lookup.call_centre_department(call.city.talk_to_person_phone)
    )
    voicemail, _created = Voicemail.objects.get_or_create(
        call_sid=call.session.call_sid,
        defaults={
            "interaction": call.session.interaction,
            "department": department,
            "caller": call.caller,
            "language": call.language,
            "recording_sid": params.get("RecordingSid", "")[:100],
            "recording_url": url[:500],
            "duration_seconds": seconds,
            "received_at": call.now,
        },
    )
    call.achieve(InteractionOutcome.VOICEMAIL, department=department)
    call.data["summary"] = summary(voicemail)
    call.note("voicemail saved")
    return voicemail


def save_transcription(call_sid: str, text: str, status: str) -> Voicemail | None:
    """The provider's transcription, which arrives after the call: onto the voicemail and its interaction."""
    voicemail = Voicemail.objects.filter(call_sid=call_sid).select_related("interaction").first()
    if voicemail is None:
        return None
    voicemail.transcription = text[:4000] if status == "completed" else ""
    voicemail.transcription_status = status[:20]
    voicemail.save(update_fields=["transcription", "transcription_status"])
    if voicemail.interaction is not None and voicemail.interaction.ended_at is not None:
        amend_summary(voicemail.interaction, summary(voicemail))
    return voicemail
