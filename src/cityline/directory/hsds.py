"""The directory as an Open Referral HSDS 3.0 tabular data package (a zip of CSV files with a
``datapackage.json`` that describes them).

HSDS (Human Services Data Specification) is the standard that 211s, referral platforms and
aggregators read. The mapping: the city is the parent ``organization``; each department is an
``organization`` with one ``service`` (its public office); its office is a ``location`` with an
``address``; its lines are ``phone`` rows; its weekly hours are ``schedule`` rows (RFC 5545 style,
``freq=WEEKLY``); public office contacts and elected officials are ``contact`` rows. Ids are UUIDs
derived from the city and the department's slug, so they stay the same from one export to the next.

Only public office data is exported: no resident, no case.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
import zipfile
from datetime import datetime
from typing import Any

from cityline.core.calendar import DAY_NAMES, MINUTES_PER_DAY, format_minutes
from cityline.core.geo import normalize_address
from cityline.core.models import AddressPoint, Jurisdiction

from .models import Department, PhoneKind

HSDS_VERSION = "3.0"

# table → columns, in HSDS 3.0 order (the subset Cityline can fill).
TABLES: dict[str, list[str]] = {
    "organization": ["id", "name", "alternate_name", "description", "email", "website", "parent_organization_id"],
    "service": [
        "id",
        "organization_id",
        "name",
        "alternate_name",
        "description",
        "url",
        "email",
        "status",
        "interpretation_services",
        "assured_date",
        "assurer_email",
    ],
    "location": ["id", "location_type", "organization_id", "name", "description", "latitude", "longitude"],
    "service_at_location": ["id", "service_id", "location_id", "description"],
    "address": [
        "id",
        "location_id",
        "attention",
        "address_1",
        "address_2",
        "city",
        "region",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ],
    "phone": [
        "id",
        "location_id",
        "service_id",
        "organization_id",
        "contact_id",
        "number",
        "extension",
        "type",
        "description",
    ],
    "schedule": ["id", "service_id", "location_id", "freq", "wkst", "byday", "opens_at", "closes_at", "description"],
    "contact": ["id", "organization_id", "service_id", "name", "title", "department", "email"],
    "language": ["id", "service_id", "name", "code", "note"],
}

# Columns that point at another table's id: (table, column) → referenced table.
FOREIGN_KEYS: dict[tuple[str, str], str] = {
    ("organization", "parent_organization_id"): "organization",
    ("service", "organization_id"): "organization",
    ("location", "organization_id"): "organization",
    ("service_at_location", "service_id"): "service",
    ("service_at_location", "location_id"): "location",
    ("address", "location_id"): "location",
    ("phone", "location_id"): "location",
    ("phone", "service_id"): "service",
    ("phone", "organization_id"): "organization",
    ("phone", "contact_id"): "contact",
    ("schedule", "service_id"): "service",
    ("schedule", "location_id"): "location",
    ("contact", "organization_id"): "organization",
    ("contact", "service_id"): "service",
    ("language", "service_id"): "service",
}

_NUMBER_TYPES = {"latitude", "longitude"}
_DAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
_PHONE_TYPES = {PhoneKind.FAX: "fax", PhoneKind.TTY: "textphone"}
_LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
_US_ADDRESS = re.compile(r"^(?P<street>.+?),\s*(?P<city>[^,]+?),\s*(?P<state>[A-Z]{2})\s+(?P<zip>\d{5}(?:-\d{4})?)\s*$")


def _id(city: Jurisdiction, *parts: Any) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "cityline:" + ":".join([city.slug, *map(str, parts)])))


def _clock(minute: int) -> str:
    return "23:59" if minute >= MINUTES_PER_DAY else format_minutes(minute)


def _address_parts(text: str, city: Jurisdiction) -> dict[str, str]:
    match = _US_ADDRESS.match(text or "")
    if match:
        return {
            "address_1": match["street"],
            "city": match["city"],
            "state_province": match["state"],
            "postal_code": match["zip"],
        }
    return {"address_1": text, "city": city.short_name, "state_province": city.state, "postal_code": ""}


def directory_tables(city: Jurisdiction, site_url: str) -> dict[str, list[dict[str, Any]]]:
    """Every HSDS row of the directory, by table."""
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
    city_org = _id(city, "city")
    rows["organization"].append(
        {
            "id": city_org,
            "name": city.name,
            "description": f"{city.name} 311",
            "email": city.email,
            "website": city.website,
        }
    )
    departments = Department.objects.filter(active=True).prefetch_related("phones", "contacts", "officials")
    for department in departments:
        org = _id(city, "department", department.slug)
        service = _id(city, "service", department.slug)
        rows["organization"].append(
            {
                "id": org,
                "name": department.name,
                "alternate_name": " / ".join(
                    v for v in department.all_languages("name").values() if v != department.name
                ),
                "description": department.description,
                "email": department.email,
                "website": department.website,
                "parent_organization_id": _id(city, "department", department.parent.slug)
                if department.parent_id
                else city_org,
            }
        )
        rows["service"].append(
            {
                "id": service,
                "organization_id": org,
                "name": department.name,
                "description": department.description,
                "url": f"{site_url}/directory/{department.slug}/",
                "email": department.email,
                "status": "active",
                "interpretation_services": "Interpreters available through 311" if city.language_line else "",
                "assured_date": department.last_verified.isoformat(),
                "assurer_email": city.email,
            }
        )
        for code in city.languages:
            rows["language"].append(
                {
                    "id": _id(city, "language", department.slug, code),
                    "service_id": service,
                    "name": _LANGUAGE_NAMES.get(code, code),
                    "code": code,
                }
            )
        location = None
        if department.address:
            location = _id(city, "location", department.slug)
            point = AddressPoint.objects.filter(normalized=normalize_address(department.address)).first()
            rows["location"].append(
                {
                    "id": location,
                    "location_type": "physical",
                    "organization_id": org,
                    "name": department.name,
                    "latitude": point.lat if point else "",
                    "longitude": point.lon if point else "",
                }
            )
            rows["service_at_location"].append(
                {
                    "id": _id(city, "service_at_location", department.slug),
                    "service_id": service,
                    "location_id": location,
                }
            )
            rows["address"].append(
                {
                    "id": _id(city, "address", department.slug),
                    "location_id": location,
                    "country": city.country,
                    "address_type": "physical",
                    **_address_parts(department.address, city),
                }
            )
        for line in department.phones.all():
            rows["phone"].append(
                {
                    "id": _id(city, "phone", department.slug, line.pk),
                    "service_id": service,
                    "organization_id": org,
                    "number": line.number,
                    "type": _PHONE_TYPES.get(line.kind, "voice"),
                    "description": line.label,
                }
            )
        by_interval: dict[tuple[int, int], list[int]] = {}
        for number, intervals in enumerate(department.weekly_hours.days):
            for start, end in intervals:
                by_interval.setdefault((start, end), []).append(number)
        for (start, end), days in sorted(by_interval.items()):
            rows["schedule"].append(
                {
                    "id": _id(city, "schedule", department.slug, start, end, "".join(map(str, days))),
                    "service_id": service,
                    "location_id": location or "",
                    "freq": "WEEKLY",
                    "wkst": "MO",
                    "byday": ",".join(_DAY_CODES[d] for d in days),
                    "opens_at": _clock(start),
                    "closes_at": _clock(end),
                    "description": f"{', '.join(DAY_NAMES[d] for d in days)} {_clock(start)}-{_clock(end)} ({city.time_zone}); closed on city holidays",
                }
            )
        for contact in department.contacts.all():
            contact_id = _id(city, "contact", department.slug, contact.pk)
            rows["contact"].append(
                {
                    "id": contact_id,
                    "organization_id": org,
                    "service_id": service,
                    "name": contact.name,
                    "title": contact.title,
                    "department": department.name,
                    "email": contact.email,
                }
            )
            if contact.phone:
                rows["phone"].append(
                    {
                        "id": _id(city, "phone", "contact", contact.pk),
                        "contact_id": contact_id,
                        "number": contact.phone,
                        "type": "voice",
                        "description": contact.title,
                    }
                )
        for official in department.officials.all():
            contact_id = _id(city, "official", department.slug, official.pk)
            title = f"{official.title} ({official.district})" if official.district else official.title
            rows["contact"].append(
                {
                    "id": contact_id,
                    "organization_id": org,
                    "name": official.name,
                    "title": title,
                    "department": department.name,
                    "email": official.email,
                }
            )
            if official.phone:
                rows["phone"].append(
                    {
                        "id": _id(city, "phone", "official", official.pk),
                        "contact_id": contact_id,
                        "number": official.phone,
                        "type": "voice",
                        "description": title,
                    }
                )
    return rows


def datapackage(city: Jurisdiction, site_url: str, created: datetime) -> dict[str, Any]:
    resources = []
    for table, columns in TABLES.items():
        schema: dict[str, Any] = {
            "fields": [{"name": c, "type": "number" if c in _NUMBER_TYPES else "string"} for c in columns],
            "primaryKey": ["id"],
        }
        keys = [
            {"fields": [column], "reference": {"resource": target, "fields": ["id"]}}
            for (source, column), target in FOREIGN_KEYS.items()
            if source == table
        ]
        if keys:
            schema["foreignKeys"] = keys
        resources.append(
            {
                "name": table,
                "path": f"{table}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    return {
        "name": f"{city.slug}-directory",
        "title": f"{city.name}: city directory (Open Referral HSDS {HSDS_VERSION})",
        "profile": "tabular-data-package",
        "version": HSDS_VERSION,
        "created": created.isoformat(timespec="seconds"),
        "homepage": f"{site_url}/directory/",
        "resources": resources,
    }


def data_package_zip(city: Jurisdiction, site_url: str, created: datetime) -> bytes:
    """The whole directory as a zip: ``datapackage.json`` and one CSV per HSDS table."""
    tables = directory_tables(city, site_url)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "datapackage.json", json.dumps(datapackage(city, site_url, created), indent=2, ensure_ascii=False)
        )
        for table, columns in TABLES.items():
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=columns, extrasaction="raise", lineterminator="\n")
            writer.writeheader()
            for row in tables[table]:
                writer.writerow({column: row.get(column, "") for column in columns})
            archive.writestr(f"{table}.csv", text.getvalue())
    return buffer.getvalue()
