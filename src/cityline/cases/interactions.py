"""Interactions: every contact with a resident, and how it ended.

A channel starts one when a call, a text conversation or a web visit begins and ends it with its
outcome; that is how first-contact resolution, channel mix and handling times are measured.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Case, Channel, Interaction, InteractionOutcome, contact_key


def start_interaction(
    *,
    channel: str,
    language: str = "en",
    agent: Any = None,
    contact: str = "",
    external_id: str | None = None,
    at: datetime | None = None,
) -> Interaction:
    """Open an interaction. With an ``external_id`` (a CallSid), the same id twice gives the same row."""
    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    if external_id:
        existing = Interaction.objects.filter(external_id=external_id).first()
        if existing:
            return existing
    try:
        with transaction.atomic():
            return Interaction.objects.create(
                channel=channel,
                language=language,
                agent=agent,
                contact_key=contact_key(contact),
                external_id=external_id or None,
                started_at=at or timezone.now(),
            )
    except IntegrityError:
        return Interaction.objects.get(external_id=external_id)


def contact(
    *,
    channel: str,
    outcome: str,
    language: str = "en",
    external_id: str | None = None,
    started_at: datetime | None = None,
) -> Interaction:
    """A contact that starts and ends in one exchange (an API call), not yet written.

    ``save_contact`` writes it, or ``open_case(interaction=...)`` with the case it opened: one
    INSERT instead of a start, a locked re-read and an end."""
    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    if outcome not in InteractionOutcome.values:
        raise ValueError(f"unknown outcome {outcome!r}")
    return Interaction(
        channel=channel,
        language=language,
        outcome=outcome,
        external_id=external_id or None,
        started_at=started_at or timezone.now(),
    )


def save_contact(interaction: Interaction) -> None:
    """Write a ``contact``, ended now. A retried call with the same ``external_id`` keeps the first
    record, without a lock or a savepoint: the insert skips a row whose external_id is there."""
    interaction.ended_at = interaction.ended_at or timezone.now()
    Interaction.objects.bulk_create([interaction], ignore_conflicts=True)


def end_interaction(
    interaction: Interaction,
    outcome: str,
    *,
    case: Case | None = None,
    department: Any = None,
    article: Any = None,
    service_type: Any = None,
    summary: str = "",
    language: str | None = None,
    path: list[str] | None = None,
    at: datetime | None = None,
) -> Interaction:
    """Record how a contact ended. Ending twice keeps the first ending (providers retry callbacks).

    ``path`` replaces the steps noted so far, for a channel that keeps them with its own state
    (the phone line keeps a call's menu path with the call and writes it once, at the end)."""
    if outcome not in InteractionOutcome.values:
        raise ValueError(f"unknown outcome {outcome!r}")
    with transaction.atomic():
        interaction = Interaction.objects.select_for_update().get(pk=interaction.pk)
        if interaction.ended_at is not None:
            return interaction
        interaction.outcome = outcome
        interaction.ended_at = at or timezone.now()
        interaction.case = case or interaction.case
        interaction.department = department or interaction.department
        interaction.article = article or interaction.article
        interaction.service_type = service_type or interaction.service_type or (case.service_type if case else None)
        if summary:
            interaction.summary = summary[:4000]
        if language:
            interaction.language = language
        if path is not None:
            interaction.path = list(path)[-100:]
        interaction.save()
        return interaction


def amend_summary(interaction: Interaction, summary: str) -> None:
    """Replace an interaction's summary after it ended (a voicemail's transcription arrives later)."""
    Interaction.objects.filter(pk=interaction.pk).update(summary=summary[:4000])
    interaction.summary = summary[:4000]


def note_step(interaction: Interaction, step: str) -> None:
    """Append a step to an interaction's path (an IVR menu choice, a page reached)."""
    with transaction.atomic():
        row = Interaction.objects.select_for_update().get(pk=interaction.pk)
        row.path = [*row.path, step][-100:]
        row.save(update_fields=["path"])
        interaction.path = row.path
