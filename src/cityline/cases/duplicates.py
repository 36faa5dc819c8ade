"""Possible duplicates: open cases of the same type, near the same place, reported recently."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from cityline.catalog.models import ServiceType
from cityline.core.geo import bounding_box, distance_m

from .models import OPEN_STATUSES, Case


@dataclass(frozen=True)
class Candidate:
    case: Case
    distance_m: float
    age: timedelta


def find_duplicates(
    service_type: ServiceType,
    lat: float,
    lon: float,
    *,
    at: datetime | None = None,
    exclude: Case | None = None,
    limit: int = 5,
) -> list[Candidate]:
    """Open cases of ``service_type`` within its duplicate radius and window, nearest first.

    A bounding box on the indexed columns narrows the rows; the exact ground distance decides.
    """
    at = at or timezone.now()
    radius = service_type.duplicate_radius_m
    min_lat, min_lon, max_lat, max_lon = bounding_box(lat, lon, radius)
    rows = (
        Case.objects.filter(
            service_type=service_type,
            status__in=OPEN_STATUSES,
            parent__isnull=True,
            lat__range=(min_lat, max_lat),
            lon__range=(min_lon, max_lon),
            created_at__gte=at - timedelta(days=service_type.duplicate_window_days),
            created_at__lte=at,
        )
        .select_related("service_type", "department")
        .order_by("-created_at")[:200]
    )
    found = []
    for case in rows:
        if exclude is not None and case.pk == exclude.pk:
            continue
        distance = distance_m(lat, lon, case.lat, case.lon)
        if distance <= radius:
            found.append(Candidate(case, distance, at - case.created_at))
    found.sort(key=lambda c: (round(c.distance_m / 10), c.age))
    return found[:limit]
