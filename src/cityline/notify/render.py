"""The words of every outbox message, in the recipient's language, from templates in notify.

``messages/<language>/<kind>.email.txt`` is the e-mail: its first line is ``Subject: …``, the rest
the plain-text body (the HTML part is built from the same words, so the two never disagree);
``messages/<language>/<kind>.sms.txt`` is the text message. A language without a template falls
back to the city's first language, then English. A city may override any template by putting its
own in a folder named by ``CITYLINE_MESSAGE_DIRS``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template import Context, Engine, TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cityline.cases.models import Case, OutboxMessage, Status
from cityline.catalog.models import AfterHours
from cityline.core.models import current_jurisdiction

from . import gsm7, links
from .dates import DATE_FORMATS

MESSAGES_DIR = Path(__file__).resolve().parent / "messages"
RESIDENT_KINDS = {"case_opened", "status_changed", "public_note", "case_closed", "confirm_subscription"}
STAFF_KINDS = {"page", "page_taken", "oncall_gap", "sla_due_soon", "sla_breached", "digest"}


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    sms: str


@lru_cache(maxsize=1)
def _engine() -> Engine:
    dirs = [*getattr(settings, "CITYLINE_MESSAGE_DIRS", []), str(MESSAGES_DIR)]
    return Engine(dirs=dirs, autoescape=False, libraries={"i18n": "django.templatetags.i18n"})


def available_languages() -> set[str]:
    return {path.name for path in MESSAGES_DIR.iterdir() if path.is_dir()}


def message_language(language: str) -> str:
    city = current_jurisdiction()
    for candidate in (language, city.default_language if city else "", "en"):
        if candidate and candidate in available_languages():
            return candidate
    return "en"


def when(moment: datetime | None, style: str = "long", language: str | None = None) -> str:
    """A moment in the city's time, written the way the language writes dates."""
    if moment is None:
        return ""
    city = current_jurisdiction()
    local = moment.astimezone(city.zone) if city else moment
    language = language or translation.get_language() or "en"
    table = DATE_FORMATS.get(language.split("-")[0], DATE_FORMATS["en"])
    return formats.date_format(local, table[style])


