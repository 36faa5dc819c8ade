from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cityline.cases.models import InteractionOutcome
from cityline.catalog.search import search_service_types
from cityline.core.i18n import active_language
from cityline.core.search import words
from cityline.directory.search import search_contacts, search_departments
from cityline.knowledge.search import search_articles

from .. import triage, visits
from ..forms import SearchForm

# A hit offered as *the* answer must match most of what was asked; weaker hits are listed below.
ANSWER_COVERAGE = 0.6


def _best(hits: list, coverage: float = ANSWER_COVERAGE):
    return hits[0] if hits and hits[0].coverage >= coverage else None


def search(request: HttpRequest) -> HttpResponse:
    """One box for everything: the best department line, article, staff contact and report type."""
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    language = active_language()
    context: dict = {"form": form, "query": query}
    if query:
        articles = search_articles(query, language, limit=6)
        departments = search_departments(query, limit=6)
        contacts = search_contacts(query, limit=4)
        services = search_service_types(query, limit=6)
        assessment = triage.assess(query, language)
        emergency = assessment.emergency if assessment and assessment.emergency.level == "yes" else None
        best = {
            "article": _best(articles),
            "department": _best(departments),
            "contact": _best(contacts, 0.75),
            "service": _best(services),
        }
        context.update(
            articles=articles,
            departments=departments,
            contacts=contacts,
            services=services,
            best=best,
            emergency=emergency,
            found=any([articles, departments, contacts, services]),
        )
        key = "search:" + " ".join(words(query))
        if emergency:
            visits.finish(request, InteractionOutcome.EMERGENCY_ADVISORY, key=key, summary=query[:200])
        elif best["article"]:
            visits.finish(
                request, InteractionOutcome.INFORMATION, key=key, article=best["article"].article, summary=query[:200]
            )
        elif best["department"]:
            visits.finish(
                request,
                InteractionOutcome.TRANSFER,
                key=key,
                department=best["department"].department,
                summary=query[:200],
            )
    return render(request, "portal/search.html", context)
