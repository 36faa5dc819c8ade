"""Search the directory: departments by name, description and keywords; staff and officials by title.

Used by the portal's one search box and the call-taker's screen. Both languages are indexed
together, so "obras publicas" finds Public Works whatever language the page is in.
"""

from __future__ import annotations

from dataclasses import dataclass

from cityline.core.search import TextIndex, cached_index

from .models import Contact, Department, ElectedOfficial


@dataclass(frozen=True)
class DepartmentHit:
    department: Department
    score: float
    coverage: float


@dataclass(frozen=True)
class ContactHit:
    """A staff contact or an elected official found by title (or name)."""

    department: Department
    contact: Contact | ElectedOfficial
    score: float
    coverage: float

    @property
    def is_official(self) -> bool:
        return isinstance(self.contact, ElectedOfficial)


def _texts(obj, field: str) -> str:
    return " ".join([getattr(obj, field) or "", *(obj.all_languages(field).values())])


def _build_departments() -> TextIndex:
    index = TextIndex()
    for department in Department.objects.filter(active=True):
        index.add(
            department.pk,
            [
                (_texts(department, "name"), 3.0),
                (" ".join(department.all_keywords()), 2.0),
                (_texts(department, "description"), 1.0),
            ],
        )
    return index.freeze()


def _build_contacts() -> TextIndex:
    index = TextIndex()
    for contact in Contact.objects.filter(department__active=True):
        index.add(("contact", contact.pk), [(_texts(contact, "title"), 3.0), (contact.name, 1.0)])
    for official in ElectedOfficial.objects.filter(department__active=True):
        index.add(
            ("official", official.pk),
            [(_texts(official, "title"), 3.0), (official.name, 2.0), (official.district, 1.0)],
        )
    return index.freeze()


def search_departments(query: str, limit: int = 5) -> list[DepartmentHit]:
    hits = cached_index("directory.departments", _build_departments).search(query, limit)
    rows = Department.objects.prefetch_related("phones").in_bulk([h.key for h in hits])
    return [DepartmentHit(rows[h.key], h.score, h.coverage) for h in hits if h.key in rows]


def search_contacts(query: str, limit: int = 5) -> list[ContactHit]:
    hits = cached_index("directory.contacts", _build_contacts).search(query, limit)
    contacts = Contact.objects.select_related("department").in_bulk(
        [k for kind, k in (h.key for h in hits) if kind == "contact"]
    )
    officials = ElectedOfficial.objects.select_related("department").in_bulk(
        [k for kind, k in (h.key for h in hits) if kind == "official"]
    )
    found = []
    for hit in hits:
        kind, pk = hit.key
        row = (contacts if kind == "contact" else officials).get(pk)
        if row is not None:
            found.append(ContactHit(row.department, row, hit.score, hit.coverage))
    return found
