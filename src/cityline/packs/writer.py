"""Writing a checked pack to the database.

Rows are matched by their natural keys (slug, code, language + slug, parent + position) against
what the database already holds, read once per table; new rows are inserted and changed rows
updated in bulk, so a first load of a city is a few dozen queries and a reload that changes nothing
writes nothing. The change log says exactly what a load did. Rows that cases still refer to are
deactivated, never deleted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from cityline.catalog.models import Attribute, ServiceType
from cityline.core.geo import normalize_address
from cityline.core.i18n import pick
from cityline.core.models import AddressPoint, Closure, District, Jurisdiction, forget_current_jurisdiction
from cityline.directory.models import Contact, Department, DepartmentHoursException, ElectedOfficial, PhoneLine
from cityline.knowledge.models import Article

from .checks import PackContents, PackInvalid
from .reader import Problem


@dataclass
class ChangeLog:
    """What a load changed, for the person who ran it."""

    lines: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    def note(self, action: str, kind: str, label: str, detail: str = "") -> None:
        self.counts[action] += 1
        self.lines.append(f"{action:<11} {kind} {label}{': ' + detail if detail else ''}".rstrip())

    @property
    def changed(self) -> bool:
        return bool(self.lines)

    def summary(self) -> str:
        if not self.lines:
            return "no changes"
        return ", ".join(f"{n} {action}" for action, n in sorted(self.counts.items()))


class _Table:
    """The rows of one model a pack describes, matched by natural key and written in bulk."""

    def __init__(self, model: type[models.Model], key: Callable[[Any], Hashable], rows, log: ChangeLog, kind: str):
        self.model, self.log, self.kind = model, log, kind
        self.existing = {key(row): row for row in rows}
        self.seen: set[Hashable] = set()
        self.new: list[models.Model] = []
        self.updates: dict[tuple[str, ...], list[models.Model]] = defaultdict(list)

    def want(self, key: Hashable, values: dict[str, Any], label: str) -> models.Model:
        self.seen.add(key)
        row = self.existing.get(key)
        if row is None:
            row = self.model(**values)
            self.new.append(row)
            self.log.note("added", self.kind, label)
            return row
        changed = tuple(name for name, value in values.items() if getattr(row, name) != value)
        if changed:
            for name in changed:
                setattr(row, name, values[name])
            self.updates[changed].append(row)
            self.log.note("changed", self.kind, label, ", ".join(changed))
        return row

    def flush(self) -> None:
        self.model.objects.bulk_create(self.new, batch_size=500)
        for fields, rows in self.updates.items():
            self.model.objects.bulk_update(rows, list(fields), batch_size=500)
        self.new, self.updates = [], defaultdict(list)

    def leftovers(self) -> list[tuple[Hashable, models.Model]]:
        return [(key, row) for key, row in self.existing.items() if key not in self.seen]

    def delete_leftovers(self, label: Callable[[Hashable], str]) -> None:
        gone = self.leftovers()
        if gone:
            self.model.objects.filter(pk__in=[row.pk for _, row in gone]).delete()
            for key, _ in gone:
                self.log.note("removed", self.kind, label(key))


def _texts(texts: dict[str, str] | None, languages: list[str]) -> str:
    """The column value: the text in the city's first language."""
    return pick(texts or {}, languages[0], languages[0])


def _translations(languages: list[str], **fields: dict[str, str] | None) -> dict[str, dict[str, str]]:
    result: dict[str, dict[str, str]] = {}
    for name, texts in fields.items():
        for language, text in (texts or {}).items():
            result.setdefault(language, {})[name] = text
    return {language: result[language] for language in languages if language in result}


def _retire(row, log: ChangeLog, kind: str, label: str) -> None:
    """Delete a row the pack no longer has, or deactivate it if cases (or others) still refer to it."""
    try:
        with transaction.atomic():
            row.delete()
        log.note("removed", kind, label)
    except ProtectedError:
        if getattr(row, "active", False):
            row.active = False
            row.save(update_fields=["active"])
            log.note("deactivated", kind, label, "still referred to, so kept")


