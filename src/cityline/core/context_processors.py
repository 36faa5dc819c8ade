from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .models import current_jurisdiction


def city(request: HttpRequest) -> dict[str, Any]:
    """The city on every page: its name, numbers and languages for the header, footer and 911 notice."""
    return {"city": current_jurisdiction()}
