"""What the call-taker's screen shows while the caller talks: triage's reading of the words, turned
into the city's own rows (service types, articles in the caller's language, departments and their
direct lines), the caller's history, and a known address found in what was typed.

Triage decides; this module only looks the answers up so templates can show them.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q

from cityline.cases.models import Case, Interaction, Requester, contact_key
from cityline.catalog.models import ServiceType
from cityline.core.geo import normalize_address
from cityline.core.models import AddressPoint, current_jurisdiction, to_city_e164
from cityline.core.phones import PhoneNumberError
from cityline.directory.models import Department, PhoneKind, PhoneLine
from cityline.knowledge.models import Article

log = logging.getLogger(__name__)

try:  # triage is its own app; the screen still works (full type list) if it is missing or fails
    from cityline.triage import assess
except ImportError:  # pragma: no cover - triage ships with Cityline
    assess = None

SHOWN_SERVICES = 5
SHOWN_ARTICLES = 3
SHOWN_DEPARTMENTS = 3


@dataclass
class Emergency:
    level: str = "no"  # 'yes' | 'maybe' | 'no'
    reason: str = ""
    advice: str = ""
    question: str = ""
    category: str = ""


@dataclass
class RankedService:
    service: ServiceType
    score: float | None = None


@dataclass
class Assist:
    text: str
    language: str  # the language of the words typed (what triage read)
    caller_language: str  # the language to read answers out in
    emergency: Emergency
    kind: str  # 'emergency' | 'question' | 'problem' | '' (nothing typed yet)
    services: list[RankedService] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    departments: list[Department] = field(default_factory=list)
    ranked: bool = True  # False: triage unavailable, services are the full list by name
    address: AddressPoint | None = None

    @property
    def top_service(self) -> ServiceType | None:
        return self.services[0].service if self.services else None


def assist(text: str, caller_language: str | None = None) -> Assist:
    """Everything the screen suggests for what the call-taker has typed so far."""
    city = current_jurisdiction()
    languages = city.languages if city else ["en"]
    caller_language = caller_language if caller_language in languages else (languages[0] if languages else "en")
    text = (text or "").strip()
    if not text:
        return Assist(text, caller_language, caller_language, Emergency(), "")
    assessment = None
    if assess is not None:
        try:
            assessment = assess(text)
        except Exception:  # a triage failure must not take the call screen down
            log.exception("triage failed; showing the full service list")
    if assessment is None:
        return Assist(
            text,
            caller_language,
            caller_language,
            Emergency(),
            "",
            services=[RankedService(s) for s in ServiceType.objects.filter(active=True).order_by("name")],
            articles=_articles_by_words(text, caller_language),
            ranked=False,
            address=address_in_text(text),
        )
    emergency = assessment.emergency
    return Assist(
        text=text,
        language=assessment.language,
        caller_language=caller_language,
        emergency=Emergency(
            level=emergency.level,
            reason=emergency.reason,
            advice=emergency.advice,
            question=emergency.question,
            category=getattr(emergency, "category", ""),
        ),
        kind=assessment.kind,
        services=_services([(m.code, m.score) for m in assessment.services[:SHOWN_SERVICES]]),
        articles=_articles([m.key for m in assessment.articles[:SHOWN_ARTICLES]], caller_language),
        departments=_departments([m.slug for m in assessment.departments[:SHOWN_DEPARTMENTS]]),
        address=address_in_text(text),
    )


def _services(ranked: list[tuple[str, float]]) -> list[RankedService]:
    rows = {s.code: s for s in ServiceType.objects.filter(code__in=[c for c, _ in ranked], active=True)}
    return [RankedService(rows[code], score) for code, score in ranked if code in rows]


def _articles(keys: list[str], language: str) -> list[Article]:
    """The matched articles in the caller's language (else the city's first language)."""
    rows = Article.objects.filter(key__in=keys, active=True).prefetch_related("departments")
    by_key: dict[str, Article] = {}
    for article in rows:
        if article.language == language or article.key not in by_key:
            by_key[article.key] = article
    return [by_key[key] for key in dict.fromkeys(keys) if key in by_key]


def _articles_by_words(text: str, language: str) -> list[Article]:
    words = [w for w in re.findall(r"\w{4,}", text.lower())][:6]
    if not words:
        return []
    query = Q()
    for word in words:
        query |= Q(title__icontains=word) | Q(topic__icontains=word)
    return list(Article.objects.filter(query, active=True, language=language)[:SHOWN_ARTICLES])


def _departments(slugs: list[str]) -> list[Department]:
    lines = Prefetch("phones", queryset=PhoneLine.objects.exclude(kind=PhoneKind.FAX))
    rows = {d.slug: d for d in Department.objects.filter(slug__in=slugs, active=True).prefetch_related(lines)}
    found = [rows[slug] for slug in slugs if slug in rows]
    for department in found:
        department.transfer_line = direct_line(department)
    return found


# --- a known address in the typed words -------------------------------------------------------------

_LONGEST_ADDRESS_WORDS = 7


def address_in_text(text: str) -> AddressPoint | None:
    """The city's address point named in ``text`` ("pothole in front of 100 North Main Street"), if any.

    Every run of words that starts with a house number is tried against the address points in
    their normalised spelling; the longest match wins ("100 n main st" over "100 n main").
    """
    words = normalize_address(text).split()
    candidates = set()
    for start, word in enumerate(words):
        if not word.isdigit():
            continue
        for end in range(start + 2, min(start + _LONGEST_ADDRESS_WORDS, len(words)) + 1):
            candidates.add(" ".join(words[start:end]))
    if not candidates:
        return None
    found = list(AddressPoint.objects.filter(normalized__in=candidates))
    return max(found, key=lambda point: len(point.normalized)) if found else None


# --- the caller ----------------------------------------------------------------------------------------


@dataclass
class Caller:
    number: str  # E.164, or "" when not known
    language: str | None  # their language on earlier contacts
    cases: list[Case]


def caller(number: str) -> Caller:
    """What the city knows of a caller from their number: earlier cases and their language."""
    number = (number or "").strip()
    if not number:
        return Caller("", None, [])
    try:
        number = to_city_e164(number)
    except PhoneNumberError:
        return Caller("", None, [])
    requesters = Requester.objects.filter(phone=number)
    key = contact_key(number)
    cases = list(
        Case.objects.filter(Q(requester__in=requesters) | Q(interactions__contact_key=key))
        .select_related("service_type", "department")
        .distinct()
        .order_by("-created_at")[:10]
    )
    last_contact = Interaction.objects.filter(contact_key=key, ended_at__isnull=False).order_by("-started_at").first()
    last_requester = requesters.order_by("-created_at").first()
    language = (last_contact.language if last_contact else None) or (
        last_requester.language if last_requester else None
    )
    return Caller(number, language, cases)


def direct_line(department: Department) -> Any:
    """The line to transfer a caller to: a direct line, else the main line."""
    lines = [line for line in department.phones.all() if line.kind != PhoneKind.FAX]
    return next((line for line in lines if line.kind == PhoneKind.DIRECT), None) or next(
        (line for line in lines if line.kind == PhoneKind.MAIN), lines[0] if lines else None
    )
