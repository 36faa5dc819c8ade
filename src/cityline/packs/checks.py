"""Reading and checking a city pack: every file, every field, every cross-reference.

``read_pack`` collects *every* problem before giving up, each as ``file:line: field: reason``, so
a clerk fixes a pack in one pass.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from shapely.geometry import Point, shape
from shapely.validation import explain_validity

from .reader import Document, PackReadError, Problem, read_yaml, split_front_matter
from .schema import ArticleSpec, CitySpec, DepartmentSpec, ServiceSpec

PACKS_DIR = Path(__file__).resolve().parent


class PackInvalid(Exception):
    """The pack has problems; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the pack:\n" + "\n".join(str(p) for p in problems))


def available_packs() -> list[str]:
    return sorted(p.name for p in PACKS_DIR.iterdir() if (p / "city.yaml").is_file())


def resolve_pack(name_or_path: str | Path) -> Path:
    """A pack shipped with Cityline by name (``hutchinson-ks``), or any folder holding a city.yaml."""
    candidate = Path(name_or_path)
    if (candidate / "city.yaml").is_file():
        return candidate.resolve()
    shipped = PACKS_DIR / str(name_or_path)
    if (shipped / "city.yaml").is_file():
        return shipped
    raise PackInvalid(
        [
            Problem(
                str(name_or_path),
                None,
                "",
                "no city.yaml here: give a folder holding a pack, or one of the packs shipped with "
                f"Cityline ({', '.join(available_packs()) or 'none found'})",
            )
        ]
    )


# --- reading and checking ------------------------------------------------------------------------


@dataclass
class ArticleFile:
    spec: ArticleSpec
    slug: str
    body: str
    document: Document


@dataclass
class DistrictSpec:
    code: str
    name: dict[str, str]
    geometry: dict[str, Any]


@dataclass
class PackContents:
    source: Path
    city: CitySpec
    departments: list[DepartmentSpec]
    services: list[ServiceSpec]
    articles: list[ArticleFile]
    boundary: dict[str, Any]
    districts: list[DistrictSpec]
    addresses: list[tuple[str, float, float]]
    warnings: list[Problem] = field(default_factory=list)


