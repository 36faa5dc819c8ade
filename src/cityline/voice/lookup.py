"""What the phone line reads from the catalog and the directory, and finding the department a
caller names ("water", "agua", "the city clerk's office").

Every step of a call is a separate webhook, and most of them need the same rows: the service types
with their questions, the departments with their lines and dated hours. They change when a pack is
loaded (which bumps the city's catalog version) or when staff edit them in the admin (which does
not), so each process keeps what it read for the current catalog version, for at most
:data:`CACHE_SECONDS`: an admin edit is heard on the line within a minute, without a restart.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from cityline.catalog.models import ServiceType
from cityline.core.geo import fold
from cityline.core.models import current_jurisdiction
from cityline.directory.models import Department, PhoneKind

CACHE_SECONDS = 60.0
T = TypeVar("T")
_lock = threading.Lock()
_kept: dict[str, tuple[Any, float, Any]] = {}


def _for_this_catalog(name: str, build: Callable[[], T]) -> T:
    """``build()``, kept per process while the catalog version holds (at most CACHE_SECONDS)."""
    city = current_jurisdiction()
    key = (city.pk, city.catalog_version, city.loaded_at) if city else None
    now = time.monotonic()
    hit = _kept.get(name)
    if hit is not None and key is not None and hit[0] == key and now - hit[1] < CACHE_SECONDS:
        return hit[2]
    value = build()
    with _lock:
        _kept[name] = (key, now, value)
    return value


def forget() -> None:
    """Read the catalog and the directory afresh on the next request (tests; after an edit)."""
    with _lock:
        _kept.clear()


# --- the catalog -------------------------------------------------------------------------------


def _active_services() -> dict[str, ServiceType]:
    return {
        service.code: service
        for service in ServiceType.objects.filter(active=True)
        .select_related("department")
        .prefetch_related("attributes", "department__hours_exceptions")
        .order_by("position", "name")
    }


def active_services() -> dict[str, ServiceType]:
    """The active service types by code, in catalog order, each with its department and questions."""
    return _for_this_catalog("services", _active_services)


def active_service(code: str) -> ServiceType | None:
    return active_services().get(code)


def service(code: str) -> ServiceType:
    """The service type ``code``, even one made inactive during the call (ServiceType.DoesNotExist if gone)."""
    found = active_services().get(code)
    if found is None:
        found = ServiceType.objects.select_related("department").prefetch_related("attributes").get(code=code)
    return found


def groups(language: str) -> list[tuple[str, str]]:
    """(group in the city's first language, group in ``language``) of the active service types, in catalog order."""

    def build() -> list[tuple[str, str]]:
        seen: dict[str, str] = {}
        for found in active_services().values():
            seen.setdefault(found.group, found.localized("group", language))
        return list(seen.items())

    return _for_this_catalog(f"groups:{language}", build)


# --- the directory -----------------------------------------------------------------------------

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


class _Directory:
    """The departments a caller can be put through to, with the words of their names and keywords."""

    def __init__(self) -> None:
        self.departments = [
            d
            for d in Department.objects.filter(active=True)
            .prefetch_related("phones", "hours_exceptions")
            .order_by("position", "name")
            if any(
                line.kind not in (PhoneKind.FAX, PhoneKind.TTY) and line.number.startswith("+")
                for line in d.phones.all()
            )
        ]
        self.by_pk = {d.pk: d for d in self.departments}
        # Folded once here rather than for every department on every sentence a caller says.
        self.words = [
            (
                d,
                [w for w in (_content_words(name) for name in _names(d)) if w],
                [w for w in (_content_words(keyword) for keyword in d.all_keywords()) if w],
            )
            for d in self.departments
        ]


def _directory() -> _Directory:
    return _for_this_catalog("directory", _Directory)


def departments_with_phones() -> list[Department]:
    """The departments a caller can be put through to, in the directory's order (with their lines
    and dated hours)."""
    return _directory().departments


def department(pk: int) -> Department:
    """A department with its lines and dated hours (Department.DoesNotExist if it is gone)."""
    found = _directory().by_pk.get(pk)
    if found is None:
        found = Department.objects.prefetch_related("phones", "hours_exceptions").get(pk=pk)
    return found


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
    for found, names, keywords in _directory().words:
        best = 0.0
        for words in names:
            if words <= said:
                best = max(best, 3 + len(words) - 0.1 * len(said - words))
            elif said <= words and len(said) >= max(1, len(words) - 1):
                best = max(best, 2.5)
        if not explicit or asks_for_office:
            for words in keywords:
                if words <= said:
                    best = max(best, 1 + len(words) - 0.1 * len(said - words))
        if best:
            scored.append((best, -found.position, found))
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