def duration_words(delta: timedelta) -> str:
    minutes = int(abs(delta).total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if days:
        parts.append(ngettext("%(n)d day", "%(n)d days", days) % {"n": days})
    if hours:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if minutes and not days:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
    return " ".join(parts) or _("less than a minute")


def status_words(status: str) -> str:
    return {
        Status.NEW: _("received"),
        Status.ACKNOWLEDGED: _("acknowledged: the department has seen it"),
        Status.IN_PROGRESS: _("in progress: work has started"),
        Status.SCHEDULED: _("scheduled"),
        Status.ON_HOLD: _("on hold"),
        Status.CLOSED: _("closed"),
    }.get(status, status)


def reason_words(reason: str) -> str:
    return {
        "resolved": _("resolved"),
        "duplicate": _("merged with another report of the same problem"),
        "referred": _("referred to the agency that handles it"),
        "no_action": _("no action was needed"),
        "unable_to_locate": _("the crew could not find the problem"),
    }.get(reason, reason)


def _case_context(case: Case, language: str) -> dict[str, Any]:
    department = case.department
    after_hours = case.received_after_hours
    context: dict[str, Any] = {
        "case": case,
        "number": case.display_number,
        "service": case.service_type.localized("name", language),
        "department": department.localized("name", language),
        "address": case.address,
        "description": case.description,
        "short_description": _shorten(case.description, 90),
        "status": status_words(case.status),
        "due": when(case.sla_due_at) if case.is_open else "",
        "due_short": when(case.sla_due_at, "short") if case.is_open else "",
        "reported": when(case.created_at),
        "reported_time": when(case.created_at, "time"),
        "after_hours": after_hours,
        "urgent_after_hours": after_hours and case.service_type.after_hours == AfterHours.URGENT,
        "case_url": links.case_url(case),
    }
    if after_hours:
        opens = department.calendar.next_opening(case.created_at)
        context["opens"] = when(opens)
        context["opens_short"] = when(opens, "short")
    return context


def _shorten(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def build_context(message: OutboxMessage, language: str) -> dict[str, Any]:
    city = current_jurisdiction()
    payload = message.payload or {}
    context: dict[str, Any] = {
        "city": city,
        "city_name": city.localized("name", language) if city else "",
        "city_short": city.localized("short_name", language) if city else "",
        "city_phone": city.phone_display if city else "",
        "short_code": city.short_code if city else "311",
        "payload": payload,
        "note": payload.get("note", ""),
        "channel": message.channel,
    }
    case = message.case
    if case is not None:
        context.update(_case_context(case, language))
    if message.subscription_id:
        subscription = message.subscription
        context["unsubscribe_url"] = links.unsubscribe_url(subscription)
        if message.kind == "confirm_subscription":
            context["confirm_url"] = links.confirm_url(subscription)
    if message.kind == "status_changed":
        context["status"] = status_words(payload.get("status", case.status if case else ""))
    if message.kind == "case_closed" and case is not None:
        context["reason"] = reason_words(payload.get("reason", case.closing_reason))
        context["survey_url"] = links.survey_url(case)
    if message.kind in {"page", "page_taken"}:
        context.update(_page_context(payload))
    if message.kind in {"sla_due_soon", "sla_breached"} and case is not None:
        now = timezone.now()
        context["late_by"] = duration_words(now - case.sla_due_at)
        context["left"] = duration_words(case.sla_due_at - now)
        context["assignee"] = (case.assignee.get_full_name() or case.assignee.get_username()) if case.assignee else ""
        context["console_url"] = links.optional_url("console:case", case.number)
    if message.kind == "digest":
        from .digests import localise

        context.update(localise(payload, language))
    if message.kind == "oncall_gap" and case is None:
        from cityline.directory.models import Department

        department = Department.objects.filter(slug=payload.get("department")).first()
        context["department"] = department.localized("name", language) if department else payload.get("department", "")
    return context


def _page_context(payload: dict[str, Any]) -> dict[str, Any]:
    from cityline.oncall.links import ack_url
    from cityline.oncall.models import Page

    page = Page.objects.select_related("user").filter(pk=payload.get("page")).first()
    if page is None:
        return {}
    return {"page": page, "ack_url": ack_url(page), "level_label": page.label, "taken_by": payload.get("by", "")}


def _split_subject(text: str) -> tuple[str, str]:
    first, _, rest = text.lstrip().partition("\n")
    if not first.lower().startswith("subject:"):
        raise ValueError("an e-mail template must start with a 'Subject:' line")
    return first.split(":", 1)[1].strip(), rest.strip("\n")


def _tidy(text: str) -> str:
    # Template tags leave blank lines behind; keep at most one between paragraphs.
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _render_template(name: str, context: dict[str, Any]) -> str | None:
    try:
        template = _engine().get_template(name)
    except TemplateDoesNotExist:
        return None
    return template.render(Context(context))


def render(message: OutboxMessage) -> Rendered:
    """Subject, plain text, HTML and SMS text of one message, in its recipient's language."""
    language = message_language(message.language)
    city = current_jurisdiction()
    with translation.override(language), timezone.override(city.zone if city else None):
        context = build_context(message, language)
        email = _render_template(f"{language}/{message.kind}.email.txt", context)
        if email is None:
            raise TemplateDoesNotExist(f"{language}/{message.kind}.email.txt")
        subject, body = _split_subject(email)
        text = _tidy(body)
        sms_source = _render_template(f"{language}/{message.kind}.sms.txt", context)
        sms = gsm7.fit(" ".join(sms_source.split())) if sms_source is not None else gsm7.fit(subject)
        html = render_to_string(
            "notify/email.html",
            {
                "subject": subject,
                "paragraphs": [paragraph.split("\n") for paragraph in text.strip().split("\n\n")],
                "language": language,
                "city_name": context.get("city_name", ""),
            },
        )
    return Rendered(subject=" ".join(subject.split()), text=text, html=html, sms=sms)