def apply_pack(pack: PackContents) -> ChangeLog:
    """Write a checked pack in the caller's transaction and return what changed."""
    log = ChangeLog()
    languages = pack.city.languages
    other = Jurisdiction.objects.exclude(slug=pack.city.slug).first()
    if other is not None:
        raise PackInvalid(
            [
                Problem(
                    "city.yaml",
                    None,
                    "slug",
                    f'this database already serves {other.name} ("{other.slug}"); Cityline serves one city per '
                    "database: use a new database for another city",
                )
            ]
        )
    jurisdiction = _write_city(pack, languages, log)
    _write_addresses(jurisdiction, pack.addresses, log)
    departments = _write_departments(pack, languages, log)
    services = _write_services(pack, languages, departments, log)
    _write_articles(pack, departments, services, log)
    if log.changed:
        jurisdiction.catalog_version += 1
        jurisdiction.pack_source = str(pack.source)
        jurisdiction.loaded_at = timezone.now()
        jurisdiction.save(update_fields=["catalog_version", "pack_source", "loaded_at"])
    forget_current_jurisdiction()
    return log


def _write_city(pack: PackContents, languages: list[str], log: ChangeLog) -> Jurisdiction:
    city = pack.city
    table = _Table(Jurisdiction, lambda j: j.slug, Jurisdiction.objects.filter(slug=city.slug), log, "city")
    jurisdiction = table.want(
        city.slug,
        {
            "slug": city.slug,
            "name": _texts(city.name, languages),
            "short_name": _texts(city.short_name, languages),
            "translations": _translations(
                languages, name=city.name, short_name=city.short_name, phone_notes=city.phone.notes
            ),
            "state": city.state,
            "country": city.country,
            "jurisdiction_id": city.jurisdiction_id or city.slug,
            "time_zone": city.time_zone,
            "languages": languages,
            "short_code": city.phone.short_code,
            "phone": city.phone.outside,
            "call_centre_phone": city.phone.call_centre or "",
            "language_line": city.phone.language_line or "",
            "tty": city.phone.tty or "",
            "emergency_number": city.emergency.number,
            "psap_name": city.emergency.psap,
            "website": city.website or "",
            "email": city.email or "",
            "address": city.address or "",
            "hours": city.hours,
            "holiday_country": city.holidays.country,
            "holiday_subdivision": city.holidays.subdivision or "",
            "holiday_observe": city.holidays.observe,
            "holiday_skip": city.holidays.skip,
            "holiday_names": city.holidays.names,
            "center_lat": city.center.lat,
            "center_lon": city.center.lon,
            "boundary": pack.boundary,
            "policy": city.policy.model_dump(),
        },
        city.slug,
    )
    table.flush()
    closures = _Table(Closure, lambda c: c.date, jurisdiction.closures.all(), log, "closure")
    for closure in city.holidays.closures:
        closures.want(
            closure.date,
            {
                "jurisdiction_id": jurisdiction.pk,
                "date": closure.date,
                "name": _texts(closure.name, languages),
                "hours": closure.hours,
                "translations": _translations(languages, name=closure.name),
            },
            f"{closure.date}",
        )
    closures.flush()
    closures.delete_leftovers(str)
    districts = _Table(District, lambda d: d.code, jurisdiction.districts.all(), log, "district")
    for district in pack.districts:
        districts.want(
            district.code,
            {
                "jurisdiction_id": jurisdiction.pk,
                "code": district.code,
                "name": _texts(district.name, languages),
                "geometry": district.geometry,
                "translations": _translations(languages, name=district.name),
            },
            district.code,
        )
    districts.flush()
    districts.delete_leftovers(str)
    return jurisdiction


def _write_addresses(jurisdiction: Jurisdiction, rows: list[tuple[str, float, float]], log: ChangeLog) -> None:
    wanted: dict[str, tuple[str, float, float]] = {}
    for address, lat, lon in rows:
        wanted.setdefault(normalize_address(address), (address, lat, lon))
    existing = {
        normalized: (pk, (address, lat, lon))
        for pk, normalized, address, lat, lon in AddressPoint.objects.filter(jurisdiction=jurisdiction).values_list(
            "pk", "normalized", "address", "lat", "lon"
        )
    }
    new = [key for key in wanted if key not in existing]
    gone = [existing[key][0] for key in existing if key not in wanted]
    moved = [key for key in wanted if key in existing and existing[key][1] != wanted[key]]
    AddressPoint.objects.bulk_create(
        [
            AddressPoint(
                jurisdiction=jurisdiction,
                normalized=key,
                address=wanted[key][0],
                lat=wanted[key][1],
                lon=wanted[key][2],
            )
            for key in new
        ],
        batch_size=500,
    )
    AddressPoint.objects.filter(pk__in=gone).delete()
    for key in moved:
        address, lat, lon = wanted[key]
        AddressPoint.objects.filter(pk=existing[key][0]).update(address=address, lat=lat, lon=lon)
    for action, items in (("added", new), ("removed", gone), ("changed", moved)):
        if items:
            log.note(action, "address points", f"({len(items)})")


