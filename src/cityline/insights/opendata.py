"""Open data: the city's cases as CSV and GeoJSON, a data dictionary and a DCAT-US ``data.json``.

Public fields only. No requester (name, phone, e-mail, device), no assignee, no internal note, no
street address, no attribute answers (some are free text); the description only when the city's
pack turns it on (``policy.open_data_descriptions``), and then with phone numbers, e-mail
addresses and the requester's own name blanked out. Locations are moved to the centre of an H3
hexagon of about 0.1 km² (some 350 m across), so that a report cannot lead to a home.

Files are written to ``CITYLINE_OPEN_DATA_DIR`` (default ``var/open-data``) under a temporary name
and renamed when complete, so a download never gets half a file.
"""

from __future__ import annotations

import csv
import json
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import h3
import phonenumbers
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cityline.cases.models import Case, ClosingReason, Requester
from cityline.catalog.models import ServiceType
from cityline.core.models import current_jurisdiction
from cityline.directory.models import Department

# About 0.1 km² (H3 resolution 9): a few blocks, never one house.
SNAP_RESOLUTION = 9

CONTENT_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".geojson": "application/geo+json",
    ".json": "application/json",
}
FILES = ("cases.csv", "cases.geojson", "data-dictionary.csv", "data.json")


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    example: str = ""


DICTIONARY: tuple[Field, ...] = (
    Field(
        "case_number",
        "text",
        "The case number residents are given (10 digits; the last is a check digit).",
        "4829301756",
    ),
    Field("service_code", "text", "The service type's code (Open311 service_code).", "pothole"),
    Field("service_name", "text", "The service type's name.", "Pothole"),
    Field("department", "text", "The department the case was routed to.", "Public Works"),
    Field("status", "text", "open or closed (Open311).", "closed"),
    Field("detailed_status", "text", "new, acknowledged, in_progress, scheduled, on_hold or closed.", "closed"),
    Field(
        "requested_at",
        "datetime",
        "When the case was opened, in the city's time (ISO 8601 with offset).",
        "2026-04-12T09:14:00-05:00",
    ),
    Field(
        "due_at",
        "datetime",
        "When the city promised to finish (service level target, in business time).",
        "2026-04-15T09:14:00-05:00",
    ),
    Field("closed_at", "datetime", "When the case was closed; empty while open.", "2026-04-14T15:02:00-05:00"),
    Field("closing_reason", "text", "resolved, duplicate, referred, no_action or unable_to_locate.", "resolved"),
    Field(
        "closed_on_time",
        "boolean",
        "true if closed by the due time, false if later; empty while open and for duplicates.",
        "true",
    ),
    Field(
        "days_to_close",
        "number",
        "Calendar days from opening to closing, to 0.01; empty while open and for duplicates.",
        "2.24",
    ),
    Field("duplicate_of", "text", "For a case closed as a duplicate, the case number it was merged into.", ""),
    Field("channel", "text", "How it came in: phone, ivr, sms, web, open311 (apps), email, walk_in, internal.", "web"),
    Field("district", "text", "The city district code (from the city's map).", "downtown"),
    Field(
        "latitude",
        "number",
        "Latitude of the centre of the hexagon holding the reported spot (about 350 m across), not the spot itself.",
        "38.0601",
    ),
    Field("longitude", "number", "Longitude of that centre.", "-97.9299"),
    Field("location_cell", "text", "The H3 hexagon (resolution 9) holding the reported spot.", "892830828dbffff"),
    Field(
        "description",
        "text",
        "The resident's words, only where the city publishes them; phone numbers, e-mail addresses and the resident's name are blanked.",
        "",
    ),
)


def output_dir() -> Path:
    return Path(getattr(settings, "CITYLINE_OPEN_DATA_DIR", Path(settings.VAR_DIR) / "open-data"))


def published_file(name: str) -> Path | None:
    if name not in FILES:
        return None
    path = output_dir() / name
    return path if path.exists() else None


def available_files() -> list[dict]:
    found = []
    for name in FILES:
        path = published_file(name)
        if path:
            stat = path.stat()
            found.append(
                {
                    "name": name,
                    "url": reverse("insights:open_data_file", args=[name]),
                    "bytes": stat.st_size,
                    "modified": datetime.fromtimestamp(stat.st_mtime, tz=timezone.get_current_timezone()),
                }
            )
    return found


# --- scrubbing ----------------------------------------------------------------------------------

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def scrub(text: str, names: tuple[str, ...] = (), region: str = "US") -> str:
    """Blank e-mail addresses, phone numbers and the given names out of a resident's text."""
    text = EMAIL.sub("[e-mail]", text)
    for match in reversed(list(phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE))):
        text = text[: match.start] + "[phone]" + text[match.end :]
    # Long digit runs the phone matcher does not take (a number written oddly) go too.
    text = re.sub(r"\d[\d\s().-]{8,}\d", "[phone]", text)
    for name in names:
        if len(name) >= 2:
            text = re.sub(rf"\b{re.escape(name)}\b", "[name]", text, flags=re.IGNORECASE)
    return text