class _Collector:
    """Gathers problems from every file, so the clerk sees them all at once."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def read_text(self, relative: str) -> str | None:
        path = self.root / relative
        if not path.is_file():
            self.add(Problem(relative, None, "", "file not found in the pack"))
            return None
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            self.add(Problem(relative, None, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
            return None

    def yaml(self, relative: str) -> Document | None:
        text = self.read_text(relative)
        if text is None:
            return None
        try:
            return read_yaml(text, relative)
        except PackReadError as exc:
            self.add(exc.problem)
            return None

    def validate(self, model: type[BaseModel], document: Document, context: dict[str, Any], base=()):
        if not isinstance(document.data, dict):
            self.add(document.problem(base, "must be a mapping of fields (field: value)"))
            return None
        try:
            return model.model_validate(document.data, context=context)
        except ValidationError as exc:
            for error in exc.errors():
                self.add(document.problem((*base, *error["loc"]), _reason(error)))
            return None


def _reason(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check its spelling against docs/city-packs.md)"
    if kind == "literal_error":
        return f"{error['msg'].replace('Input should be', 'must be')} (got {error.get('input')!r})"
    if kind == "string_pattern_mismatch":
        return f"{error.get('input')!r} may use only lowercase letters, digits and hyphens"
    message = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message.replace("Input should be", "must be")


_read_cache: dict[Path, tuple[tuple, PackContents]] = {}


def _fingerprint(root: Path) -> tuple:
    return tuple(
        (str(path), stat.st_mtime_ns, stat.st_size)
        for path in sorted(root.rglob("*"))
        if path.is_file() and (stat := path.stat())
    )


def read_pack(name_or_path: str | Path) -> PackContents:
    """Read and check a whole pack; raise PackInvalid with every problem found.

    A pack whose files have not changed since it was last read in this process is not read again
    (a test suite loads the same pack hundreds of times).
    """
    root = resolve_pack(name_or_path)
    fingerprint = _fingerprint(root)
    cached = _read_cache.get(root)
    if cached and cached[0] == fingerprint:
        return cached[1]
    contents = _read_pack(root)
    _read_cache[root] = (fingerprint, contents)
    return contents


def _read_pack(root: Path) -> PackContents:
    found = _Collector(root)

    city_doc = found.yaml("city.yaml")
    city = None
    context: dict[str, Any] = {"languages": ["en"], "region": "US"}
    if city_doc is not None:
        if isinstance(city_doc.data, dict):
            languages = city_doc.data.get("languages")
            if isinstance(languages, list) and languages and all(isinstance(x, str) for x in languages):
                context["languages"] = languages
            if isinstance(city_doc.data.get("country"), str):
                context["region"] = city_doc.data["country"]
        city = found.validate(CitySpec, city_doc, context)

    departments_doc = found.yaml("departments.yaml")
    departments, department_slugs = _validate_list(
        found, departments_doc, "departments", DepartmentSpec, context, "slug"
    )
    services_doc = found.yaml("services.yaml")
    services, service_codes = _validate_list(found, services_doc, "services", ServiceSpec, context, "code")

    boundary, districts, addresses = _read_map(found, city, city_doc)
    articles = _read_articles(found, context["languages"])

    known = _Known(department_slugs, service_codes, {d.code for d in districts} if city and city.districts else None)
    if city is not None and service_codes is not None:
        for name in ("directory_correction_service", "complaint_service"):
            code = getattr(city.policy, name)
            if code and code not in service_codes:
                found.add(city_doc.problem(("policy", name), f'unknown service code "{code}" (not in services.yaml)'))
    _cross_check(found, departments_doc, departments, services_doc, services, articles, known)
    _translation_warnings(found, context["languages"], departments_doc, departments, services_doc, services, articles)

    if found.problems or city is None:
        raise PackInvalid(found.problems)
    return PackContents(
        root,
        city,
        [spec for _, spec in departments],
        [spec for _, spec in services],
        articles,
        boundary,
        districts,
        addresses,
        found.warnings,
    )


@dataclass
class _Known:
    """Names other files may refer to; None when their file could not be read, so that one broken
    file does not drown the clerk in "unknown department" echoes."""

    departments: set[str] | None
    services: set[str] | None
    districts: set[str] | None


def _validate_list(found: _Collector, document: Document | None, key: str, model, context, id_field: str):
    """Check each entry of a file's list on its own, so one bad entry does not hide the others."""
    if document is None:
        return [], None
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get(key), list) or not data[key]:
        found.add(document.problem((key,), f"the file must hold a non-empty list under {key}:"))
        return [], None
    for extra in sorted(set(data) - {key}):
        found.add(document.problem((extra,), f"unknown field (the file holds only {key}:)"))
    valid, ids = [], set()
    for index, item in enumerate(data[key]):
        if isinstance(item, dict) and item.get(id_field) is not None:
            ids.add(str(item[id_field]))
        spec = found.validate(model, _Part(document, item), context, base=(key, index))
        if spec is not None:
            valid.append((index, spec))
    return valid, ids


class _Part(Document):
    """One entry of a file's list, validated on its own but located in the whole file."""

    def __init__(self, whole: Document, data: Any):
        super().__init__(file=whole.file, data=data, lines=whole.lines)


def _read_geojson(found: _Collector, relative: str, city_doc: Document, field_name: str) -> dict | None:
    text = found.read_text(relative)
    if text is None:
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        found.add(Problem(relative, exc.lineno, "", f"not valid JSON: {exc.msg}"))
        return None
    if not isinstance(data, dict) or "type" not in data:
        found.add(Problem(relative, 1, "", 'not GeoJSON (no "type")'))
        return None
    return data


