"""Finding service requests for GET requests: the spec's filters and Cityline's extensions.

Every list is built for millions of cases: it filters on indexed columns (created_at, updated_at,
status, service type), never counts unless a client asks for pages, and reads each page's cases
with their public history in a fixed number of queries (``Case.objects.for_public()``).

A list is found in two steps: which cases, in order (their ids and last change only, a narrow read
of the indexed rows), then the cases themselves for those whose document a process does not hold
yet (``documents.requests``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import CharField, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.utils import timezone

from cityline.cases.models import Attachment, Case, Status
from cityline.catalog.models import ServiceType

from .forms import DEFAULT_RADIUS_M, DEFAULT_WINDOW, MAX_RESULTS

METRES_PER_DEGREE_LAT = 110_574.0
METRES_PER_DEGREE_LON_AT_EQUATOR = 111_320.0


class UnknownServiceCode(ValueError):
    pass


@dataclass
class Page:
    # (id, number, updated_at) of each case, in the list's order; updated_at as the database writes
    # it (turning a thousand of them into datetimes cost more than the rest of a kept list).
    found: list[tuple[int, str, str]]
    page: int
    page_size: int
    total: int | None  # counted only when the client pages


def find_requests(filters: dict[str, Any], *, count: bool = False, now: datetime | None = None) -> Page:
    """The cases a GET requests call asks for, most recent first (or by last change, for a sync)."""
    page = filters.get("page") or 1
    page_size = filters.get("page_size") or MAX_RESULTS
    ids = filters.get("service_request_id") or []
    cases = Case.objects.all()
    if ids:
        # The spec: a list of ids overrides every other filter.
        cases = cases.filter(number__in=ids).order_by("-created_at", "pk")
    else:
        cases = _filtered(cases, filters, now or timezone.now())
    total = cases.count() if count else None
    start = (page - 1) * page_size
    chosen = list(
        cases.values_list("pk", "number", Cast("updated_at", output_field=CharField()))[start : start + page_size]
    )
    return Page(chosen, page, page_size, total)


def load_public(ids: list[int]) -> list[Case]:
    """The cases with these ids, with everything ``Case.public()`` reads (any order)."""
    return list(Case.objects.filter(pk__in=ids).for_public())


def _filtered(cases: QuerySet, filters: dict[str, Any], now: datetime) -> QuerySet:
    codes = filters.get("service_code") or []
    if codes:
        known = dict(ServiceType.objects.filter(code__in=codes).values_list("code", "pk"))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise UnknownServiceCode(", ".join(unknown))
        cases = cases.filter(service_type_id__in=known.values())  # by id: no join on every case
    statuses = set(filters.get("status") or [])
    if statuses == {"open"}:
        cases = cases.exclude(status=Status.CLOSED)
    elif statuses == {"closed"}:
        cases = cases.filter(status=Status.CLOSED)

    start, end = filters.get("start_date"), filters.get("end_date")
    after, before = filters.get("updated_after"), filters.get("updated_before")
    syncing = bool(after or before)
    if start or end or not syncing:
        # The spec's default window: the most recent 90 days, or 90 days from whichever end is given.
        if start and not end:
            end = start + DEFAULT_WINDOW
        elif end and not start:
            start = end - DEFAULT_WINDOW
        elif not start:
            end, start = now, now - DEFAULT_WINDOW
        cases = cases.filter(created_at__gte=start, created_at__lte=end)
    if after:
        cases = cases.filter(updated_at__gt=after)
    if before:
        cases = cases.filter(updated_at__lte=before)

    if filters.get("lat") is not None:
        cases = _within_radius(cases, filters["lat"], filters["long"], filters.get("radius") or DEFAULT_RADIUS_M)
    if filters.get("bbox"):
        west, south, east, north = filters["bbox"]
        cases = cases.filter(lon__gte=west, lon__lte=east, lat__gte=south, lat__lte=north)
    if filters.get("q"):
        words = filters["q"].split()
        for word in words[:8]:
            cases = cases.filter(Q(description__icontains=word) | Q(address__icontains=word))
    # A sync (updated_after / updated_before) reads oldest change first, so the last
    # updated_datetime it saw is where the next call starts.
    return cases.order_by("updated_at", "pk") if syncing else cases.order_by("-created_at", "-pk")


def _within_radius(cases: QuerySet, lat: float, lon: float, radius: float) -> QuerySet:
    """Cases within ``radius`` metres. A box first (indexed columns), then the distance on a local
    flat projection: at city scale it is within a fraction of a percent of the great-circle one,
    and it is plain arithmetic that SQLite and PostgreSQL both do."""
    per_lon = METRES_PER_DEGREE_LON_AT_EQUATOR * max(math.cos(math.radians(lat)), 0.01)
    dlat, dlon = radius / METRES_PER_DEGREE_LAT, radius / per_lon
    north_south = (F("lat") - Value(lat)) * Value(METRES_PER_DEGREE_LAT)
    east_west = (F("lon") - Value(lon)) * Value(per_lon)
    return (
        cases.filter(lat__gte=lat - dlat, lat__lte=lat + dlat, lon__gte=lon - dlon, lon__lte=lon + dlon)
        .alias(distance_squared=north_south * north_south + east_west * east_west)
        .filter(distance_squared__lte=radius * radius)
    )


def find_one(number: str) -> Case | None:
    """The case numbered ``number`` with its type, department and parent joined; its public history
    is read only if ``Case.public()`` is asked for (a document held by the process needs none)."""
    case = (
        Case.objects.select_related("service_type", "department", "parent")
        .annotate(has_public_photos=Exists(Attachment.objects.filter(case=OuterRef("pk"), public=True)))
        .filter(number=number)[:1]
    )
    # Numbers are unique: a slice, not first(), which would order by pk (a sort to compile and run).
    case = next(iter(case), None)
    if case is not None and not case.has_public_photos:
        # Most reports have no photo: asked in the same query, it saves ``public()`` a round trip.
        case.public_attachments = []
    return case
