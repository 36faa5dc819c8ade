"""The text-message service's state: one conversation per phone number, and the messages received.

A conversation remembers what a report still needs ("which size?", "where is it?") between texts;
any web process can answer the next one. It expires after half an hour of silence.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils import timezone

CONVERSATION_LIFETIME = timedelta(minutes=30)


class Conversation(models.Model):
    # The resident's number (E.164): the conversation is with them. The row is deleted a day
    # after the conversation ends (sms.conversation.forget_old_conversations).
    phone = models.CharField(max_length=32, unique=True)
    language = models.CharField(max_length=8)
    step = models.CharField(max_length=40, default="idle")
    data = models.JSONField(default=dict, blank=True)
    tries = models.PositiveSmallIntegerField(default=0)
    interaction = models.ForeignKey(
        "cases.Interaction", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"conversation at {self.step}"

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def touch(self, now=None) -> None:
        self.updated_at = now or timezone.now()
        self.expires_at = self.updated_at + CONVERSATION_LIFETIME


class InboundMessage(models.Model):
    """A text received: its provider id (a retried webhook gets the same reply, and nothing is done
    twice), who sent it as a one-way key, and the reply given."""

    message_sid = models.CharField(max_length=100, unique=True)
    contact_key = models.CharField(max_length=32)
    received_at = models.DateTimeField(default=timezone.now)
    reply = models.TextField(blank=True)
    segments = models.PositiveSmallIntegerField(default=0, help_text="SMS segments of the reply")

    def __str__(self) -> str:
        return self.message_sid


class PendingPhoto(models.Model):
    """A photo a resident sent before the report it belongs to is complete."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="sms/pending/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.file.name
