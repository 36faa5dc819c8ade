"""Finding cases as staff type: by case number, address or words, newest first, in pages.

On PostgreSQL the words are matched by prefix against a full-text index of each case's description
and address (``console`` migration 0002), so "300 n mai" finds "300 N Main St" while it is typed;
elsewhere (SQLite) each word is looked for in the description or the address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from cityline.cases import numbers
from cityline.cases.models import Case
from cityline.directory.models import StaffProfile

from .paging import Page, keyset_page

# The expression the PostgreSQL index is built on; the query must repeat it exactly to use it.
SEARCH_DOCUMENT = (
    "to_tsvector('simple'::regconfig, coalesce(cases_case.description, '') || ' ' || coalesce(cases_case.address, ''))"
)
_MAX_WORDS = 8
_NUMBER_MIN_DIGITS = 6


@dataclass
class SearchResult:
    query: str
    kind: str  # 'number' | 'words' | ''
    page: Page = field(default_factory=Page)
    error: str = ""

    @property
    def cases(self) -> list[Case]:
        return self.page.items


def visible_to(staff: StaffProfile, cases: QuerySet[Case]) -> QuerySet[Case]:
    """The cases whose full page this person may see in lists: department staff see their
    departments' cases and those shared with them; everyone else sees every case."""
    if staff.sees_all_departments:
        return cases
    ids = staff.department_ids()
    shared = Case.shared_with.through.objects.filter(department_id__in=ids).values("case_id")
    return cases.filter(Q(department_id__in=ids) | Q(pk__in=shared))


# Words too common to narrow a search; dropping them keeps "leak by the school" as fast as "leak school".
_SKIPPED_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "at",
        "by",
        "for",
        "from",
        "in",
        "is",
        "it",
        "my",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "de",
        "del",
        "el",
        "en",
        "la",
        "las",
        "los",
        "por",
        "un",
        "una",
        "y",
    ]
)
MIN_QUERY_LENGTH = 3


def words_of(text: str) -> list[str]:
    """The words that narrow a search: numbers, and words of three letters or more not in the skip
    list (the last word is kept whatever its length: it is being typed)."""
    words = re.findall(r"\w+", text.lower())
    kept = [
        w
        for i, w in enumerate(words)
        if w.isdigit()
        or (len(w) >= 3 and w not in _SKIPPED_WORDS)
        or (i == len(words) - 1 and len(w) >= 2 and w not in _SKIPPED_WORDS)
    ]
    return kept[:_MAX_WORDS]


def matching(cases: QuerySet[Case], text: str) -> QuerySet[Case]:
    """Cases whose description or address holds every word (the last one as a prefix, being typed)."""
    words = words_of(text)
    if not words:
        return cases
    if connection.vendor == "postgresql":
        query = " & ".join(f"{word}:*" for word in words)
        return cases.filter(
            RawSQL(f"{SEARCH_DOCUMENT} @@ to_tsquery('simple'::regconfig, %s)", [query], output_field=BooleanField())
        )
    for word in words:
        cases = cases.filter(Q(description__icontains=word) | Q(address__icontains=word))
    return cases


def search_cases(
    text: str, *, staff: StaffProfile, cursor: str | None = None, size: int = 20, base: QuerySet[Case] | None = None
) -> SearchResult:
    """Search as you type. A case number (or the first digits of one) finds that case wherever it
    is, for anyone; words and addresses search the cases this person may see."""
    text = (text or "").strip()
    if not text:
        return SearchResult(text, "")
    rows = (base if base is not None else Case.objects.all()).select_related("service_type", "department")
    digits = re.sub(r"[\s\-–.#/]", "", text)
    if digits.isdigit() and len(digits) >= _NUMBER_MIN_DIGITS:
        if len(digits) >= numbers.LENGTH:
            try:
                number = numbers.parse(digits)
            except numbers.CaseNumberError as exc:
                return SearchResult(text, "number", error=str(exc))
            found = list(rows.filter(number=number)[:1])
            return SearchResult(text, "number", Page(found))
        return SearchResult(text, "number", keyset_page(rows.filter(number__startswith=digits), "newest", cursor, size))
    if len(text) < MIN_QUERY_LENGTH or not words_of(text):
        return SearchResult(
            text, "words", error=_("Type at least %(n)s letters, or a case number.") % {"n": MIN_QUERY_LENGTH}
        )
    return SearchResult(text, "words", keyset_page(matching(visible_to(staff, rows), text), "newest", cursor, size))
