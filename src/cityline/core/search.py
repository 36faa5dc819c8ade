"""Forgiving text search over the city's own small collections (departments, articles, service types).

Residents type on phones, leave out accents, misspell and mix English and Spanish. A query is
folded (lowercase, no accents), stop words are dropped, and each word is compared with the words
of every document three ways: as written, by its English and Spanish stems (Snowball), and, when
nothing matches, by near spellings (one or two edits, from ``rapidfuzz``). Documents are ranked
with BM25 over weighted fields (a name counts more than a body).

The collections a city has are small (hundreds to a few thousand documents), so each index is
built in memory once per process and rebuilt when the catalog changes (see ``cached_index``).
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .geo import fold

_WORD = re.compile(r"[a-z0-9]+")

# Words that carry no meaning for a search, in both languages. Kept short on purpose: "no", "not"
# and "sin" change what a resident means and stay in.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "at",
        "by",
        "for",
        "with",
        "about",
        "to",
        "from",
        "in",
        "on",
        "into",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "am",
        "do",
        "does",
        "did",
        "i",
        "me",
        "my",
        "we",
        "our",
        "you",
        "your",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "what",
        "which",
        "who",
        "how",
        "when",
        "where",
        "why",
        "can",
        "could",
        "would",
        "should",
        "will",
        "please",
        "there",
        "here",
        "any",
        "some",
        "have",
        "has",
        "had",
        "get",
        "got",
        "need",
        "want",
        "know",
        "tell",
        "el",
        "la",
        "los",
        "las",
        "un",
        "una",
        "unos",
        "unas",
        "y",
        "o",
        "de",
        "del",
        "al",
        "en",
        "con",
        "por",
        "para",
        "sobre",
        "a",
        "que",
        "como",
        "cuando",
        "donde",
        "cual",
        "cuales",
        "quien",
        "quienes",
        "es",
        "son",
        "esta",
        "estan",
        "esto",
        "ese",
        "esa",
        "eso",
        "mi",
        "mis",
        "su",
        "sus",
        "tu",
        "tus",
        "yo",
        "me",
        "se",
        "le",
        "les",
        "lo",
        "nos",
        "hay",
        "puedo",
        "puede",
        "necesito",
        "quiero",
        "saber",
        "favor",
        "hola",
    ]
)

_STEMMERS = {"en": snowballstemmer.stemmer("english"), "es": snowballstemmer.stemmer("spanish")}


@lru_cache(maxsize=50_000)
def word_forms(word: str) -> tuple[str, ...]:
    """A folded word and its English and Spanish stems: "pago" → ("pago", "pag"); "factura" → …"""
    forms = {word}
    if len(word) > 3 and not word.isdigit():
        for stemmer in _STEMMERS.values():
            stem = stemmer.stemWord(word)
            if len(stem) >= 3:
                forms.add(stem)
    return tuple(sorted(forms))


def words(text: str) -> list[str]:
    """Folded words of ``text`` without stop words: "¿Dónde pago mi factura?" → ["pago", "factura"]."""
    return [w for w in _WORD.findall(fold(text or "").replace("'", "").replace("\u2019", "")) if w not in STOP_WORDS]


@dataclass
class Hit:
    key: Hashable
    score: float
    # The share of the query's weight that this document matched (0..1): a hit that matches one
    # word of four is shown in a list, but not offered as *the* answer.
    coverage: float


@dataclass
class _Document:
    key: Hashable
    length: float
    terms: dict[str, float] = field(default_factory=dict)  # form → weighted frequency


class TextIndex:
    """BM25 over weighted fields, with stems and near spellings.

    ``add(key, {"name": ("Public Works", 3.0), "body": (text, 1.0)})``; then ``search(query)``.
    """

    K1 = 1.2
    B = 0.75

    def __init__(self) -> None:
        self._documents: list[_Document] = []
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self._vocabulary: list[str] = []
        self._average_length = 1.0

    def __len__(self) -> int:
        return len(self._documents)

    def add(self, key: Hashable, fields: Iterable[tuple[str, float]]) -> None:
        counts: Counter[str] = Counter()
        length = 0.0
        for text, weight in fields:
            for word in words(text):
                length += weight
                for form in word_forms(word):
                    counts[form] += weight
        self._documents.append(_Document(key, max(length, 1.0), dict(counts)))

    def freeze(self) -> TextIndex:
        """Build the postings; call once after the last ``add``."""
        self._postings.clear()
        for position, document in enumerate(self._documents):
            for form, frequency in document.terms.items():
                self._postings[form].append((position, frequency))
        self._vocabulary = sorted(self._postings)
        total = sum(d.length for d in self._documents)
        self._average_length = total / len(self._documents) if self._documents else 1.0
        return self

    def _idf(self, form: str) -> float:
        n = len(self._postings.get(form, ()))
        return math.log(1 + (len(self._documents) - n + 0.5) / (n + 0.5))

    def _near_spellings(self, word: str) -> list[str]:
        """Vocabulary words one edit away (two for long words): "garbge" → "garbage"."""
        if len(word) < 4 or word.isdigit():
            return []
        allowed = 1 if len(word) < 8 else 2
        found = process.extract(word, self._vocabulary, scorer=Levenshtein.distance, score_cutoff=allowed, limit=5)
        return [candidate for candidate, _, _ in found if candidate != word]

    def _query_terms(self, query: str) -> list[list[tuple[str, float]]]:
        """For each query word, the forms to look up and how much a match through each counts."""
        terms = []
        for word in dict.fromkeys(words(query)):
            forms = [(form, 1.0) for form in word_forms(word) if form in self._postings]
            if not forms:
                for near in self._near_spellings(word):
                    forms.extend((form, 0.8) for form in word_forms(near) if form in self._postings)
            terms.append(forms)
        return terms

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        terms = self._query_terms(query)
        if not terms or not self._documents:
            return []
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, float] = defaultdict(float)
        # A word that occurs nowhere still counts in the total, so a query half made of unknown
        # words covers at most half.
        word_weights = [max((self._idf(form) for form, _ in forms), default=1.0) for forms in terms]
        for forms, word_weight in zip(terms, word_weights, strict=True):
            best: dict[int, float] = {}
            for form, factor in forms:
                idf = self._idf(form)
                for position, frequency in self._postings[form]:
                    document = self._documents[position]
                    norm = self.K1 * (1 - self.B + self.B * document.length / self._average_length)
                    value = factor * idf * frequency * (self.K1 + 1) / (frequency + norm)
                    if value > best.get(position, 0.0):
                        best[position] = value
            for position, value in best.items():
                scores[position] += value
                matched[position] += word_weight
        total_weight = sum(word_weights) or 1.0
        ranked = sorted(scores.items(), key=lambda item: -item[1])[:limit]
        return [
            Hit(self._documents[position].key, round(score, 4), round(matched[position] / total_weight, 3))
            for position, score in ranked
        ]


# --- one index per process, rebuilt when the city's data changes ----------------------------------

_INDEXES: dict[str, tuple[Hashable, float, Any]] = {}
# Clerks edit departments and articles in the admin without a pack load; an index older than this
# is rebuilt anyway, so an edit shows in search within a few minutes.
MAX_INDEX_AGE_SECONDS = 300.0


def data_version() -> Hashable:
    """What changes when a pack is (re)loaded: the city and its catalog version."""
    from .models import current_jurisdiction

    city = current_jurisdiction()
    if city is None:
        return None
    return (city.pk, city.slug, city.catalog_version, city.loaded_at)


def cached_index(name: str, build: Callable[[], Any]) -> Any:
    """The index called ``name``, built by ``build()`` once per data version (and at most every
    few minutes)."""
    version = data_version()
    hit = _INDEXES.get(name)
    now = time.monotonic()
    if hit and hit[0] == version and now - hit[1] < MAX_INDEX_AGE_SECONDS:
        return hit[2]
    index = build()
    _INDEXES[name] = (version, now, index)
    return index


def forget_indexes() -> None:
    """After a pack load or an admin change, and in tests."""
    _INDEXES.clear()
