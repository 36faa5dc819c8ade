"""Open311 documents as JSON or XML, from one plain structure.

A view builds nested dicts and lists in the spec's field order; ``render`` writes either format.
Spec details real clients trip on are kept here, in one place: empty fields are left out (never
null), booleans are ``true``/``false``, XML has its declaration and UTF-8, lists in XML repeat a
singular element (``<services><service>…``).
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from django.http import HttpResponse

JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
FORMATS = ("json", "xml")
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>'

# The element each list's items take in XML, by the list's own name.
XML_ITEM = {
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

# XML 1.0 cannot carry most control characters, which do turn up in pasted or texted descriptions.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def w3c(moment: datetime | None, zone: Any) -> str:
    """A W3C / RFC 3339 timestamp in the city's zone, with its offset: 2026-11-30T09:15:00-06:00."""
    if moment is None:
        return ""
    return moment.astimezone(zone).isoformat(timespec="seconds")


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


# Fields the spec requires even when empty: a service definition without questions still has
# ``"attributes": []``.
ALWAYS_PRESENT = {"attributes"}


def prune(value: Any) -> Any:
    """Drop empty fields at every level: the spec's clients expect a missing field, not a null."""
    if isinstance(value, dict):
        pruned = {key: prune(item) for key, item in value.items()}
        return {key: item for key, item in pruned.items() if key in ALWAYS_PRESENT or not is_empty(item)}
    if isinstance(value, list):
        return [prune(item) for item in value]
    return value


def to_json(document: Any, *, pruned: bool = False) -> bytes:
    return json.dumps(document if pruned else prune(document), ensure_ascii=False, separators=(",", ":")).encode()


def to_xml(root: str, document: Any) -> bytes:
    parts = [XML_DECLARATION]
    _xml_element(parts, root, prune(document))
    return "".join(parts).encode()


def _xml_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(_XML_ILLEGAL.sub("", str(value)))


def _xml_element(parts: list[str], name: str, value: Any) -> None:
    if isinstance(value, dict):
        parts.append(f"<{name}>")
        for key, item in value.items():
            _xml_element(parts, key, item)
        parts.append(f"</{name}>")
    elif isinstance(value, list):
        item_name = XML_ITEM.get(name, "item")
        parts.append(f"<{name}>")
        for item in value:
            _xml_element(parts, item_name, item)
        parts.append(f"</{name}>")
    else:
        parts.append(f"<{name}>{_xml_text(value)}</{name}>")


def render(document: Any, fmt: str, *, xml_root: str, status: int = 200) -> HttpResponse:
    """``document`` as a response in ``fmt``. A top-level list becomes the children of ``xml_root``."""
    if fmt == "xml":
        body = to_xml(xml_root, document)
        return HttpResponse(body, content_type=XML_TYPE, status=status)
    return HttpResponse(to_json(document), content_type=JSON_TYPE, status=status)


def fragment(document: Any, fmt: str, *, xml_item: str) -> bytes:
    """One item of a list (pruned already), written on its own so that it can be kept and joined
    by ``render_items``."""
    if fmt == "xml":
        parts: list[str] = []
        _xml_element(parts, xml_item, document)
        return "".join(parts).encode()
    return to_json(document, pruned=True)


def render_items(fragments: list[bytes], fmt: str, *, xml_root: str, status: int = 200) -> HttpResponse:
    """A list whose items were written by ``fragment``: byte for byte what ``render`` writes."""
    if fmt == "xml":
        body = b"".join([XML_DECLARATION.encode(), f"<{xml_root}>".encode(), *fragments, f"</{xml_root}>".encode()])
        return HttpResponse(body, content_type=XML_TYPE, status=status)
    return HttpResponse(b"[" + b",".join(fragments) + b"]", content_type=JSON_TYPE, status=status)


def render_errors(errors: list[tuple[int, str]] | list[str], fmt: str, status: int) -> HttpResponse:
    """The spec's error list: ``[{code, description}]`` / ``<errors><error>…``, with the HTTP status."""
    items = [
        {"code": error[0], "description": error[1]}
        if isinstance(error, tuple)
        else {"code": status, "description": error}
        for error in errors
    ]
    return render(items, fmt if fmt in FORMATS else "json", xml_root="errors", status=status)
