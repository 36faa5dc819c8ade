"""Text messages a caller asks for during a call: their case number, or the answer they heard.

They go out through the outbox like every other message (so the opt-out list, retries and the
provider's delivery reports apply), written in the caller's language now, while the call knows
what was said. A provider retrying the same keypress does not send a second text: each kind of
text is sent at most once per call (the outbox's ``dedupe_key``).
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from cityline.cases.models import Case, OutboxMessage
from cityline.core.models import current_jurisdiction
from cityline.knowledge.models import Article
from cityline.notify import gsm7

from .models import CallSession


def queue_text(session: CallSession, kind: str, body: str, case: Case | None = None) -> OutboxMessage:
    # GSM-7 where the language allows: a segment holds 160 characters instead of 70.
    body = gsm7.fit(" ".join(body.split()))
    message, _created = OutboxMessage.objects.get_or_create(
        dedupe_key=f"ivr:{session.call_sid}:{kind}",
        defaults={
            "case": case,
            "kind": kind,
            "channel": "sms",
            "recipient": session.caller,
            "language": session.language,
            # The words are final: the outbox sends them as they are ("_rendered"), in the
            # language the caller chose on the call.
            "payload": {"body": body, "_rendered": {"sms": body, "subject": body[:78], "text": body, "html": ""}},
        },
    )
    return message


def _sender() -> str:
    city = current_jurisdiction()
    return f"{city.localized('short_name')} {city.short_code}" if city else "311"


def case_number(session: CallSession, case: Case) -> OutboxMessage:
    with translation.override(session.language):
        body = _(
            "%(sender)s: your case number is %(number)s (%(service)s). For its status, text STATUS %(digits)s "
            "to this number or call %(short_code)s."
        ) % {
            "sender": _sender(),
            "number": case.display_number,
            "service": case.service_type.localized("name", session.language),
            "digits": case.number,
            "short_code": current_jurisdiction().short_code,
        }
    return queue_text(session, "ivr_case_number", body, case=case)


def article(session: CallSession, article: Article) -> OutboxMessage:
    with translation.override(session.language):
        body = f"{_sender()}: {article.title} {article.readout}"
    return queue_text(session, "ivr_article", body)