# --- rows ---------------------------------------------------------------------------------------


def snap(lat: float | None, lon: float | None, cache: dict) -> tuple[float | None, float | None, str]:
    if lat is None or lon is None:
        return None, None, ""
    cell = h3.latlng_to_cell(lat, lon, SNAP_RESOLUTION)
    centre = cache.get(cell)
    if centre is None:
        centre = cache[cell] = tuple(round(v, 5) for v in h3.cell_to_latlng(cell))
    return centre[0], centre[1], cell


def public_rows(with_descriptions: bool | None = None) -> Iterator[dict]:
    """Every case as its public open-data row (see DICTIONARY), oldest first."""
    city = current_jurisdiction()
    zone = city.zone if city else timezone.get_current_timezone()
    if with_descriptions is None:
        with_descriptions = bool(city and city.policy.get("open_data_descriptions", False))
    types = {s.pk: s for s in ServiceType.objects.all()}
    departments = {d.pk: d for d in Department.objects.all()}
    parents: dict[int, str] = {}
    centres: dict[str, tuple[float, float]] = {}
    fields = [
        "pk",
        "number",
        "service_type_id",
        "department_id",
        "status",
        "created_at",
        "sla_due_at",
        "closed_at",
        "closing_reason",
        "closed_on_time",
        "parent_id",
        "channel",
        "district",
        "lat",
        "lon",
    ]
    if with_descriptions:
        fields += ["description", "requester_id"]
    rows = Case.objects.order_by("created_at", "pk").values_list(*fields)
    for values in rows.iterator(chunk_size=5000):
        row = dict(zip(fields, values, strict=True))
        service = types[row["service_type_id"]]
        department = departments[row["department_id"]]
        lat, lon, cell = snap(row["lat"], row["lon"], centres)
        closed_at = row["closed_at"]
        duplicate = row["closing_reason"] == ClosingReason.DUPLICATE
        days = None
        if closed_at and not duplicate:
            days = round((closed_at - row["created_at"]).total_seconds() / 86400, 2)
        parent = ""
        if row["parent_id"]:
            parent = (
                parents.get(row["parent_id"])
                or Case.objects.filter(pk=row["parent_id"]).values_list("number", flat=True).first()
                or ""
            )
            parents[row["parent_id"]] = parent
        out = {
            "case_number": row["number"],
            "service_code": service.code,
            "service_name": service.name,
            "department": department.name,
            "status": "closed" if closed_at else "open",
            "detailed_status": row["status"],
            "requested_at": row["created_at"].astimezone(zone).isoformat(timespec="minutes"),
            "due_at": row["sla_due_at"].astimezone(zone).isoformat(timespec="minutes") if row["sla_due_at"] else "",
            "closed_at": closed_at.astimezone(zone).isoformat(timespec="minutes") if closed_at else "",
            "closing_reason": row["closing_reason"],
            "closed_on_time": ""
            if row["closed_on_time"] is None or duplicate
            else ("true" if row["closed_on_time"] else "false"),
            "days_to_close": days,
            "duplicate_of": parent,
            "channel": row["channel"],
            "district": row["district"],
            "latitude": lat,
            "longitude": lon,
            "location_cell": cell,
            "description": "",
        }
        if with_descriptions and row["description"]:
            names: tuple[str, ...] = ()
            if row["requester_id"]:
                requester = (
                    Requester.objects.filter(pk=row["requester_id"]).values_list("first_name", "last_name").first()
                )
                names = tuple(name for name in (requester or ()) if name)
            out["description"] = scrub(row["description"], names)
        yield out


# --- writing ------------------------------------------------------------------------------------


@dataclass
class ExportReport:
    cases: int
    directory: Path
    seconds: float


