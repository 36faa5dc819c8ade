"""Checks of Open311 responses that do not trust the server's own code.

- the community's Open311 JSON schemas (read from ``shared/open311-schemas`` beside the repository),
- the server's own OpenAPI document, with ``openapi-core``,
- XML parsed on its own and compared field by field with the JSON answer to the same call.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

REPOSITORY = Path(__file__).resolve().parents[2]

# W3C / RFC 3339 with an explicit offset (the spec requires one).
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
DATETIME_FIELDS = {"requested_datetime", "updated_datetime", "expected_datetime", "changeset", "closed_datetime"}

# The spec's XML: which elements hold a list, and what each item is called.
XML_LISTS = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "media_urls": "media_url",
    "service_request_updates": "request_update",
}


def schemas_folder() -> Path:
    """``shared/open311-schemas`` beside the repository (CI), or beside a folder above it."""
    configured = os.environ.get("OPEN311_SCHEMAS")
    if configured:
        return Path(configured)
    for parent in REPOSITORY.parents:
        candidate = parent / "shared" / "open311-schemas"
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"the Open311 JSON schemas are expected in {REPOSITORY.parent / 'shared' / 'open311-schemas'}"
    )


@cache
def _registry() -> Registry:
    resources = []
    for path in sorted(schemas_folder().glob("*.json")):
        contents = json.loads(path.read_text())
        resources.append((path.name, Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


def validate_schema(name: str, document: Any) -> None:
    """Raise if ``document`` breaks the community schema ``name`` (e.g. "services.json")."""
    registry = _registry()
    schema = registry.contents(name)
    Draft202012Validator(schema, registry=registry).validate(document)


def check_datetimes(document: Any) -> None:
    """Every date-time field is W3C with an offset; nothing is null (empty fields are left out)."""
    if isinstance(document, list):
        for item in document:
            check_datetimes(item)
    elif isinstance(document, dict):
        for key, value in document.items():
            assert value is not None, f"{key} is null; empty fields must be left out"
            if key in DATETIME_FIELDS:
                assert W3C_DATETIME.match(value), f"{key}={value!r} is not a W3C date-time with an offset"
            check_datetimes(value)


def xml_to_data(element: ET.Element) -> Any:
    """An XML element as the JSON structure the spec gives for it."""
    if element.tag in XML_LISTS:
        item = XML_LISTS[element.tag]
        assert all(child.tag == item for child in element), f"<{element.tag}> must hold only <{item}> elements"
        return [xml_to_data(child) for child in element]
    if len(element):
        tags = [child.tag for child in element]
        assert len(tags) == len(set(tags)), f"<{element.tag}> repeats an element: {tags}"
        return {child.tag: xml_to_data(child) for child in element}
    return element.text or ""


def as_xml_text(value: Any) -> Any:
    """A JSON value as XML would write it: text for every scalar."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return {key: as_xml_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_xml_text(item) for item in value]
    return str(value)


def parse_xml(body: bytes) -> tuple[str, Any]:
    assert body.startswith(b'<?xml version="1.0" encoding="utf-8"?>'), body[:60]
    root = ET.fromstring(body)
    return root.tag, xml_to_data(root)


def same_document(json_body: Any, xml_body: bytes, root: str) -> None:
    """The XML answer says exactly what the JSON answer says, field by field."""
    tag, data = parse_xml(xml_body)
    assert tag == root
    assert data == as_xml_text(json_body)
