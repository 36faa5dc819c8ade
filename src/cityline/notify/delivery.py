"""Delivering the outbox: one message at a time, leased, sent, recorded.

The protocol, and why no message is lost or sent twice once confirmed:

1. **Claim.** In a short transaction the next due message (``pending``, or ``sending`` whose lease
   ran out) is marked ``sending``, its ``attempts`` counted and its ``not_before`` set to the end of
   a lease (``CITYLINE_OUTBOX_LEASE_SECONDS``). Pages and staff alerts go before residents' updates.
2. **Freeze.** The first attempt renders the words and stores them in the message, so every later
   attempt sends exactly the same text (and the same e-mail Message-ID).
3. **Send** through the provider, outside any transaction.
4. **Record** ``sent`` with the provider's id, or ``pending`` again with a back-off, or ``failed``
   (a permanent refusal, or too many attempts) — only if the claim is still ours.

A worker killed between 1 and 4 leaves the message ``sending``; when its lease runs out another
worker takes it up. The one message in flight when a worker dies is therefore delivered *at least
once*: before sending a text or placing a call again, the worker asks the provider whether a text
with the same words (or a call) to the same number exists since the message was written, and
records that one instead of sending again; an e-mail is sent again with the same Message-ID, which
mail systems use to drop the copy. A message recorded ``sent`` is never claimed again.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
import time as clock
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from cityline.cases.models import OutboxMessage, OutboxStatus
from cityline.core.models import current_jurisdiction

from . import links, optout, render
from .providers import ProviderError, provider
from .quiet import quiet_hours_end

logger = logging.getLogger("cityline.notify")

# Sent first, and retried sooner: a person is waiting on these at night.
URGENT_KINDS = ["page", "page_taken", "oncall_gap"]


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    held: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.failed + self.cancelled + self.held

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


def backoff(message: OutboxMessage) -> timedelta:
    """Wait before the next attempt: 30 s, 2 min, 8 min, 32 min, then hourly; pages every 15–120 s."""
    if message.kind in URGENT_KINDS:
        return timedelta(seconds=min(15 * 2 ** (message.attempts - 1), 120))
    return timedelta(seconds=min(30 * 4 ** (message.attempts - 1), 3600))


def claim_next(now: datetime | None = None) -> OutboxMessage | None:
    """Lease the next due message to this worker (see the module's docstring)."""
    now = now or timezone.now()
    lease = timedelta(seconds=settings.CITYLINE_OUTBOX_LEASE_SECONDS)
    with transaction.atomic():
        due = OutboxMessage.objects.filter(
            status__in=[OutboxStatus.PENDING, OutboxStatus.SENDING], not_before__lte=now
        ).order_by("not_before", "pk")
        message = None
        for portion in (due.filter(kind__in=URGENT_KINDS), due):
            message = portion.select_for_update(skip_locked=True).first()
            if message is not None:
                break
        if message is None:
            return None
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxStatus.SENDING, attempts=F("attempts") + 1, not_before=now + lease
        )
        message.refresh_from_db()
        return message


def deliver_due(*, limit: int = 200, time_budget: float = 30.0) -> DeliveryReport:
    """Deliver due messages one by one, up to ``limit`` or ``time_budget`` seconds."""
    report = DeliveryReport()
    deadline = clock.monotonic() + time_budget
    while report.handled < limit and clock.monotonic() < deadline:
        message = claim_next()
        if message is None:
            break
        report.add(deliver(message))
    return report


def _record(message: OutboxMessage, **values) -> bool:
    """Write the outcome only while the claim is still ours (same attempt, still sending)."""
    return bool(
        OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.SENDING, attempts=message.attempts).update(
            **values
        )
    )


def _cancel_reason(message: OutboxMessage) -> str:
    subscription = message.subscription
    if subscription is not None and subscription.unsubscribed_at is not None:
        return "The follower unsubscribed."
    if message.channel == "sms" and optout.is_opted_out(message.recipient):
        return "The number replied STOP: no text messages to it."
    if message.kind == "page" and message.channel != "email":
        from cityline.oncall.models import EscalationState, Page, PageStatus

        page = Page.objects.select_related("escalation").filter(pk=(message.payload or {}).get("page")).first()
        if page is not None and (
            page.status != PageStatus.PAGED
            or page.escalation.state not in (EscalationState.ACTIVE, EscalationState.EXHAUSTED)
        ):
            return "The page was answered before it was sent."
    return ""


def deliver(message: OutboxMessage) -> str:
    """Send one claimed message; returns sent, retried, failed, cancelled or held."""
    now = timezone.now()
    reason = _cancel_reason(message)
    if reason:
        recorded = _record(message, status=OutboxStatus.CANCELLED, last_error=reason)
        if recorded and message.kind == "page" and "STOP" in reason:
            _after_failed(message, reason)
        return "cancelled"
    if message.channel == "sms" and message.kind in render.RESIDENT_KINDS:
        city = current_jurisdiction()
        held_until = quiet_hours_end(now, city.quiet_hours, city.zone) if city else None
        if held_until is not None:
            # Not an attempt: the message simply is not due before the morning.
            _record(message, status=OutboxStatus.PENDING, not_before=held_until, attempts=message.attempts - 1)
            return "held"
    try:
        frozen = _frozen_words(message)
        provider_id = _send(message, frozen)
    except ProviderError as exc:
        return _failed_attempt(message, str(exc), permanent=exc.permanent, now=now)
    except Exception as exc:  # a bug in a template or a provider library: keep the message, say why
        logger.exception("Could not send outbox message %s", message.pk)
        return _failed_attempt(message, f"{type(exc).__name__}: {exc}", permanent=False, now=now)
    _record(message, status=OutboxStatus.SENT, sent_at=timezone.now(), provider_id=provider_id[:200], last_error="")
    return "sent"


