"""Search the service catalog by name, keywords, group and description (both languages at once).

Triage ranks service types for a resident's *description* of a problem; this is the plain search a
person types into a search box ("pothole", "bache", "streetlight").
"""

from __future__ import annotations

from dataclasses import dataclass

from cityline.core.search import TextIndex, cached_index

from .models import ServiceType


@dataclass(frozen=True)
class ServiceHit:
    service_type: ServiceType
    score: float
    coverage: float


def _texts(obj, field: str) -> str:
    return " ".join([getattr(obj, field) or "", *(obj.all_languages(field).values())])


def _build() -> TextIndex:
    index = TextIndex()
    for service in ServiceType.objects.filter(active=True):
        index.add(
            service.pk,
            [
                (_texts(service, "name"), 3.0),
                (" ".join(service.all_keywords()), 2.0),
                (_texts(service, "group"), 1.0),
                (_texts(service, "description"), 0.5),
            ],
        )
    return index.freeze()


def search_service_types(query: str, limit: int = 5) -> list[ServiceHit]:
    hits = cached_index("catalog.services", _build).search(query, limit)
    rows = ServiceType.objects.select_related("department").in_bulk([h.key for h in hits])
    return [ServiceHit(rows[h.key], h.score, h.coverage) for h in hits if h.key in rows]