def _shape_problem(geometry: Any) -> str | None:
    try:
        geom = shape(geometry)
    except Exception as exc:  # shapely raises several types for malformed geometry
        return f"not a valid GeoJSON geometry ({exc})"
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        return f"must be a Polygon or MultiPolygon, not a {geom.geom_type}"
    if not geom.is_valid:
        return f"the polygon is not valid: {explain_validity(geom)}"
    return None


def _read_map(found: _Collector, city: CitySpec | None, city_doc: Document | None):
    boundary: dict | None = None
    districts: list[DistrictSpec] = []
    addresses: list[tuple[str, float, float]] = []
    if city is None or city_doc is None:
        return boundary, districts, addresses
    data = _read_geojson(found, city.boundary, city_doc, "boundary")
    boundary_shape = None
    if data is not None:
        geometry = data.get("geometry") if data.get("type") == "Feature" else data
        if data.get("type") == "FeatureCollection":
            features = data.get("features") or []
            geometry = features[0].get("geometry") if len(features) == 1 else None
            if geometry is None:
                found.add(Problem(city.boundary, 1, "", "the boundary must be one Polygon or MultiPolygon feature"))
        if geometry is not None:
            problem = _shape_problem(geometry)
            if problem:
                found.add(Problem(city.boundary, 1, "geometry", problem))
            else:
                boundary = geometry
                boundary_shape = shape(geometry)
                if not boundary_shape.contains(Point(city.center.lon, city.center.lat)):
                    found.add(city_doc.problem(("center",), "the map centre is outside the city boundary"))
    if city.districts:
        data = _read_geojson(found, city.districts, city_doc, "districts")
        if data is not None:
            if data.get("type") != "FeatureCollection":
                found.add(Problem(city.districts, 1, "", "districts must be a GeoJSON FeatureCollection"))
            else:
                seen: set[str] = set()
                for index, feature in enumerate(data.get("features") or []):
                    where = f"features[{index}]"
                    properties = feature.get("properties") or {}
                    code, name = properties.get("code"), properties.get("name")
                    if not code or not name:
                        found.add(
                            Problem(
                                city.districts, None, where, "each district needs properties.code and properties.name"
                            )
                        )
                        continue
                    if code in seen:
                        found.add(Problem(city.districts, None, where, f'district code "{code}" is used twice'))
                    seen.add(code)
                    problem = _shape_problem(feature.get("geometry"))
                    if problem:
                        found.add(Problem(city.districts, None, f"{where} ({code})", problem))
                        continue
                    names = name if isinstance(name, dict) else {city.languages[0]: str(name)}
                    districts.append(DistrictSpec(str(code), names, feature["geometry"]))
    if city.addresses:
        text = found.read_text(city.addresses)
        if text is not None:
            addresses = _read_addresses(found, city.addresses, text, boundary_shape)
    return boundary, districts, addresses


