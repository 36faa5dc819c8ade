from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .models import current_jurisdiction


class CityTimeMiddleware:
    """Show every time in the city's own zone, whatever the server's zone is."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        city = current_jurisdiction()
        if city is not None:
            timezone.activate(city.zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
