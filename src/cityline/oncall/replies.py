"""Text-message replies from paged staff: "1" accepts, "2" passes to the next level.

The SMS channel hands every message from a number it does not know as a resident's to
:func:`handle_staff_sms`; a reply text comes back, or None when the sender has not been paged.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from cityline.core.models import current_jurisdiction, to_city_e164
from cityline.core.phones import PhoneNumberError

from .links import ack_url
from .models import EscalationState, Page, PageStatus
from .paging import Answer, acknowledge_page, pass_page

ACCEPT_WORDS = {"1", "y", "yes", "ok", "okay", "ack", "accept", "si", "sí", "acepto"}
PASS_WORDS = {"2", "n", "no", "pass", "decline", "paso"}
# A reply is matched to pages sent in the last day; older pages are long settled.
REPLY_WINDOW = timedelta(hours=24)


def handle_staff_sms(from_number: str, body: str, at: datetime | None = None) -> str | None:
    """Answer a text from a paged person; None if the sender has no page in the last day."""
    at = at or timezone.now()
    try:
        phone = to_city_e164(from_number)
    except PhoneNumberError:
        return None
    recent = list(
        Page.objects.filter(phone=phone, paged_at__gte=at - REPLY_WINDOW)
        .select_related("escalation__case__service_type", "user")
        .order_by("-paged_at", "-pk")
    )
    if not recent:
        return None
    with translation.override(recent[0].language):
        return _reply(recent, body or "", at)


def _latest_per_case(pages: list[Page]) -> list[Page]:
    seen: dict[int, Page] = {}
    for page in pages:
        seen.setdefault(page.escalation.case_id, page)
    return list(seen.values())


def _reply(recent: list[Page], body: str, at: datetime) -> str:
    words = re.findall(r"[\wáéíóúñ]+", body.lower())
    word = words[0] if words else ""
    digits = "".join(re.findall(r"\d", body))
    candidates = _latest_per_case(recent)
    open_pages = [
        page
        for page in candidates
        if page.status == PageStatus.PAGED
        and page.escalation.state in (EscalationState.ACTIVE, EscalationState.EXHAUSTED)
    ]
    if len(digits) >= 4:
        # "1 4821": accept the case whose number ends in 4821 (the first digit is the answer).
        tail = digits[1:] if word in ACCEPT_WORDS | PASS_WORDS and len(digits) > 4 else digits
        named = [page for page in candidates if page.escalation.case.number.endswith(tail[-4:])]
        if len(named) == 1:
            return _answer(named[0], "2" if word in PASS_WORDS else "1", at)
    if word in ACCEPT_WORDS or word in PASS_WORDS:
        if len(open_pages) == 1:
            return _answer(open_pages[0], word, at)
        if len(open_pages) > 1:
            listing = "; ".join(
                f"{page.escalation.case.display_number} {page.escalation.case.service_type.localized('name')}"
                for page in open_pages
            )
            example = open_pages[0].escalation.case.number[-4:]
            return _(
                "You have %(count)d open pages: %(listing)s. Reply 1 and the last 4 digits of the case number, "
                "e.g. 1 %(example)s."
            ) % {"count": len(open_pages), "listing": listing, "example": example}
        return _describe(_answer_for_settled(candidates[0]))
    if open_pages:
        case = open_pages[0].escalation.case
        return _("Reply 1 to accept case %(number)s, 2 to pass it to the next person.") % {
            "number": case.display_number
        }
    return _describe(_answer_for_settled(candidates[0]))


def _answer(page: Page, word: str, at: datetime) -> str:
    if word in PASS_WORDS:
        return _describe(pass_page(page, via="sms", at=at))
    return _describe(acknowledge_page(page, via="sms", at=at))


def _answer_for_settled(page: Page) -> Answer:
    escalation = page.escalation
    if escalation.state == EscalationState.ACKNOWLEDGED:
        winner = escalation.pages.filter(status=PageStatus.ACKNOWLEDGED).select_related("user").first()
        if winner and winner.pk == page.pk:
            return Answer("accepted", page, by=page.name, at=page.answered_at)
        return Answer("already_accepted", page, by=winner.name if winner else "", at=escalation.ended_at)
    if escalation.state == EscalationState.STOPPED:
        return Answer("stopped", page, at=escalation.ended_at)
    if not escalation.case.is_open:
        return Answer("closed", page)
    return Answer("passed", page, at=page.answered_at)


def _time(moment: datetime | None) -> str:
    if moment is None:
        return ""
    city = current_jurisdiction()
    local = moment.astimezone(city.zone) if city else moment
    return formats.time_format(local, "TIME_FORMAT")


def _describe(answer: Answer) -> str:
    case = answer.page.escalation.case
    number = case.display_number
    if answer.outcome == "accepted":
        return _("Accepted: case %(number)s (%(service)s%(where)s) is yours. Paging has stopped. Details: %(link)s") % {
            "number": number,
            "service": case.service_type.localized("name"),
            "where": f", {case.address}" if case.address else "",
            "link": ack_url(answer.page),
        }
    if answer.outcome == "already_accepted":
        return _("Case %(number)s was already accepted by %(name)s at %(time)s. Nothing more to do.") % {
            "number": number,
            "name": answer.by,
            "time": _time(answer.at),
        }
    if answer.outcome == "stopped":
        return _("Case %(number)s is already being handled. Nothing more to do.") % {"number": number}
    if answer.outcome == "closed":
        return _("Case %(number)s is closed. Nothing more to do.") % {"number": number}
    return _("Passed: case %(number)s goes to the next person now.") % {"number": number}