def _read_addresses(found: _Collector, relative: str, text: str, boundary_shape) -> list[tuple[str, float, float]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or {"address", "lat", "lon"} - set(reader.fieldnames):
        found.add(Problem(relative, 1, "", "the first line must be the header address,lat,lon"))
        return []
    rows = []
    for row in reader:
        line = reader.line_num
        address = (row.get("address") or "").strip()
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except (TypeError, ValueError):
            found.add(Problem(relative, line, "lat,lon", f"{row.get('lat')!r}, {row.get('lon')!r} are not numbers"))
            continue
        if not address:
            found.add(Problem(relative, line, "address", "the address is empty"))
            continue
        if boundary_shape is not None and not boundary_shape.contains(Point(lon, lat)):
            found.add(Problem(relative, line, "lat,lon", f"{address} ({lat}, {lon}) is outside the city boundary"))
            continue
        rows.append((address, lat, lon))
    return rows


def _read_articles(found: _Collector, languages: list[str]) -> list[ArticleFile]:
    folder = found.root / "knowledge"
    if not folder.is_dir():
        found.add(Problem("knowledge/", None, "", "folder not found: articles go in knowledge/<language>/<slug>.md"))
        return []
    articles = []
    for path in sorted(folder.rglob("*.md")):
        relative = str(path.relative_to(found.root))
        text = found.read_text(relative)
        if text is None:
            continue
        try:
            document, body, _ = split_front_matter(text, relative)
        except PackReadError as exc:
            found.add(exc.problem)
            continue
        spec = found.validate(ArticleSpec, document, {"languages": languages})
        if spec is None:
            continue
        folder_language = path.parent.name
        if spec.language not in languages:
            found.add(
                document.problem(
                    ("language",), f'"{spec.language}" is not one of the city\'s languages ({", ".join(languages)})'
                )
            )
        elif folder_language != spec.language:
            found.add(
                document.problem(
                    ("language",), f'"{spec.language}" does not match the folder knowledge/{folder_language}/'
                )
            )
        if not body:
            found.add(Problem(relative, None, "", "the article has no body after its front matter"))
        articles.append(ArticleFile(spec, path.stem, body, document))
    return articles


def _duplicates(values: Iterable[str]) -> set[str]:
    counts = Counter(values)
    return {value for value, n in counts.items() if n > 1}


def _cross_check(found, departments_doc, departments, services_doc, services, articles, known: _Known):
    repeated = _duplicates(d.slug for _, d in departments)
    for index, d in departments:
        if d.slug in repeated:
            found.add(
                departments_doc.problem(
                    ("departments", index, "slug"), f'"{d.slug}" is used by more than one department'
                )
            )
        if d.parent and known.departments is not None and d.parent not in known.departments:
            found.add(
                departments_doc.problem(
                    ("departments", index, "parent"), f'no department "{d.parent}" in departments.yaml'
                )
            )

    repeated = _duplicates(s.code for _, s in services)
    for index, service in services:
        path = ("services", index)
        if service.code in repeated:
            found.add(services_doc.problem((*path, "code"), f'duplicate service code "{service.code}"'))
        if known.departments is not None and service.department not in known.departments:
            found.add(
                services_doc.problem(
                    (*path, "department"), f'unknown department "{service.department}" (not in departments.yaml)'
                )
            )
        for district, slug in service.district_departments.items():
            where = (*path, "district_departments", district)
            if known.districts is not None and district not in known.districts:
                found.add(services_doc.problem(where, f'unknown district "{district}" (not in the districts file)'))
            if known.departments is not None and slug not in known.departments:
                found.add(services_doc.problem(where, f'unknown department "{slug}"'))
        for code in _duplicates(a.code for a in service.attributes):
            found.add(services_doc.problem((*path, "attributes"), f'attribute code "{code}" is used twice'))

    seen: dict[tuple[str, str], str] = {}
    for article in articles:
        spec, document = article.spec, article.document
        pair = (spec.language, spec.key)
        if pair in seen:
            found.add(document.problem(("key",), f'"{spec.key}" is also the {spec.language} key of {seen[pair]}'))
        seen[pair] = document.file
        for index, code in enumerate(spec.services):
            if known.services is not None and code not in known.services:
                found.add(document.problem(("services", index), f'unknown service code "{code}"'))
        for index, slug in enumerate(spec.departments):
            if known.departments is not None and slug not in known.departments:
                found.add(document.problem(("departments", index), f'unknown department "{slug}"'))


def _translation_warnings(found, languages, departments_doc, departments, services_doc, services, articles):
    """Missing translations do not stop a load, but the clerk is told where they are."""
    if len(languages) < 2:
        return
    for doc, items, key in ((departments_doc, departments, "departments"), (services_doc, services, "services")):
        for index, item in items:
            for name in ("name", "description"):
                missing = [lang for lang in languages if lang not in getattr(item, name)]
                if missing:
                    found.warnings.append(doc.problem((key, index, name), f"no {', '.join(missing)} text"))
    keys: dict[str, set[str]] = {}
    for article in articles:
        keys.setdefault(article.spec.key, set()).add(article.spec.language)
    for article in articles:
        missing = [lang for lang in languages if lang not in keys[article.spec.key]]
        if missing and article.spec.language == languages[0]:
            found.warnings.append(
                article.document.problem(("key",), f"no {', '.join(missing)} version of this article")
            )
