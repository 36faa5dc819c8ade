"""Keyset paging: each page starts after the last row of the previous one, so page 500 of a
million-case list costs what page 1 costs (no OFFSET)."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Case as Choose
from django.db.models import IntegerField, Q, QuerySet, Value, When

from cityline.cases.models import Case

# Priority as a number, so "most urgent first" is an ordering the database can page through.
PRIORITY_RANK = Choose(
    When(priority="urgent", then=Value(4)),
    When(priority="high", then=Value(3)),
    When(priority="normal", then=Value(2)),
    default=Value(1),
    output_field=IntegerField(),
)

# name → the fields to order by, each (field, descending?); the primary key breaks ties.
ORDERINGS: dict[str, list[tuple[str, bool]]] = {
    "due": [("sla_due_at", False), ("pk", False)],
    "oldest": [("created_at", False), ("pk", False)],
    "newest": [("created_at", True), ("pk", True)],
    "priority": [("priority_rank", True), ("sla_due_at", False), ("pk", False)],
    "updated": [("updated_at", True), ("pk", True)],
}


@dataclass
class Page:
    items: list[Case] = field(default_factory=list)
    next_cursor: str | None = None


def _encode(values: list[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def _decode(cursor: str, fields: list[tuple[str, bool]]) -> list[Any] | None:
    try:
        plain = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError):
        return None
    if not isinstance(plain, list) or len(plain) != len(fields):
        return None
    values = []
    for (name, _), value in zip(fields, plain, strict=True):
        if name.endswith("_at"):
            try:
                value = datetime.fromisoformat(value)
            except (TypeError, ValueError):
                return None
        values.append(value)
    return values


def _after(fields: list[tuple[str, bool]], values: list[Any]) -> Q:
    """Rows after ``values`` in the ordering: (a > x) or (a = x and b > y) or …"""
    condition = Q()
    for index, (name, descending) in enumerate(fields):
        step = Q(**{f"{name}__{'lt' if descending else 'gt'}": values[index]})
        for earlier in range(index):
            step &= Q(**{fields[earlier][0]: values[earlier]})
        condition |= step
    return condition


def keyset_page(rows: QuerySet[Case], ordering: str, cursor: str | None = None, size: int = 50) -> Page:
    fields = ORDERINGS.get(ordering) or ORDERINGS["due"]
    if any(name == "priority_rank" for name, _ in fields):
        rows = rows.annotate(priority_rank=PRIORITY_RANK)
    if cursor:
        values = _decode(cursor, fields)
        if values is not None:
            rows = rows.filter(_after(fields, values))
    ordered = rows.order_by(*[f"-{name}" if descending else name for name, descending in fields])
    # Sort and cut narrow rows (the keys only), then read the page's rows with their joins: sorting
    # thousands of rows wide with their department and type is what made a page slow.
    keys = list(ordered.values_list(*[name for name, _ in fields])[: size + 1])
    next_cursor = None
    if len(keys) > size:
        keys = keys[:size]
        next_cursor = _encode(list(keys[-1]))
    pk_index = [name for name, _ in fields].index("pk")
    wanted = [key[pk_index] for key in keys]
    found = {case.pk: case for case in rows.order_by().filter(pk__in=wanted)}
    return Page([found[pk] for pk in wanted if pk in found], next_cursor)
