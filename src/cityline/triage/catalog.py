"""The catalog triage ranks against, as plain values.

The engine does not import Django models: the same code ranks against the
database (see ``service.py``), an Open311 ``services.json`` file, or a city
pack's ``services.yaml`` (both used by ``cityline eval-triage``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Text = dict[str, str]  # language -> text


@dataclass(frozen=True)
class ServiceEntry:
    code: str
    name: Text
    description: Text = field(default_factory=dict)
    group: Text = field(default_factory=dict)
    keywords: dict[str, list[str]] = field(default_factory=dict)
    # Attribute questions and answer labels: they name the problem's parts
    # ("How big is the pothole?", "Sparking wire") and are free ranking text.
    attribute_text: dict[str, list[str]] = field(default_factory=dict)
    department: str = ""
    # The city handles this type as an emergency (``after_hours: emergency``, e.g. a
    # gas smell or a downed wire): a likely match makes triage ask the danger question.
    emergency: bool = False
    emergency_notice: Text = field(default_factory=dict)

    def text(self, fieldname: str, language: str) -> str:
        values: Text = getattr(self, fieldname)
        return values.get(language) or ""

    def display_name(self, language: str) -> str:
        return self.name.get(language) or next(iter(self.name.values()), self.code)


@dataclass(frozen=True)
class ArticleEntry:
    slug: str
    language: str
    title: str
    key: str = ""
    topic: str = ""
    tags: tuple[str, ...] = ()
    readout: str = ""
    services: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()


@dataclass(frozen=True)
class DepartmentEntry:
    slug: str
    name: Text
    description: Text = field(default_factory=dict)
    keywords: dict[str, list[str]] = field(default_factory=dict)

    def display_name(self, language: str) -> str:
        return self.name.get(language) or next(iter(self.name.values()), self.slug)


@dataclass(frozen=True)
class Catalog:
    services: tuple[ServiceEntry, ...]
    articles: tuple[ArticleEntry, ...] = ()
    departments: tuple[DepartmentEntry, ...] = ()
    languages: tuple[str, ...] = ("en", "es")
    # Changes whenever the catalog changes; trained models and caches key on it.
    version: str = ""


def _text(value: Any, default_language: str) -> Text:
    if value is None:
        return {}
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items() if v}
    return {default_language: str(value)}


def _keywords(value: Any, default_language: str) -> dict[str, list[str]]:
    if not value:
        return {}
    if isinstance(value, str):
        return {default_language: [w.strip() for w in value.split(",") if w.strip()]}
    if isinstance(value, list):
        return {default_language: [str(w) for w in value]}
    return {str(k): [str(w) for w in (v.split(",") if isinstance(v, str) else v)] for k, v in value.items()}


def from_open311(data: list[dict[str, Any]], language: str = "en") -> Catalog:
    """A catalog from an Open311 GeoReport v2 ``services`` list.

    ``keywords`` is comma-separated text in the spec; a mapping of language to
    list is accepted too, as Cityline's own export writes it.
    """
    services = []
    for row in data:
        code = str(row["service_code"])
        services.append(
            ServiceEntry(
                code=code,
                name=_text(row.get("service_name") or code, language),
                description=_text(row.get("description"), language),
                group=_text(row.get("group"), language),
                keywords=_keywords(row.get("keywords"), language),
            )
        )
    return Catalog(services=tuple(services), languages=(language,), version=f"open311:{len(services)}")


def from_pack(folder: Path) -> Catalog:
    """A catalog from a city pack folder (``services.yaml``, ``departments.yaml``, ``knowledge/``).

    Used where no database is at hand (``eval-triage --catalog hutchinson-ks``);
    the pack is read, not validated: ``cityline load-pack --check`` does that.
    """
    import yaml

    city = yaml.safe_load((folder / "city.yaml").read_text()) if (folder / "city.yaml").exists() else {}
    languages = tuple(city.get("languages") or ("en", "es"))
    first = languages[0]
    raw = yaml.safe_load((folder / "services.yaml").read_text()) or {}
    services = []
    for row in raw.get("services", []):
        if row.get("active") is False:
            continue
        attribute_text: dict[str, list[str]] = {}
        for attribute in row.get("attributes") or []:
            for lang, text in _text(attribute.get("description"), first).items():
                attribute_text.setdefault(lang, []).append(text)
            for value in attribute.get("values") or []:
                for lang, text in _text(value.get("name"), first).items():
                    attribute_text.setdefault(lang, []).append(text)
        services.append(
            ServiceEntry(
                code=str(row["code"]),
                name=_text(row.get("name"), first),
                description=_text(row.get("description"), first),
                group=_text(row.get("group"), first),
                keywords=_keywords(row.get("keywords"), first),
                attribute_text=attribute_text,
                department=str(row.get("department") or ""),
                emergency=str(row.get("after_hours") or "") == "emergency",
                emergency_notice=_text(row.get("emergency_notice"), first),
            )
        )
    departments = []
    if (folder / "departments.yaml").exists():
        for row in (yaml.safe_load((folder / "departments.yaml").read_text()) or {}).get("departments", []):
            departments.append(
                DepartmentEntry(
                    slug=str(row["slug"]),
                    name=_text(row.get("name"), first),
                    description=_text(row.get("description"), first),
                    keywords=_keywords(row.get("keywords"), first),
                )
            )
    articles = []
    for path in sorted((folder / "knowledge").glob("*/*.md")):
        meta = _front_matter(path.read_text())
        if not meta:
            continue
        articles.append(
            ArticleEntry(
                slug=path.stem,
                language=str(meta.get("language") or path.parent.name),
                title=str(meta.get("title") or path.stem),
                key=str(meta.get("key") or path.stem),
                topic=str(meta.get("topic") or ""),
                tags=tuple(str(t) for t in meta.get("tags") or ()),
                readout=str(meta.get("readout") or ""),
                services=tuple(str(s) for s in meta.get("services") or ()),
                departments=tuple(str(d) for d in meta.get("departments") or ()),
            )
        )
    return Catalog(
        services=tuple(services),
        articles=tuple(articles),
        departments=tuple(departments),
        languages=languages,
        version=f"pack:{folder.name}",
    )


def _front_matter(text: str) -> dict[str, Any]:
    import yaml

    if not text.startswith("---"):
        return {}
    end = text.find("\n---", 3)
    if end < 0:
        return {}
    loaded = yaml.safe_load(text[3:end])
    return loaded if isinstance(loaded, dict) else {}


def load_catalog(spec: str, language: str = "en") -> Catalog:
    """``spec`` is an Open311 JSON file, a pack folder, or the name of a pack shipped with Cityline."""
    path = Path(spec)
    if path.is_file():
        data = json.loads(path.read_text())
        if isinstance(data, dict) and "services" in data:
            data = data["services"]
        return from_open311(data, language)
    if path.is_dir():
        return from_pack(path)
    shipped = Path(__file__).resolve().parents[1] / "packs" / spec
    if shipped.is_dir():
        return from_pack(shipped)
    raise FileNotFoundError(
        f"catalog {spec!r}: not an Open311 services JSON file, a pack folder, or a pack shipped with Cityline"
    )