def export_open_data(directory: Path | None = None) -> ExportReport:
    """Write cases.csv, cases.geojson, data-dictionary.csv and data.json; returns what was written."""
    started = time.perf_counter()
    directory = Path(directory or output_dir())
    directory.mkdir(parents=True, exist_ok=True)
    names = [field.name for field in DICTIONARY]
    count = 0
    first_at = last_at = ""
    csv_tmp = directory / ".cases.csv.tmp"
    geo_tmp = directory / ".cases.geojson.tmp"
    with csv_tmp.open("w", newline="", encoding="utf-8") as csv_file, geo_tmp.open("w", encoding="utf-8") as geo_file:
        writer = csv.DictWriter(csv_file, fieldnames=names)
        writer.writeheader()
        geo_file.write('{"type": "FeatureCollection", "features": [\n')
        separator = ""
        for row in public_rows():
            writer.writerow({key: "" if value is None else value for key, value in row.items()})
            geometry = (
                {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]}
                if row["latitude"] is not None
                else None
            )
            properties = {key: value for key, value in row.items() if key not in ("latitude", "longitude")}
            geo_file.write(
                separator
                + json.dumps({"type": "Feature", "geometry": geometry, "properties": properties}, ensure_ascii=False)
            )
            separator = ",\n"
            count += 1
            first_at = first_at or row["requested_at"]
            last_at = row["requested_at"]
        geo_file.write("\n]}\n")
    os.replace(csv_tmp, directory / "cases.csv")
    os.replace(geo_tmp, directory / "cases.geojson")

    dictionary_tmp = directory / ".data-dictionary.csv.tmp"
    with dictionary_tmp.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["field", "type", "description", "example"])
        for field in DICTIONARY:
            writer.writerow([field.name, field.type, field.description, field.example])
    os.replace(dictionary_tmp, directory / "data-dictionary.csv")

    catalog_tmp = directory / ".data.json.tmp"
    catalog_tmp.write_text(json.dumps(catalog(first_at, last_at), indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(catalog_tmp, directory / "data.json")
    return ExportReport(count, directory, time.perf_counter() - started)


def catalog(first_at: str = "", last_at: str = "") -> dict:
    """The DCAT-US (Project Open Data v1.1) catalog describing the city's datasets."""
    city = current_jurisdiction()
    site = settings.SITE_URL
    name = city.name if city else "Cityline"
    email = (city.email if city and city.email else settings.DEFAULT_FROM_EMAIL) or "311@example.org"
    modified = (
        timezone.now().astimezone(city.zone if city else timezone.get_current_timezone()).isoformat(timespec="seconds")
    )
    license_url = getattr(settings, "CITYLINE_OPEN_DATA_LICENSE", "https://creativecommons.org/publicdomain/zero/1.0/")
    publisher = {"@type": "org:Organization", "name": name}
    contact = {"@type": "vcard:Contact", "fn": f"{name} 311", "hasEmail": f"mailto:{email}"}
    spatial = None
    if city:
        from shapely.geometry import shape

        from cityline.core.geo import geometry_of

        minx, miny, maxx, maxy = shape(geometry_of(city.boundary)).bounds
        spatial = f"{minx:.4f},{miny:.4f},{maxx:.4f},{maxy:.4f}"
    temporal = f"{first_at[:10]}/{last_at[:10]}" if first_at and last_at else None
    cases = {
        "@type": "dcat:Dataset",
        "identifier": f"{site}/open-data/cases",
        "title": f"{name} 311 service requests",
        "description": (
            "Every 311 service request (case) the city received: type, department, dates, status, whether it was "
            "closed within the promised time, and an approximate location (the centre of a hexagon about 350 m "
            "across). No personal data: no names, phone numbers, e-mail or street addresses."
        ),
        "keyword": ["311", "service requests", "city services", "Open311", "performance"],
        "modified": modified,
        "publisher": publisher,
        "contactPoint": contact,
        "accessLevel": "public",
        "license": license_url,
        "accrualPeriodicity": "R/P1D",
        "describedBy": f"{site}{reverse('insights:open_data_file', args=['data-dictionary.csv'])}",
        "describedByType": "text/csv",
        "landingPage": f"{site}{reverse('insights:performance')}",
        "language": ["en-US"],
        "theme": ["City services"],
        "distribution": [
            {
                "@type": "dcat:Distribution",
                "title": "Service requests (CSV)",
                "downloadURL": f"{site}{reverse('insights:open_data_file', args=['cases.csv'])}",
                "mediaType": "text/csv",
                "format": "CSV",
            },
            {
                "@type": "dcat:Distribution",
                "title": "Service requests (GeoJSON)",
                "downloadURL": f"{site}{reverse('insights:open_data_file', args=['cases.geojson'])}",
                "mediaType": "application/geo+json",
                "format": "GeoJSON",
            },
        ],
    }
    performance = {
        "@type": "dcat:Dataset",
        "identifier": f"{site}/open-data/performance",
        "title": f"{name} 311 performance by month",
        "description": "Requests opened and closed each month, the share closed on time and the median days to close.",
        "keyword": ["311", "performance", "service level"],
        "modified": modified,
        "publisher": publisher,
        "contactPoint": contact,
        "accessLevel": "public",
        "license": license_url,
        "accrualPeriodicity": "R/P1D",
        "landingPage": f"{site}{reverse('insights:performance')}",
        "distribution": [
            {
                "@type": "dcat:Distribution",
                "title": "Performance by month (CSV)",
                "downloadURL": f"{site}{reverse('insights:performance_csv', args=['monthly'])}",
                "mediaType": "text/csv",
                "format": "CSV",
            }
        ],
    }
    for dataset in (cases, performance):
        if spatial:
            dataset["spatial"] = spatial
        if temporal:
            dataset["temporal"] = temporal
    return {
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@id": f"{site}/data.json",
        "@type": "dcat:Catalog",
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "describedBy": "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
        "dataset": [cases, performance],
    }
