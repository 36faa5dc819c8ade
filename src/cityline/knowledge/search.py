"""Search knowledge articles, in every language at once, answered in the reader's language.

A resident may type Spanish on the English page (or the reverse): every language version is
indexed, and a hit is given back as the version in the language asked for when it exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from cityline.core.search import TextIndex, cached_index

from .models import Article


@dataclass(frozen=True)
class ArticleHit:
    article: Article
    score: float
    coverage: float


def _build() -> TextIndex:
    index = TextIndex()
    # The readout is the answer in a few sentences; the body's many other words would mostly add
    # noise (and time) to a search.
    for article in Article.objects.filter(active=True).only("pk", "title", "topic", "tags", "readout"):
        index.add(
            article.pk,
            [(article.title, 3.0), (" ".join(article.tags), 2.0), (article.topic, 1.0), (article.readout, 1.0)],
        )
    return index.freeze()


def search_articles(query: str, language: str, limit: int = 5) -> list[ArticleHit]:
    """Best articles for ``query``, one per translation key, each in ``language`` where it exists."""
    hits = cached_index("knowledge.articles", _build).search(query, limit * 3)
    rows = Article.objects.in_bulk([h.key for h in hits])
    wanted_keys = {rows[h.key].key for h in hits if h.key in rows}
    in_language = {a.key: a for a in Article.objects.filter(key__in=wanted_keys, language=language, active=True)}
    found: list[ArticleHit] = []
    seen: set[str] = set()
    for hit in hits:
        article = rows.get(hit.key)
        if article is None or article.key in seen:
            continue
        seen.add(article.key)
        found.append(ArticleHit(in_language.get(article.key, article), hit.score, hit.coverage))
    return found[:limit]
