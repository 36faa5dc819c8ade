"""Triage against the current city's database: the catalog, articles, departments and trained model.

Building the indexes takes a fraction of a second, so each process builds
them once and keeps them while the jurisdiction's ``catalog_version`` and the
newest :class:`~cityline.triage.models.TrainedModel` stay the same. Loading a
pack bumps the version, training adds a model; the next call rebuilds.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from .assessment import Assessment, Triage
from .catalog import ArticleEntry, Catalog, DepartmentEntry, ServiceEntry
from .engine import TrainedModel as Model

# How long a process trusts its cached triage before checking the version
# again: one cheap query per process every few seconds, not one per text.
RECHECK_SECONDS = 5.0

_lock = threading.Lock()
_cached: dict[str, Any] = {"key": None, "triage": None, "checked": 0.0}


def _per_language(obj: Any, fieldname: str, languages: tuple[str, ...]) -> dict[str, str]:
    """The first language's text from the column, the others from ``translations`` (no fallback copies,
    so Spanish stems are never made from English words)."""
    texts = {languages[0]: str(getattr(obj, fieldname, "") or "")}
    for language, fields in (getattr(obj, "translations", None) or {}).items():
        if language != languages[0] and (fields or {}).get(fieldname):
            texts[language] = str(fields[fieldname])
    return {lang: text for lang, text in texts.items() if text}


def _current_jurisdiction() -> Any:
    from cityline.core.models import current_jurisdiction

    return current_jurisdiction()


def _pack_of(jurisdiction: Any) -> str:
    return str(getattr(jurisdiction, "slug", "") or getattr(jurisdiction, "pk", "") or "")


def catalog_from_database(jurisdiction: Any | None = None) -> Catalog:
    from cityline.catalog.models import ServiceType
    from cityline.directory.models import Department
    from cityline.knowledge.models import Article

    jurisdiction = jurisdiction or _current_jurisdiction()
    if jurisdiction is None:
        # No pack loaded yet: emergencies are still detected, nothing is ranked.
        return Catalog(services=())
    languages = tuple(getattr(jurisdiction, "languages", None) or ("en", "es"))
    services = []
    for st in ServiceType.objects.filter(active=True).select_related("department").prefetch_related("attributes"):
        attribute_text: dict[str, list[str]] = {}
        for attribute in st.attributes.all():
            for lang, text in _per_language(attribute, "description", languages).items():
                attribute_text.setdefault(lang, []).append(text)
            for value in attribute.values or []:
                names = value.get("name") or {}
                for lang, text in names.items() if isinstance(names, dict) else [(languages[0], names)]:
                    attribute_text.setdefault(lang, []).append(str(text))
        keywords = st.keywords or {}
        if isinstance(keywords, list):
            keywords = {languages[0]: keywords}
        services.append(
            ServiceEntry(
                code=st.code,
                name=_per_language(st, "name", languages),
                description=_per_language(st, "description", languages),
                group=_per_language(st, "group", languages),
                keywords={lang: [str(w) for w in words] for lang, words in keywords.items()},
                attribute_text=attribute_text,
                department=st.department.slug if st.department_id else "",
                emergency=st.after_hours == "emergency",
                emergency_notice={str(k): str(v) for k, v in (st.emergency_notice or {}).items() if v},
            )
        )
    articles = [
        ArticleEntry(
            slug=a.slug,
            language=a.language,
            title=a.title,
            key=a.key,
            topic=a.topic,
            tags=tuple(a.tags or ()),
            readout=a.readout,
            services=tuple(s.code for s in a.services.all()),
            departments=tuple(d.slug for d in a.departments.all()),
        )
        for a in Article.objects.filter(active=True).prefetch_related("services", "departments")
    ]
    departments = [
        DepartmentEntry(
            slug=d.slug,
            name=_per_language(d, "name", languages),
            description=_per_language(d, "description", languages),
            keywords=d.keywords or {},
        )
        for d in Department.objects.filter(active=True)
    ]
    return Catalog(
        services=tuple(services),
        articles=tuple(articles),
        departments=tuple(departments),
        languages=languages,
        version=str(getattr(jurisdiction, "catalog_version", "")),
    )


def newest_model_row(pack: str) -> Any:
    from .models import TrainedModel

    return TrainedModel.objects.filter(pack=pack).order_by("-created_at", "-id").first()


def current_triage() -> Triage:
    """The process's triage for the current catalog and newest trained model."""
    now = time.monotonic()
    triage = _cached["triage"]
    if triage is not None and now - _cached["checked"] < RECHECK_SECONDS:
        return triage
    jurisdiction = _current_jurisdiction()
    pack = _pack_of(jurisdiction)
    row = newest_model_row(pack)
    key = (pack, str(getattr(jurisdiction, "catalog_version", "")), row.pk if row else None)
    with _lock:
        if _cached["key"] != key or _cached["triage"] is None:
            model = Model.from_bytes(bytes(row.blob)) if row else None
            number = str(getattr(jurisdiction, "emergency_number", "") or "911")
            languages = tuple(getattr(jurisdiction, "languages", None) or ("en",))
            _cached["triage"] = Triage(catalog_from_database(jurisdiction), model, number, languages[0])
            _cached["key"] = key
        _cached["checked"] = now
        return _cached["triage"]


def forget() -> None:
    """Drop the cached triage (tests, and after loading a pack in the same process)."""
    with _lock:
        _cached.update(key=None, triage=None, checked=0.0)


def assess(text: str, language: str | None = None) -> Assessment:
    return current_triage().assess(text, language)