def _write_departments(pack: PackContents, languages: list[str], log: ChangeLog) -> dict[str, Department]:
    table = _Table(Department, lambda d: d.slug, Department.objects.all(), log, "department")
    departments: dict[str, Department] = {}
    for position, spec in enumerate(pack.departments):
        departments[spec.slug] = table.want(
            spec.slug,
            {
                "slug": spec.slug,
                "name": _texts(spec.name, languages),
                "description": _texts(spec.description, languages),
                "translations": _translations(languages, name=spec.name, description=spec.description),
                "keywords": spec.keywords,
                "email": spec.email or "",
                "address": spec.address or "",
                "website": spec.website or "",
                "hours": spec.hours,
                "last_verified": spec.last_verified,
                "active": spec.active,
                "position": position,
            },
            spec.slug,
        )
    existed = set(table.existing)
    table.flush()
    # Parents are set once every department has its id.
    reparented = []
    for spec in pack.departments:
        department = departments[spec.slug]
        parent_id = departments[spec.parent].pk if spec.parent else None
        if department.parent_id != parent_id:
            department.parent_id = parent_id
            reparented.append(department)
            if spec.slug in existed:
                log.note("changed", "department", spec.slug, "parent")
    Department.objects.bulk_update(reparented, ["parent"])

    by_position = lambda row: (row.department_id, row.position)  # noqa: E731
    phones = _Table(PhoneLine, by_position, PhoneLine.objects.all(), log, "phone line")
    contacts = _Table(Contact, by_position, Contact.objects.all(), log, "contact")
    officials = _Table(ElectedOfficial, by_position, ElectedOfficial.objects.all(), log, "official")
    exceptions = _Table(
        DepartmentHoursException,
        lambda e: (e.department_id, e.date),
        DepartmentHoursException.objects.all(),
        log,
        "hours exception",
    )
    for spec in pack.departments:
        owner = departments[spec.slug].pk
        for i, phone in enumerate(spec.phones):
            phones.want(
                (owner, i),
                {
                    "department_id": owner,
                    "position": i,
                    "label": _texts(phone.label, languages),
                    "number": phone.number,
                    "kind": phone.kind,
                    "translations": _translations(languages, label=phone.label),
                },
                f"{spec.slug} #{i + 1}",
            )
        for i, contact in enumerate(spec.contacts):
            contacts.want(
                (owner, i),
                {
                    "department_id": owner,
                    "position": i,
                    "title": _texts(contact.title, languages),
                    "name": contact.name or "",
                    "phone": contact.phone or "",
                    "email": contact.email or "",
                    "translations": _translations(languages, title=contact.title),
                },
                f"{spec.slug} #{i + 1}",
            )
        for i, official in enumerate(spec.officials):
            officials.want(
                (owner, i),
                {
                    "department_id": owner,
                    "position": i,
                    "name": official.name,
                    "title": _texts(official.title, languages),
                    "district": official.district or "",
                    "phone": official.phone or "",
                    "email": official.email or "",
                    "website": official.website or "",
                    "translations": _translations(languages, title=official.title),
                },
                f"{spec.slug} #{i + 1}",
            )
        for exception in spec.hours_exceptions:
            exceptions.want(
                (owner, exception.date),
                {
                    "department_id": owner,
                    "date": exception.date,
                    "hours": exception.hours,
                    "reason": _texts(exception.reason, languages),
                    "translations": _translations(languages, reason=exception.reason),
                },
                f"{spec.slug} {exception.date}",
            )
    slug_of = {department.pk: slug for slug, department in departments.items()}
    for table_ in (phones, contacts, officials, exceptions):
        table_.flush()
        table_.delete_leftovers(lambda key: f"{slug_of.get(key[0], key[0])} {key[1]}")
    return departments


