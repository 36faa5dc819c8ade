"""The phone line's state: one row per call in progress, and the voicemails callers leave.

Web processes keep nothing between a call's steps: each step of a call is a separate webhook,
which any process may answer, so where the caller is in the menu lives here, keyed by the
provider's ``CallSid``, and is deleted when the call ends (or expires, if the provider never said).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

# A call that has said nothing for this long is over, whatever the provider did or did not report.
SESSION_LIFETIME = timedelta(hours=2)


class CallSession(models.Model):
    call_sid = models.CharField(max_length=100, unique=True)
    # The caller's number (E.164), when the provider gives one: used to text them what they ask
    # for, to find their open cases and as a callback number they confirm. Deleted with the row.
    caller = models.CharField(max_length=32, blank=True)
    language = models.CharField(max_length=8)
    step = models.CharField(max_length=40)
    data = models.JSONField(default=dict, blank=True)
    tries = models.PositiveSmallIntegerField(default=0, help_text="Unanswered or not understood prompts in a row")
    # How many answers this call has given: in every action URL, so a provider's retry of an
    # answer already taken gets the same reply again instead of being taken twice.
    seq = models.PositiveIntegerField(default=0)
    last_reply = models.TextField(blank=True, help_text="The TwiML answered to the last step")
    outcome = models.CharField(max_length=20, blank=True)
    path = models.JSONField(default=list, blank=True)
    interaction = models.ForeignKey(
        "cases.Interaction", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    department = models.ForeignKey(
        "directory.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    article = models.ForeignKey("knowledge.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.call_sid} at {self.step}"

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        self.expires_at = self.updated_at + SESSION_LIFETIME
        super().save(*args, **kwargs)


class Voicemail(models.Model):
    """A message a caller left when no one could take the call (after hours, or no answer).

    It is read the next business morning: the call's interaction (outcome "voicemail", with the
    department it was for) is what the morning digest lists, and this row keeps what staff need to
    call back. The caller's number is personal data: staff-only, never public.
    """

    call_sid = models.CharField(max_length=100, unique=True)
    interaction = models.ForeignKey(
        "cases.Interaction", null=True, blank=True, on_delete=models.SET_NULL, related_name="voicemails"
    )
    department = models.ForeignKey(
        "directory.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="voicemails"
    )
    caller = models.CharField(max_length=32, blank=True, help_text="The number to call back (E.164)")
    language = models.CharField(max_length=8, default="en")
    recording_sid = models.CharField(max_length=100, blank=True)
    recording_url = models.URLField(max_length=500, blank=True)
    duration_seconds = models.PositiveIntegerField(default=0)
    transcription = models.TextField(blank=True)
    transcription_status = models.CharField(max_length=20, blank=True)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"Voicemail {self.received_at:%Y-%m-%d %H:%M} ({self.duration_seconds} s)"
