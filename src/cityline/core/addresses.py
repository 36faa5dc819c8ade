"""Address search: from what a resident types (or where they tapped on a map) to a known place.

Every channel that takes a location uses this: the web portal's address box, the phone line's
spoken address and the SMS conversation. The city's own address points (the pack's
``addresses.csv``, table ``core.AddressPoint``) come first; an outside geocoder can be named in the
settings for addresses the city's list does not have (``CITYLINE_GEOCODER``, see
docs/operations.md). Whatever a geocoder answers outside the city limits is dropped.

Typing is forgiving: "100 north main street", "100 N Main St." and "100 n mian st" all find
"100 N Main St": street words are abbreviated (``geo.normalize_address``) and the street name is
matched by near spelling (``rapidfuzz``).
"""

from __future__ import annotations

import json
import logging
import re
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from rapidfuzz import fuzz, process

from .geo import bounding_box, distance_m, normalize_address
from .models import AddressPoint, Jurisdiction, current_jurisdiction

logger = logging.getLogger(__name__)

_NUMBER_FIRST = re.compile(r"^(\d+[a-z]?)\s+(.*)$")


@dataclass(frozen=True)
class AddressMatch:
    address: str
    lat: float
    lon: float
    # "exact" (the address as typed), "street" (same street, nearest house number), "near"
    # (a near spelling), "geocoder" (from the outside geocoder), "nearest" (closest to a map point)
    quality: str
    distance_m: float | None = None


def _split(normalized: str) -> tuple[str, str]:
    match = _NUMBER_FIRST.match(normalized)
    return (match.group(1), match.group(2)) if match else ("", normalized)


# Street names of the loaded city, kept per process (a big city has tens of thousands).
_STREETS: dict[str, tuple[object, float, list[str]]] = {}
_STREETS_MAX_AGE = 600.0


def _streets() -> list[str]:
    city = current_jurisdiction()
    version = (city.pk, city.loaded_at) if city else None
    hit = _STREETS.get("streets")
    if hit and hit[0] == version and time.monotonic() - hit[1] < _STREETS_MAX_AGE:
        return hit[2]
    names = sorted({_split(n)[1] for n in AddressPoint.objects.values_list("normalized", flat=True).iterator()})
    _STREETS["streets"] = (version, time.monotonic(), names)
    return names


def forget_streets() -> None:
    _STREETS.clear()


def _house_number(text: str) -> int | None:
    digits = re.match(r"\d+", text)
    return int(digits.group()) if digits else None


def search_address_points(text: str, limit: int = 5) -> list[AddressMatch]:
    """The city's address points that best fit ``text``, best first (at most ``limit``)."""
    normalized = normalize_address(text or "")
    if len(normalized) < 3:
        return []
    exact = AddressPoint.objects.filter(normalized=normalized).first()
    if exact is not None:
        return [AddressMatch(exact.address, exact.lat, exact.lon, "exact")]
    number, street = _split(normalized)
    if not street:
        return []
    # Loose on purpose: near spellings are only offered to choose from, never taken silently.
    streets = process.extract(street, _streets(), scorer=fuzz.WRatio, score_cutoff=70, limit=3)
    if not streets:
        return []
    found: list[AddressMatch] = []
    for name, _score, _ in streets:
        if number:
            row = AddressPoint.objects.filter(normalized=f"{number} {name}").first()
            if row is not None:
                found.append(AddressMatch(row.address, row.lat, row.lon, "near"))
                continue
        # Same street, house numbers closest to the one typed (or the first few without one).
        rows = list(AddressPoint.objects.filter(normalized__endswith=f" {name}")[:2000])
        rows = [r for r in rows if _split(r.normalized)[1] == name]
        wanted = _house_number(number) if number else None
        if wanted is not None:
            rows.sort(key=lambda r: abs((_house_number(_split(r.normalized)[0]) or 0) - wanted))
        found.extend(AddressMatch(r.address, r.lat, r.lon, "street") for r in rows[:limit])
        if len(found) >= limit:
            break
    return found[:limit]


def nearest_address(lat: float, lon: float, within_m: float = 150.0) -> AddressMatch | None:
    """The address point closest to a map point, if one is within ``within_m`` metres."""
    min_lat, min_lon, max_lat, max_lon = bounding_box(lat, lon, within_m)
    best: AddressMatch | None = None
    for row in AddressPoint.objects.filter(lat__range=(min_lat, max_lat), lon__range=(min_lon, max_lon))[:500]:
        distance = distance_m(lat, lon, row.lat, row.lon)
        if distance <= within_m and (best is None or distance < best.distance_m):
            best = AddressMatch(row.address, row.lat, row.lon, "nearest", round(distance, 1))
    return best


# --- an outside geocoder, for production ----------------------------------------------------------


class Geocoder:
    """Finds addresses the city's list does not have. Subclasses answer ``lookup(text, city)``."""

    def lookup(self, text: str, city: Jurisdiction) -> list[AddressMatch]:  # pragma: no cover - interface
        raise NotImplementedError


class CensusGeocoder(Geocoder):
    """The U.S. Census Bureau's free one-line address geocoder (no key needed)."""

    def __init__(self, url: str, timeout: float = 4.0) -> None:
        self.url = url
        self.timeout = timeout

    def lookup(self, text: str, city: Jurisdiction) -> list[AddressMatch]:
        query = urllib.parse.urlencode(
            {"address": f"{text}, {city.short_name}, {city.state}", "benchmark": "Public_AR_Current", "format": "json"}
        )
        with urllib.request.urlopen(f"{self.url}?{query}", timeout=self.timeout) as response:
            data = json.load(response)
        matches = []
        for item in data.get("result", {}).get("addressMatches", []):
            coordinates = item.get("coordinates", {})
            try:
                lat, lon = float(coordinates["y"]), float(coordinates["x"])
            except (KeyError, TypeError, ValueError):
                continue
            matches.append(AddressMatch(item.get("matchedAddress", text), lat, lon, "geocoder"))
        return matches


def configured_geocoder() -> Geocoder | None:
    name = getattr(settings, "CITYLINE_GEOCODER", "")
    if name == "census":
        return CensusGeocoder(settings.CITYLINE_GEOCODER_URL)
    return None


def find_address(text: str, limit: int = 5) -> list[AddressMatch]:
    """Address points first; then the outside geocoder, if one is set, keeping only places inside
    the city. A geocoder that fails or is slow is logged and skipped, never shown to the resident."""
    found = search_address_points(text, limit)
    if found:
        return found
    geocoder = configured_geocoder()
    city = current_jurisdiction()
    if geocoder is None or city is None or len((text or "").strip()) < 5:
        return []
    try:
        answers = geocoder.lookup(text.strip(), city)
    except Exception:  # a network error, a timeout, an unexpected answer: all the same to a resident
        logger.warning("geocoder lookup failed for an address search", exc_info=True)
        return []
    return [match for match in answers if city.contains(match.lat, match.lon)][:limit]