def _write_services(pack: PackContents, languages: list[str], departments, log: ChangeLog) -> dict[str, ServiceType]:
    table = _Table(ServiceType, lambda s: s.code, ServiceType.objects.all(), log, "service type")
    services: dict[str, ServiceType] = {}
    for position, spec in enumerate(pack.services):
        services[spec.code] = table.want(
            spec.code,
            {
                "code": spec.code,
                "name": _texts(spec.name, languages),
                "description": _texts(spec.description, languages),
                "group": _texts(spec.group, languages),
                "translations": _translations(
                    languages, name=spec.name, description=spec.description, group=spec.group
                ),
                "keywords": spec.keywords,
                "department_id": departments[spec.department].pk,
                "district_departments": spec.district_departments,
                "sla_amount": spec.sla.amount,
                "sla_unit": spec.sla.unit,
                "priority": spec.priority,
                "requires_contact": spec.requires_contact,
                "emergency_notice": spec.emergency_notice or {},
                "after_hours": spec.after_hours,
                "duplicate_radius_m": spec.duplicate_radius_m,
                "duplicate_window_days": spec.duplicate_window_days,
                "active": spec.active,
                "position": position,
            },
            spec.code,
        )
    table.flush()
    attributes = _Table(Attribute, lambda a: (a.service_type_id, a.code), Attribute.objects.all(), log, "attribute")
    for spec in pack.services:
        owner = services[spec.code].pk
        for order, attribute in enumerate(spec.attributes, start=1):
            attributes.want(
                (owner, attribute.code),
                {
                    "service_type_id": owner,
                    "code": attribute.code,
                    "datatype": attribute.datatype,
                    "description": _texts(attribute.description, languages),
                    "datatype_description": _texts(attribute.datatype_description, languages),
                    "required": attribute.required,
                    "variable": attribute.variable,
                    "order": order,
                    "values": [{"key": v.key, "name": v.name} for v in attribute.values or []],
                    "translations": _translations(
                        languages,
                        description=attribute.description,
                        datatype_description=attribute.datatype_description,
                    ),
                },
                f"{spec.code}.{attribute.code}",
            )
    attributes.flush()
    code_of = {service.pk: code for code, service in services.items()}
    attributes.delete_leftovers(lambda key: f"{code_of.get(key[0], key[0])}.{key[1]}")
    for _, service in table.leftovers():
        _retire(service, log, "service type", service.code)
    for _, department in _Table(
        Department, lambda d: d.slug, Department.objects.exclude(slug__in=departments), log, ""
    ).existing.items():
        _retire(department, log, "department", department.slug)
    return services


def _write_articles(pack: PackContents, departments, services, log: ChangeLog) -> None:
    table = _Table(Article, lambda a: (a.language, a.slug), Article.objects.all(), log, "article")
    wanted_links: dict[tuple[str, str], tuple[set[int], set[int]]] = {}
    for article in pack.articles:
        spec = article.spec
        key = (spec.language, article.slug)
        table.want(
            key,
            {
                "language": spec.language,
                "slug": article.slug,
                "key": spec.key,
                "title": spec.title,
                "topic": spec.topic,
                "tags": spec.tags,
                "readout": spec.readout,
                "body": article.body,
                "active": True,
            },
            f"{spec.language}/{article.slug}",
        )
        wanted_links[key] = (
            {services[code].pk for code in spec.services},
            {departments[slug].pk for slug in spec.departments},
        )
    new_keys = {(row.language, row.slug) for row in table.new}
    table.flush()
    table.delete_leftovers(lambda key: f"{key[0]}/{key[1]}")
    articles = {(a.language, a.slug): a for a in Article.objects.all()}
    for position, (relation, target) in enumerate((("services", "servicetype_id"), ("departments", "department_id"))):
        through = getattr(Article, relation).through
        current: dict[int, set[int]] = defaultdict(set)
        for article_id, target_id in through.objects.values_list("article_id", target):
            current[article_id].add(target_id)
        add, drop = [], []
        for key, links in wanted_links.items():
            article = articles[key]
            wanted = links[position]
            if wanted != current[article.pk]:
                add += [through(article_id=article.pk, **{target: t}) for t in wanted - current[article.pk]]
                drop += [(article.pk, t) for t in current[article.pk] - wanted]
                if key not in new_keys:
                    log.note("changed", "article", f"{key[0]}/{key[1]}", f"related {relation}")
        through.objects.bulk_create(add, batch_size=500)
        for article_id, target_id in drop:
            through.objects.filter(article_id=article_id, **{target: target_id}).delete()
