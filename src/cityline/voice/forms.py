"""The provider's webhook requests, checked before anything else reads them.

A request that is not what a TwiML provider sends (no ``CallSid``, keys that are not keypad keys,
an unknown call status) is refused with 400 and the reason, and changes nothing.
"""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator

# Twilio's ids are "CA" + 32 hex digits; SignalWire's are UUIDs, Telnyx's carry a "v3:" prefix.
PROVIDER_ID = RegexValidator(r"^[A-Za-z0-9_:.\-]{1,96}$", "is not a provider call id")
KEYPAD = RegexValidator(r"^[0-9*#w]*$", "has characters that are not keypad keys")

CALL_STATUSES = [
    "queued",
    "initiated",
    "ringing",
    "in-progress",
    "completed",
    "busy",
    "failed",
    "no-answer",
    "canceled",
]


class CallForm(forms.Form):
    CallSid = forms.CharField(max_length=96, validators=[PROVIDER_ID])
    From = forms.CharField(max_length=64, required=False)
    To = forms.CharField(max_length=64, required=False)


class StepQuery(forms.Form):
    n = forms.IntegerField(min_value=0, required=False)


class IncomingQuery(forms.Form):
    lang = forms.ChoiceField(choices=[("en", "en"), ("es", "es")], required=False)


class AnswerForm(CallForm):
    Digits = forms.CharField(max_length=64, required=False, strip=True, validators=[KEYPAD])
    SpeechResult = forms.CharField(max_length=2000, required=False)
    Confidence = forms.FloatField(required=False, min_value=0, max_value=1)
    DialCallStatus = forms.CharField(max_length=20, required=False)
    QueueResult = forms.CharField(max_length=20, required=False)
    RecordingUrl = forms.URLField(max_length=500, required=False, assume_scheme="https")
    RecordingSid = forms.CharField(max_length=96, required=False, validators=[PROVIDER_ID])
    RecordingDuration = forms.IntegerField(min_value=-1, max_value=24 * 3600, required=False)


class StatusForm(CallForm):
    CallStatus = forms.ChoiceField(choices=[(s, s) for s in CALL_STATUSES])
    CallDuration = forms.IntegerField(min_value=0, required=False)


class TranscriptionForm(CallForm):
    TranscriptionText = forms.CharField(max_length=20000, required=False)
    TranscriptionStatus = forms.ChoiceField(choices=[("completed", "completed"), ("failed", "failed")])


def reasons(*bound: forms.Form) -> str:
    """Every problem of the given forms, one per line: "CallSid: This field is required."."""
    lines = []
    for form in bound:
        for field, errors in form.errors.items():
            for error in errors:
                lines.append(f"{field}: {error}")
    return "\n".join(lines)