def _failed_attempt(message: OutboxMessage, error: str, *, permanent: bool, now: datetime) -> str:
    if permanent or message.attempts >= settings.CITYLINE_OUTBOX_MAX_ATTEMPTS:
        _record(message, status=OutboxStatus.FAILED, last_error=error[:2000])
        logger.warning("Outbox message %s (%s to %s) failed: %s", message.pk, message.kind, message.channel, error)
        _after_failed(message, error)
        return "failed"
    _record(message, status=OutboxStatus.PENDING, not_before=now + backoff(message), last_error=error[:2000])
    return "retried"


def _frozen_words(message: OutboxMessage) -> dict[str, str]:
    """The words of the message, rendered on the first attempt and kept for every later one."""
    payload = message.payload or {}
    if "_rendered" in payload:
        return payload["_rendered"]
    if message.channel == "voice":
        words = {}
    else:
        rendered = render.render(message)
        words = {"subject": rendered.subject, "text": rendered.text, "html": rendered.html, "sms": rendered.sms}
    payload = {**payload, "_rendered": words}
    OutboxMessage.objects.filter(pk=message.pk).update(payload=payload)
    message.payload = payload
    return words


def _send(message: OutboxMessage, words: dict[str, str]) -> str:
    if message.channel == "email":
        return _send_email(message, words)
    sender = provider()
    if message.channel == "sms":
        if message.attempts > 1:
            existing = sender.find_sms(message.recipient, words["sms"], message.created_at)
            if existing:
                logger.info("Outbox message %s was already accepted by the provider as %s", message.pk, existing)
                return existing
        return sender.send_sms(message.recipient, words["sms"], status_callback=links.status_callback_url(message))
    if message.channel == "voice":
        from cityline.oncall.links import voice_status_url, voice_url
        from cityline.oncall.models import Page

        page = Page.objects.get(pk=message.payload["page"])
        if message.attempts > 1:
            existing = sender.find_call(message.recipient, message.created_at)
            if existing:
                return existing
        return sender.place_call(message.recipient, voice_url(page), status_callback=voice_status_url(page))
    raise ProviderError(f"unknown channel {message.channel!r}", permanent=True)


def message_id(message: OutboxMessage) -> str:
    """The same Message-ID on every attempt, so a copy sent again after a crash is dropped as a duplicate."""
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "cityline.local"
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{message.pk}".encode()).hexdigest()[:12]
    return f"<outbox.{message.pk}.{digest}@{domain}>"


def reply_to_address() -> str:
    city = current_jurisdiction()
    return settings.CITYLINE_REPLY_TO_EMAIL or (city.email if city and city.email else settings.DEFAULT_FROM_EMAIL)


def _from_address() -> str:
    city = current_jurisdiction()
    sender = settings.DEFAULT_FROM_EMAIL
    if "<" in sender or city is None:
        return sender
    return f'"{city.short_name} 311" <{sender}>'


def _send_email(message: OutboxMessage, words: dict[str, str]) -> str:
    identifier = message_id(message)
    headers = {"Message-ID": identifier}
    if message.case_id:
        headers["X-Cityline-Case"] = message.case.number
    if message.subscription_id:
        # RFC 8058 one-click unsubscribe: mail apps show an "Unsubscribe" button that POSTs here.
        headers["List-Unsubscribe"] = f"<{links.unsubscribe_url(message.subscription)}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if message.kind in URGENT_KINDS:
        headers["X-Priority"] = "1"
    email = EmailMultiAlternatives(
        subject=words["subject"],
        body=words["text"],
        from_email=_from_address(),
        to=[message.recipient],
        reply_to=[reply_to_address()],
        headers=headers,
    )
    email.attach_alternative(words["html"], "text/html")
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        raise ProviderError(
            f"mail server refused the address: {exc.recipients}", permanent=all(c >= 500 for c in codes)
        ) from exc
    except smtplib.SMTPResponseException as exc:
        raise ProviderError(
            f"mail server said {exc.smtp_code} {exc.smtp_error!r}", permanent=exc.smtp_code >= 500
        ) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise ProviderError(f"mail server not reachable: {exc}", permanent=False) from exc
    return identifier


def _after_failed(message: OutboxMessage, error: str) -> None:
    if message.kind == "page":
        from cityline.oncall.paging import page_delivery_failed

        page_delivery_failed(message, error)


def record_provider_status(message: OutboxMessage, status: str, error_code: str = "") -> None:
    """The provider's delivery report for a text: an undelivered one is recorded as failed."""
    if status in ("failed", "undelivered"):
        updated = (
            OutboxMessage.objects.filter(pk=message.pk)
            .filter(Q(status=OutboxStatus.SENT) | Q(status=OutboxStatus.SENDING))
            .update(
                status=OutboxStatus.FAILED,
                last_error=f"The carrier reported the text {status} (error {error_code or 'unknown'}).",
            )
        )
        if updated:
            message.refresh_from_db()
            _after_failed(message, message.last_error)
