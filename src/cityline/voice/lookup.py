"""Finding the department a caller names ("water", "agua", "the city clerk's office")."""

from __future__ import annotations

import re
from typing import Any

from cityline.core.geo import fold
from cityline.core.models import current_jurisdiction
from cityline.directory.models import Department, PhoneKind

# Words around a department's name that say nothing about which one.
_FILLER = {
    "the",
    "a",
    "an",
    "of",
    "and",
    "to",
    "for",
    "i",
    "me",
    "my",
    "please",
    "want",
    "need",
    "would",
    "like",
    "talk",
    "speak",
    "call",
    "connect",
    "transfer",
    "department",
    "dept",
    "office",
    "division",
    "services",
    "service",
    "city",
    "s",
    "el",
    "la",
    "los",
    "las",
    "de",
    "del",
    "y",
    "con",
    "por",
    "favor",
    "quiero",
    "necesito",
    "hablar",
    "llamar",
    "comuniqueme",
    "departamento",
    "oficina",
    "servicios",
    "servicio",
    "ciudad",
    "municipal",
}
# Words that show a caller asks for a department rather than describing a problem.
_ASKS_FOR_OFFICE = re.compile(
    r"\b(?:department|dept|office|division|transfer|connect me|speak (?:to|with)|talk (?:to|with)|"
    r"departamento|oficina|comuniqueme|hablar con|transfiera)\b"
)


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", fold(text)) if w not in _FILLER}


# The directory changes when a pack is loaded (which bumps the city's catalog version); each
# process keeps it until then, as triage keeps its indexes.
_cached: dict[str, Any] = {"key": None, "departments": []}


def departments_with_phones() -> list[Department]:
    """The departments a caller can be put through to, in the directory's order."""
    city = current_jurisdiction()
    key = (city.pk, city.catalog_version, city.loaded_at) if city else None
    if _cached["key"] != key or key is None:
        _cached["departments"] = [
            d
            for d in Department.objects.filter(active=True).prefetch_related("phones").order_by("position", "name")
            if any(
                line.kind not in (PhoneKind.FAX, PhoneKind.TTY) and line.number.startswith("+")
                for line in d.phones.all()
            )
        ]
        _cached["key"] = key
    return _cached["departments"]


def _names(department: Department) -> list[str]:
    names = [department.name, *department.all_languages("name").values()]
    return [n for n in names if n]


def find_department(text: str, explicit: bool = False) -> Department | None:
    """The department ``text`` names, or None when it names none (or several equally).

    A full name ("city clerk", "obras públicas") scores highest, then a keyword said as a whole
    ("water", "agua"). With ``explicit``, the text must ask for an office ("transfer me to …",
    "the … department") or be the department's full name: "water" alone at the main menu is more
    likely a report (a water main break) than a request for the utility's front desk.
    """
    said = _content_words(text)
    if not said:
        return None
    folded = " ".join(re.findall(r"[a-z0-9]+", fold(text)))
    asks_for_office = bool(_ASKS_FOR_OFFICE.search(folded))
    scored: list[tuple[float, int, Department]] = []
    for department in departments_with_phones():
        best = 0.0
        for name in _names(department):
            words = _content_words(name)
            if words and words <= said:
                best = max(best, 3 + len(words) - 0.1 * len(said - words))
            elif words and said <= words and len(said) >= max(1, len(words) - 1):
                best = max(best, 2.5)
        if not explicit or asks_for_office:
            for keyword in department.all_keywords():
                words = _content_words(keyword)
                if words and words <= said:
                    best = max(best, 1 + len(words) - 0.1 * len(said - words))
        if best:
            scored.append((best, -department.position, department))
    if not scored:
        return None
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    if explicit and not asks_for_office and scored[0][0] < 3:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    return scored[0][2]


def call_centre_department(number: str) -> Department | None:
    """The department whose lines include the call-centre number (the 311 centre), if the pack has one."""
    for department in departments_with_phones():
        if any(line.number == number for line in department.phones.all()):
            return department
    return None


def main_line(department: Department) -> str:
    lines = [line for line in department.phones.all() if line.number.startswith("+")]
    main = next((line for line in lines if line.kind == PhoneKind.MAIN), None)
    return (main or (lines[0] if lines else None)).number if lines else ""


def after_hours_line(department: Department) -> str:
    line = next((line for line in department.phones.all() if line.kind == PhoneKind.AFTER_HOURS), None)
    return line.number if line else ""
