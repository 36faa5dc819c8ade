"""Where the text-message service meets notify and oncall: the one place that wiring lives.

* the SMS opt-out list (STOP / START), which every outgoing text respects (``notify.optout``;
  the outbox delivery checks it before each send);
* GSM-7 fitting and segment counting of the replies (``notify.gsm7``);
* replies from on-call staff to a page ("1" to take it), answered by ``oncall.handle_staff_sms``.
"""

from __future__ import annotations

from cityline.notify import gsm7, optout
from cityline.oncall import handle_staff_sms as oncall_reply


def opt_out(number: str) -> bool:
    """No more texts to this number (texts waiting for it are cancelled); True if newly opted out."""
    return optout.opt_out(number, source="STOP reply")


def opt_in(number: str) -> bool:
    """Texts may go to this number again; True if it was opted out."""
    return optout.opt_in(number)


def is_opted_out(number: str) -> bool:
    return optout.is_opted_out(number)


def handle_staff_sms(from_number: str, body: str) -> str | None:
    """The reply to a paged staff member's text, or None when the sender was not paged (a resident)."""
    return oncall_reply(from_number, body)


def fit(text: str) -> str:
    """The text in GSM-7 where its language allows."""
    return gsm7.fit(text)


def segments(text: str) -> int:
    return gsm7.segments(text)
