"""schema.org JSON-LD for directory pages: search engines and assistants read a department's lines
and hours from the page itself (GovernmentOrganization, ContactPoint, OpeningHoursSpecification)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from cityline.core.calendar import DAY_NAMES, MINUTES_PER_DAY, format_minutes
from cityline.core.models import Jurisdiction

from .models import Department, PhoneKind

_SCHEMA_DAYS = {
    "mon": "https://schema.org/Monday",
    "tue": "https://schema.org/Tuesday",
    "wed": "https://schema.org/Wednesday",
    "thu": "https://schema.org/Thursday",
    "fri": "https://schema.org/Friday",
    "sat": "https://schema.org/Saturday",
    "sun": "https://schema.org/Sunday",
}


def _clock(minute: int) -> str:
    # schema.org times are xsd:time; the end of the day is 23:59:59, not 24:00.
    return "23:59:59" if minute >= MINUTES_PER_DAY else f"{format_minutes(minute)}:00"


def opening_hours(department: Department) -> list[dict[str, Any]]:
    """One OpeningHoursSpecification per opening interval, days with the same hours together."""
    by_interval: dict[tuple[int, int], list[int]] = {}
    for number, intervals in enumerate(department.weekly_hours.days):
        for start, end in intervals:
            by_interval.setdefault((start, end), []).append(number)
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [_SCHEMA_DAYS[DAY_NAMES[n]] for n in days],
            "opens": _clock(start),
            "closes": _clock(end),
        }
        for (start, end), days in sorted(by_interval.items(), key=lambda item: (item[1][0], item[0]))
    ]


def special_hours(department: Department, start: date, days: int = 60) -> list[dict[str, Any]]:
    """Holidays, closures and dated exceptions in the next ``days``: closed days open and close at
    midnight, as schema.org asks."""
    calendar = department.calendar
    found = []
    for day, override in calendar.overrides.holidays_between(start, start + timedelta(days=days)):
        intervals = calendar.intervals_on(day)
        entries = intervals or [(0, 0)]
        for opens, closes in entries:
            found.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "validFrom": day.isoformat(),
                    "validThrough": day.isoformat(),
                    "opens": _clock(opens) if intervals else "00:00:00",
                    "closes": _clock(closes) if intervals else "00:00:00",
                    "description": override.reason,
                }
            )
    return found


def department_jsonld(
    department: Department, city: Jurisdiction, url: str, language: str, today: date
) -> dict[str, Any]:
    hours = opening_hours(department)
    contact_points = []
    for line in department.phones.all():
        if line.kind == PhoneKind.FAX:
            continue
        point: dict[str, Any] = {
            "@type": "ContactPoint",
            "telephone": line.number,
            "contactType": line.localized("label", language),
            "availableLanguage": list(city.languages),
            "areaServed": city.localized("name", language),
        }
        if line.kind != PhoneKind.AFTER_HOURS and hours:
            point["hoursAvailable"] = hours
        contact_points.append(point)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "@id": url,
        "url": url,
        "name": department.localized("name", language),
        "description": department.localized("description", language),
        "parentOrganization": {
            "@type": "GovernmentOrganization",
            "name": city.localized("name", language),
            **({"url": city.website} if city.website else {}),
        },
        "contactPoint": contact_points,
        "areaServed": {"@type": "City", "name": city.localized("short_name", language), "containedInPlace": city.state},
    }
    main = department.main_phone
    if main is not None:
        data["telephone"] = main.number
    fax = next((line for line in department.phones.all() if line.kind == PhoneKind.FAX), None)
    if fax is not None:
        data["faxNumber"] = fax.number
    if department.email:
        data["email"] = department.email
    if department.website:
        data["sameAs"] = department.website
    if department.address:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": department.address,
            "addressRegion": city.state,
            "addressCountry": city.country,
        }
        data["location"] = {
            "@type": "GovernmentOffice",
            "name": department.localized("name", language),
            "address": data["address"],
            "openingHoursSpecification": hours,
            "specialOpeningHoursSpecification": special_hours(department, today),
        }
    members = [
        {"@type": "Person", "name": official.name, "jobTitle": official.localized("title", language)}
        for official in department.officials.all()
    ]
    if members:
        data["member"] = members
    return data
