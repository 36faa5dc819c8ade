"""Geometry helpers: GeoJSON shapes, distances on the ground, and address text folding."""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

from shapely import prepared
from shapely.geometry import shape

EARTH_RADIUS_M = 6_371_008.8


def geometry_of(geojson: dict[str, Any]) -> dict[str, Any]:
    """The geometry inside a GeoJSON Feature or FeatureCollection of one feature, or the geometry itself."""
    if geojson.get("type") == "Feature":
        return geojson["geometry"]
    if geojson.get("type") == "FeatureCollection" and len(geojson.get("features", [])) == 1:
        return geojson["features"][0]["geometry"]
    return geojson


def prepared_shape(geojson: dict[str, Any]):
    return prepared.prep(shape(geometry_of(geojson)))


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine): precise to well under a metre at city scale."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def bounding_box(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """(min_lat, min_lon, max_lat, max_lon) of a square around a point: a cheap index pre-filter."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlon = math.degrees(radius_m / (EARTH_RADIUS_M * max(math.cos(math.radians(lat)), 1e-6)))
    return lat - dlat, lon - dlon, lat + dlat, lon + dlon


def fold(text: str) -> str:
    """Lowercase without accents: "Solicitud de Información" → "solicitud de informacion"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


# Residents write "Street", "St." and "st"; address points are compared in one spelling.
_STREET_WORDS = {
    "street": "st",
    "avenue": "ave",
    "av": "ave",
    "boulevard": "blvd",
    "road": "rd",
    "drive": "dr",
    "lane": "ln",
    "place": "pl",
    "court": "ct",
    "terrace": "ter",
    "parkway": "pkwy",
    "highway": "hwy",
    "circle": "cir",
    "square": "sq",
    "north": "n",
    "south": "s",
    "east": "e",
    "west": "w",
    "first": "1st",
    "second": "2nd",
    "third": "3rd",
    "fourth": "4th",
    "fifth": "5th",
}


def normalize_address(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", fold(text))
    return " ".join(_STREET_WORDS.get(word, word) for word in words)
