from __future__ import annotations

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from cityline.cases.models import InteractionOutcome
from cityline.core.i18n import active_language
from cityline.knowledge.models import Article
from cityline.knowledge.search import search_articles

from .. import visits
from ..forms import SearchForm


def topics(request: HttpRequest) -> HttpResponse:
    """Articles by topic, in the reader's language; a search box over them."""
    language = active_language()
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    articles = Article.objects.filter(language=language, active=True).order_by("topic", "title")
    grouped = [(topic, list(items)) for topic, items in groupby(articles, key=lambda a: a.topic)]
    hits = search_articles(query, language, limit=10) if query else []
    return render(
        request, "portal/help.html", {"topics": grouped, "query": query, "hits": hits, "form": form, "nav": "help"}
    )


def article(request: HttpRequest, slug: str) -> HttpResponse:
    """One article in the reader's language, its departments' lines and "report this" links."""
    language = active_language()
    found = Article.objects.filter(slug=slug, language=language, active=True).first()
    if found is None:
        # A link shared in the other language: show this reader their language's version.
        other = get_object_or_404(Article, slug=slug, active=True)
        translated = other.translation(language)
        if translated is not None and translated.slug != slug:
            return redirect("portal:article", slug=translated.slug)
        found = other
    departments = found.departments.filter(active=True).prefetch_related("phones", "hours_exceptions")
    services = found.services.filter(active=True)
    # A translation may not repeat the links of its twin in the other language.
    twin = Article.objects.filter(key=found.key, active=True).exclude(pk=found.pk).first()
    if twin is not None and not departments:
        departments = twin.departments.filter(active=True).prefetch_related("phones", "hours_exceptions")
    if twin is not None and not services:
        services = twin.services.filter(active=True)
    visits.finish(request, InteractionOutcome.INFORMATION, key=f"article:{found.key}", article=found)
    return render(
        request,
        "portal/article.html",
        {"article": found, "departments": departments, "services": services, "nav": "help"},
    )
