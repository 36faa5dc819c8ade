"""What each Open311 resource says: services, definitions, requests, updates, discovery.

Builds plain structures in the spec's field order for ``render``. A request is always built from
``Case.public()``, the one public form of a case, so no requester data can reach a response.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cityline.cases.models import Case, PublicCase
from cityline.catalog.models import AfterHours, ServiceType
from cityline.core.i18n import pick
from cityline.core.models import Jurisdiction

from .render import fragment, prune, w3c

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"

# --- the catalog, cached per process for each catalog_version and language ---------------------
#
# Services and definitions change only when a pack is loaded (which bumps catalog_version) or a
# clerk edits the catalog in the admin (which does not): entries also expire after a minute so an
# admin edit shows without a restart.
CATALOG_TTL_SECONDS = 60.0
_catalog_lock = threading.Lock()
_catalog: dict[tuple[int, str], tuple[float, dict[str, Any]]] = {}


def catalog(city: Jurisdiction, language: str) -> dict[str, Any]:
    """``{"services": [...], "definitions": {code: definition}, "types": {code: ServiceType}}``."""
    key = (city.catalog_version, language)
    now = time.monotonic()
    hit = _catalog.get(key)
    if hit and now - hit[0] < CATALOG_TTL_SECONDS:
        return hit[1]
    built = _build_catalog(language)
    with _catalog_lock:
        if len(_catalog) > 32:
            _catalog.clear()
        _catalog[key] = (now, built)
    return built


def forget_catalog() -> None:
    _catalog.clear()


def _build_catalog(language: str) -> dict[str, Any]:
    types = list(
        ServiceType.objects.filter(active=True)
        .select_related("department")
        .prefetch_related("attributes")
        .order_by("position", "name")
    )
    services, definitions = [], {}
    for service_type in types:
        attributes = list(service_type.attributes.all())
        keywords = service_type.keywords.get(language) or service_type.keywords.get("en") or []
        services.append(
            {
                "service_code": service_type.code,
                "service_name": service_type.localized("name", language),
                "description": service_type.localized("description", language),
                "metadata": bool(attributes),
                "type": "realtime",
                "keywords": ", ".join(keywords),
                "group": service_type.localized("group", language),
            }
        )
        definitions[service_type.code] = {
            "service_code": service_type.code,
            "attributes": [
                _attribute(attribute, position, language)
                for position, attribute in enumerate(sorted(attributes, key=lambda a: (a.order, a.pk)), start=1)
            ],
        }
    return {"services": services, "definitions": definitions, "types": {t.code: t for t in types}}


def _attribute(attribute: Any, position: int, language: str) -> dict[str, Any]:
    return {
        "variable": attribute.variable,
        "code": str(attribute.code),
        "datatype": attribute.datatype,
        "required": bool(attribute.required and attribute.variable),
        "datatype_description": attribute.localized("datatype_description", language),
        "order": position,
        "description": attribute.localized("description", language),
        "values": [
            {"key": str(value["key"]), "name": pick(value.get("name"), language) or str(value["key"])}
            for value in attribute.values
        ],
    }


def emergency_notice(service_type: ServiceType, city: Jurisdiction, language: str) -> str:
    """What a report of an emergency-capable type answers: if anyone is in danger, dial 911."""
    notice = service_type.emergency_notice_text(language)
    if notice:
        return notice
    if service_type.after_hours == AfterHours.EMERGENCY:
        with translation.override(language):
            return gettext("If anyone is in danger, dial %(number)s now.") % {"number": city.emergency_number}
    return ""


# --- requests -------------------------------------------------------------------------------------


def request(case: PublicCase, zone: Any, *, extensions: bool = False) -> dict[str, Any]:
    """One service request in GeoReport v2 form; with ``extensions`` the detailed fields too."""
    document: dict[str, Any] = {
        "service_request_id": case.number,
        "status": case.status,
        "status_notes": case.status_notes,
        "service_name": case.service_name,
        "service_code": case.service_code,
        "description": case.description,
        "agency_responsible": case.department,
        "requested_datetime": w3c(case.requested_at, zone),
        "updated_datetime": w3c(case.updated_at, zone),
        "expected_datetime": w3c(case.expected_at, zone),
        "address": case.address,
        "lat": case.lat,
        "long": case.lon,
        "media_url": case.media[0] if case.media else "",
    }
    if extensions:
        document["extended_attributes"] = {
            "detailed_status": case.detailed_status,
            "department": case.department_slug,
            "channel": case.channel,
            "district": case.district,
            "closed_datetime": w3c(case.closed_at, zone),
            "closing_reason": case.closing_reason,
            "duplicate_of": case.duplicate_of,
            "media_urls": list(case.media),
        }
    return document


# Each case's document, written (JSON or XML) and kept per process by (case, updated_at): every
# change to a case goes through
# cases/actions.py, which moves updated_at, so a kept document is the current one. What does not
# move it (a service type or department renamed in the admin, a photo hidden) shows within
# REQUEST_TTL_SECONDS, as the catalog does. Apps poll the same newest cases again and again, so a
# list of 1,000 is mostly read from here, not built again.
REQUEST_TTL_SECONDS = 60.0
REQUEST_CACHE_SIZE = 20_000
_requests_lock = threading.Lock()
_requests: dict[tuple[Any, ...], tuple[float, bytes]] = {}


def _request_key(city: Jurisdiction, number: str, updated_at: Any, language: str, extensions: bool, fmt: str) -> tuple:
    return (number, updated_at, language, extensions, fmt, city.catalog_version)


def _kept(key: tuple, now: float) -> bytes | None:
    hit = _requests.get(key)
    return hit[1] if hit is not None and now - hit[0] < REQUEST_TTL_SECONDS else None


def _written(case: Case, city: Jurisdiction, language: str, extensions: bool, fmt: str) -> bytes:
    document = prune(request(case.public(language), city.zone, extensions=extensions))
    return fragment(document, fmt, xml_item="request")


def _keep(key: tuple, document: bytes, now: float) -> None:
    with _requests_lock:
        while len(_requests) >= REQUEST_CACHE_SIZE:
            _requests.pop(next(iter(_requests)))  # the oldest first
        _requests[key] = (now, document)


def forget_requests() -> None:
    _requests.clear()


def request_of(case: Case, city: Jurisdiction, language: str, *, extensions: bool = False, fmt: str) -> bytes:
    """``request(case.public(language))`` written in ``fmt`` (a list item), from the process's copy
    when the case has not changed."""
    key = _request_key(city, case.number, case.updated_at, language, extensions, fmt)
    now = time.monotonic()
    document = _kept(key, now)
    if document is None:
        document = _written(case, city, language, extensions, fmt)
        _keep(key, document, now)
    return document


def requests(
    found: list[tuple[int, str, str]],
    city: Jurisdiction,
    language: str,
    *,
    extensions: bool = False,
    fmt: str,
    load: Callable[[list[int]], Iterable[Case]],
) -> list[bytes]:
    """The documents of the cases ``found`` as (id, number, updated_at as the database writes it),
    in order, written in ``fmt`` as list items; ``load`` reads the cases (with their public
    history) whose document the process does not hold."""
    now = time.monotonic()
    keys = [_request_key(city, number, updated_at, language, extensions, fmt) for _, number, updated_at in found]
    documents = [_kept(key, now) for key in keys]
    missing = {pk: key for (pk, _, _), key, document in zip(found, keys, documents, strict=True) if document is None}
    if missing:
        built = {}
        for case in load(list(missing)):
            document = _written(case, city, language, extensions, fmt)
            # A change since the list was found shows the newer case, and is found again next time.
            _keep(missing[case.pk], document, now)
            built[case.pk] = document
        documents = [
            document if document is not None else built.get(pk)
            for (pk, _, _), document in zip(found, documents, strict=True)
        ]
    # A case deleted between the two reads is left out.
    return [document for document in documents if document is not None]


def updates(case: PublicCase, zone: Any) -> list[dict[str, Any]]:
    """The public history of a request, oldest first: what a follower or aggregator may show."""
    found, status = [], "open"
    for position, event in enumerate(case.history, start=1):
        if event.status:
            status = "closed" if event.status == "closed" else "open"
        found.append(
            {
                "update_id": f"{case.number}-{event.id or position}",
                "service_request_id": case.number,
                "status": status,
                "detailed_status": event.status,
                "kind": event.kind,
                "updated_datetime": w3c(event.at, zone),
                "description": event.note,
            }
        )
    return found


# --- discovery --------------------------------------------------------------------------------------


def discovery(city: Jurisdiction) -> dict[str, Any]:
    changed = w3c(city.loaded_at, city.zone) if city.loaded_at else ""
    contact = f"{city.name} 311: {city.phone_display}" + (f", {city.email}" if city.email else "")
    key_service = settings.OPEN311_KEY_SERVICE or (
        f"Ask {city.email or 'the 311 centre'} for an API key; it is needed to create requests."
    )
    return {
        "changeset": changed,
        "contact": contact,
        "key_service": key_service,
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": settings.SITE_URL + reverse("open311:root").rstrip("/"),
                "changeset": changed,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
