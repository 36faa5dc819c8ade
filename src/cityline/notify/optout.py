"""The SMS opt-out list: STOP and START, as carriers require."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from cityline.cases.models import OutboxMessage, OutboxStatus
from cityline.core.models import to_city_e164
from cityline.core.phones import PhoneNumberError

from .models import SmsOptOut


def _normalise(number: str) -> str:
    try:
        return to_city_e164(number)
    except PhoneNumberError:
        return str(number).strip()


@transaction.atomic
def opt_out(number: str, source: str = "STOP reply") -> bool:
    """No more texts to this number; texts waiting for it are cancelled. True if newly opted out."""
    number = _normalise(number)
    _, created = SmsOptOut.objects.get_or_create(
        number=number, defaults={"source": source, "opted_out_at": timezone.now()}
    )
    OutboxMessage.objects.filter(channel="sms", recipient=number, status=OutboxStatus.PENDING).update(
        status=OutboxStatus.CANCELLED, last_error="The number replied STOP."
    )
    return created


def opt_in(number: str) -> bool:
    """Texts may go to this number again (it texted START). True if it was opted out."""
    deleted, _ = SmsOptOut.objects.filter(number=_normalise(number)).delete()
    return bool(deleted)


def is_opted_out(number: str) -> bool:
    return SmsOptOut.objects.filter(number=_normalise(number)).exists()
