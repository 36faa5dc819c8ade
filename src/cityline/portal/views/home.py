from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cityline.core.i18n import active_language, pick
from cityline.core.models import current_jurisdiction
from cityline.knowledge.models import Article

from ..forms import SearchForm


def home(request: HttpRequest) -> HttpResponse:
    """The city's 311 numbers, "dial 911 in an emergency", and one search box."""
    city = current_jurisdiction()
    context = {"form": SearchForm(), "nav": "home"}
    if city is not None:
        now = timezone.now()
        closure = city.closure_today(now)
        context.update(
            call_centre_open=city.is_open(now),
            call_centre_opens=city.next_open(now),
            closure=closure.name(active_language()) if closure else "",
            phone_notes=pick(city.all_languages("phone_notes"), active_language()),
            topics=sorted(
                set(Article.objects.filter(language=active_language(), active=True).values_list("topic", flat=True))
            )[:12],
        )
    return render(request, "portal/home.html", context)
