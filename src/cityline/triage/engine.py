"""Ranking service types and articles for a resident's text.

Zero-shot, from the catalog alone, two signals are blended:

* **lexical**: stems of the text against stems of each service's name,
  keywords, description, group, attribute questions and linked articles
  (TF-IDF over the catalog, field-weighted), in the text's own language and,
  through the bilingual lexicon, in English;
* **semantic**: the mean static word vector of the text against the vectors of
  each service's name, keywords and description, so "water gushing" meets
  "leak" with no shared word.

A model trained on the city's closed cases (:class:`TrainedModel`) adds a
learned term per service on top of the zero-shot score; the zero-shot score
stays one of its inputs, so services with no training cases still rank.
"""

from __future__ import annotations

import io
import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from .catalog import ArticleEntry, Catalog, ServiceEntry
from .lexicon import COMPOUND_HEADS, PHRASE_LENGTHS, expand_english, expand_phrase, spanish_phrase, spanish_to_english
from .text import STOPWORDS, stem, tokens
from .vectors import WordVectors, word_vectors

# Field weights: a word in a service's name or keywords says more about it than
# a word in its long description. Tuned on one group of cities, checked on another.
FIELD_WEIGHTS = {"name": 3.0, "keywords": 2.5, "group": 0.5, "description": 1.0, "attributes": 0.5, "articles": 0.7}
LEXICAL_WEIGHT = 1.0
SEMANTIC_WEIGHT = 1.0
# Scores are turned into shares that add up to one with this temperature, so a
# channel can show "Pothole 71%" and decide when to ask the resident to choose.
TEMPERATURE = 0.08
# How much a thesaurus relation counts against the resident's own word (1.0).
THESAURUS_WEIGHT = 0.5
PHRASE_WEIGHT = 0.6
# How much a Spanish word's own vector counts against its lexicon translation (0.9); chosen on
# the bilingual test texts of tests/triage/resident_texts.py (PROBLEMS), checked on MORE_PROBLEMS.
SPANISH_VECTOR_WEIGHT = 2.0


@dataclass(frozen=True)
class Query:
    language: str
    terms: dict[str, float]  # namespaced stem ("en:pothol", "es:bach") -> weight
    words: list[tuple[str, float]]  # English words and weights, for the word vectors


def analyse(text: str, language: str) -> Query:
    """Turn a text into weighted stems in both namespaces and English words for the vectors."""
    terms: dict[str, float] = {}
    words: list[tuple[str, float]] = []

    def add_related(related: str, weight: float) -> None:
        rs = stem(related, "en")
        if terms.get("en:" + rs, 0.0) < weight:
            terms["en:" + rs] = weight
        words.append((related, weight * 0.6))

    def add_english(word: str, weight: float, expand: bool = True) -> None:
        s = stem(word, "en")
        if terms.get("en:" + s, 0.0) < weight:
            terms["en:" + s] = weight
        words.append((word, weight))
        if expand:
            # Thesaurus relations get half weight: they suggest, the resident's own words decide.
            for related in expand_english(s):
                add_related(related, weight * THESAURUS_WEIGHT)

    def add_translation(english: str, phrase: bool) -> None:
        translated = english.split()
        # "señal de alto" -> "stop sign", which is itself an English phrase of the thesaurus.
        related = expand_phrase(tuple(stem(w, "en") for w in translated)) if len(translated) > 1 else ()
        for position, word in enumerate(translated):
            # A word's first translation is the word; the others are near meanings
            # ("pasto: grass weeds"). A phrase's words are all meant.
            weight = 0.9 if phrase or position == 0 else 0.6
            add_english(word, weight, expand=not related)
        for word in related:
            add_related(word, 0.9 * PHRASE_WEIGHT)

    found = tokens(text)
    covered: set[int] = set()
    if language == "es":
        # Phrases first ("aguas negras", "sin placas"): their words are not translated one by one.
        for n in PHRASE_LENGTHS:
            for i in range(len(found) - n + 1):
                if covered.isdisjoint(range(i, i + n)):
                    english = spanish_phrase(tuple(found[i : i + n]))
                    if english:
                        covered.update(range(i, i + n))
                        add_translation(english, phrase=True)
        stop = STOPWORDS["es"]
        for i, token in enumerate(found):
            if token in stop or token.isdigit() or len(token) < 2:
                continue
            terms["es:" + stem(token, "es")] = 1.0
            # The Spanish word's own vector (carried into the English space by a
            # multilingual model): meaning for words the lexicon does not have.
            words.append(("es:" + token, SPANISH_VECTOR_WEIGHT))
            if i in covered:
                continue
            english = spanish_to_english(token)
            if english:
                add_translation(english, phrase=False)
            elif token not in STOPWORDS["en"]:
                # Unknown words are often shared ("graffiti", "hotel") or names.
                add_english(token, 0.4)
    else:
        stems = [stem(token, "en") for token in found]
        for n in PHRASE_LENGTHS:
            for i in range(len(found) - n + 1):
                if covered.isdisjoint(range(i, i + n)):
                    related = expand_phrase(tuple(stems[i : i + n]))
                    if related:
                        # A phrase ("no plates", "stop sign") says more than its words: its
                        # words are not expanded one by one ("dead tree" is no dead animal),
                        # and it has a vector of its own.
                        covered.update(range(i, i + n))
                        words.append((" ".join(found[i : i + n]), 1.0))
                        for word in related:
                            add_related(word, PHRASE_WEIGHT)
        stop = STOPWORDS["en"]
        for i in range(len(found) - 1):
            # "side walk", "rest room", "cross walk": a compound typed as two words is the compound.
            first, second = found[i], found[i + 1]
            if i in covered or i + 1 in covered or first in stop or second in stop:
                continue
            if first not in COMPOUND_HEADS or not second.isalpha():
                continue
            joined = stem(first + second, "en")
            # A suffix is not a word ("van ness" is a street, not a van).
            if joined != stems[i] and expand_english(joined):
                covered.update((i, i + 1))
                add_english(first + second, 1.0)
        places = _place_positions(found)
        for i, token in enumerate(found):
            if token in stop or token.isdigit() or len(token) < 2:
                continue
            weight = 1.0
            if i in places:
                weight *= PLACE_WEIGHT
            if i in covered:
                weight *= MODIFIER_WEIGHT
            add_english(token, weight, expand=i not in covered)
    return Query(language, terms, words)


# Residents name where a problem is as well as what it is: in "a tent on the
# sidewalk" or "a car parked in the alley" the place is often a service of its
# own in the catalog, but not the one meant. The word
# right after a place preposition (and its determiners) counts less.
PLACE_WEIGHT = 0.7
# The words of a thesaurus phrase ("no parking sign", "trash can") count less
# on their own: the phrase's meaning is already added, and its modifiers
# ("parking", "trash") would otherwise pull toward another service.
MODIFIER_WEIGHT = 0.7
# "blocking the sidewalk" names the sidewalk as what is in the way, not as what is broken.
_PLACE_PREPOSITIONS = frozenset(
    [
        "on",
        "in",
        "at",
        "near",
        "by",
        "along",
        "across",
        "outside",
        "behind",
        "beside",
        "onto",
        "inside",
        "around",
        "alongside",
        "opposite",
        "blocking",
        "blocks",
        "obstructing",
        "covering",
    ]
)
_DETERMINERS = frozenset(
    ["the", "a", "an", "my", "our", "your", "his", "her", "their", "this", "that", "these", "those", "its"]
)


def _place_positions(found: list[str]) -> set[int]:
    """Positions of the first word after a place preposition and its determiners ("on the *sidewalk*")."""
    places: set[int] = set()
    for i, token in enumerate(found):
        if token in _PLACE_PREPOSITIONS:
            j = i + 1
            while j < len(found) and found[j] in _DETERMINERS:
                j += 1
            if j < len(found):
                places.add(j)
    return places


def _service_texts(service: ServiceEntry, catalog: Catalog) -> dict[str, list[tuple[str, str]]]:
    """Per field, the (language, text) pairs that describe a service."""
    texts: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for fieldname in ("name", "description", "group"):
        for lang, text in getattr(service, fieldname).items():
            texts[fieldname].append((lang, text))
    for lang, words in service.keywords.items():
        for word in words:
            texts["keywords"].append((lang, word))
    for lang, items in service.attribute_text.items():
        for item in items:
            texts["attributes"].append((lang, item))
    for article in catalog.articles:
        if service.code in article.services:
            texts["articles"].append((article.language, " ".join((article.title, " ".join(article.tags)))))
    return texts


def _text_terms(text: str, language: str) -> list[str]:
    if language not in STOPWORDS:
        language = "en"
    stop = STOPWORDS[language]
    return [f"{language}:{stem(t, language)}" for t in tokens(text) if t not in stop and not t.isdigit() and len(t) > 1]


def _english_words(text: str, language: str) -> list[tuple[str, float]]:
    """Words for the vectors: English text as is, Spanish through the lexicon."""
    return analyse(text, "es" if language == "es" else "en").words


class LexicalIndex:
    """Field-weighted TF-IDF over a list of documents, scored by cosine."""

    def __init__(self, documents: list[dict[str, float]]) -> None:
        n = len(documents)
        df: dict[str, int] = defaultdict(int)
        for doc in documents:
            for term in doc:
                df[term] += 1
        self.idf = {t: math.log((n + 1) / (d + 0.5)) for t, d in df.items()}
        self.columns: dict[str, np.ndarray] = {}
        norms = np.zeros(n)
        weighted: list[dict[str, float]] = []
        for doc in documents:
            w = {t: (1.0 + math.log(tf)) * self.idf[t] for t, tf in doc.items() if tf > 0}
            weighted.append(w)
        for i, w in enumerate(weighted):
            norms[i] = math.sqrt(sum(v * v for v in w.values())) or 1.0
        for i, w in enumerate(weighted):
            for t, v in w.items():
                column = self.columns.get(t)
                if column is None:
                    column = self.columns[t] = np.zeros(n, dtype=np.float32)
                column[i] = v / norms[i]
        self.size = n

    def score(self, terms: dict[str, float]) -> np.ndarray:
        scores = np.zeros(self.size, dtype=np.float32)
        norm = 0.0
        for term, weight in terms.items():
            idf = self.idf.get(term)
            if idf is None:
                # A word the catalog never uses still counts in the query's length,
                # so a long rambling text with one stray keyword scores low.
                norm += (weight * 1.5) ** 2
                continue
            q = weight * idf
            norm += q * q
            scores += q * self.columns[term]
        return scores / math.sqrt(norm) if norm > 0 else scores


@dataclass
class ServiceScore:
    code: str
    name: str
    score: float  # share of belief, 0..1, adding up to 1 over all services


@dataclass
class Ranking:
    services: list[ServiceScore]
    raw: np.ndarray = field(repr=False)  # combined scores in catalog order


class Ranker:
    """Zero-shot ranking over one catalog; build once per catalog version, reuse for every text."""

    def __init__(self, catalog: Catalog, vectors: WordVectors | None = None) -> None:
        self.catalog = catalog
        self.vectors = vectors or word_vectors()
        self.codes = [s.code for s in catalog.services]
        self.position = {code: i for i, code in enumerate(self.codes)}
        documents, prototypes, owners = [], [], []
        for i, service in enumerate(catalog.services):
            doc: dict[str, float] = defaultdict(float)
            for fieldname, pairs in _service_texts(service, catalog).items():
                weight = FIELD_WEIGHTS[fieldname]
                for lang, text in pairs:
                    for term in _text_terms(text, lang):
                        doc[term] += weight
                    if fieldname in ("name", "keywords", "description", "attributes"):
                        vector = self.vectors.embed(_english_words(text, lang))
                        if vector.any():
                            prototypes.append(vector * (1.0 if fieldname != "attributes" else 0.8))
                            owners.append(i)
            documents.append(dict(doc))
        self.lexical = LexicalIndex(documents)
        self.prototypes = np.array(prototypes, dtype=np.float32).reshape(-1, self.vectors.dimensions)
        self.owners = np.array(owners, dtype=np.int64)
        self.owner_ids, self.owner_starts = np.unique(self.owners, return_index=True)
        centroids = np.zeros((len(self.codes), self.vectors.dimensions), dtype=np.float32)
        np.add.at(centroids, self.owners, self.prototypes)
        norms = np.linalg.norm(centroids, axis=1, keepdims=True)
        self.centroids = centroids / np.maximum(norms, 1e-9)
        self.articles = ArticleIndex(catalog.articles, self.vectors) if catalog.articles else None

    def embed(self, query: Query) -> np.ndarray:
        return self.vectors.embed(query.words)

    def zero_shot(self, query: Query, vector: np.ndarray | None = None) -> np.ndarray:
        """Combined lexical + semantic score per service, in catalog order."""
        lexical = self.lexical.score(query.terms)
        if vector is None:
            vector = self.embed(query)
        if vector.any() and len(self.prototypes):
            sims = self.prototypes @ vector
            # Prototypes are stored service by service, so one reduceat gives each service's best match.
            best = np.full(len(self.codes), -1.0, dtype=np.float32)
            best[self.owner_ids] = np.maximum.reduceat(sims, self.owner_starts)
            semantic = 0.5 * best + 0.5 * (self.centroids @ vector)
        else:
            semantic = np.zeros(len(self.codes), dtype=np.float32)
        return LEXICAL_WEIGHT * lexical + SEMANTIC_WEIGHT * semantic

    def rank(self, text: str, language: str, model: TrainedModel | None = None, query: Query | None = None) -> Ranking:
        query = query or analyse(text, language)
        vector = self.embed(query)
        if not self.codes:
            return Ranking([], np.zeros(0, dtype=np.float32))
        raw = self.zero_shot(query, vector)
        if model is not None:
            raw = model.scores(query, vector, raw, self.codes)
            shares = _softmax(raw, 1.0)
        else:
            shares = _softmax(raw, TEMPERATURE)
        order = np.argsort(-shares, kind="stable")
        services = [
            ServiceScore(self.codes[i], self.catalog.services[i].display_name(language), float(shares[i]))
            for i in order
        ]
        return Ranking(services, raw)


def _softmax(values: np.ndarray, temperature: float) -> np.ndarray:
    z = (values - values.max()) / temperature
    e = np.exp(z)
    return e / e.sum()


class ArticleIndex:
    """Knowledge articles by title, tags and readout, in the article's own language."""

    def __init__(self, articles: tuple[ArticleEntry, ...], vectors: WordVectors) -> None:
        self.articles = articles
        self.vectors = vectors
        documents = []
        for article in articles:
            doc: dict[str, float] = defaultdict(float)
            for text, weight in (
                (article.title, 3.0),
                (" ".join(article.tags), 2.0),
                (article.topic, 1.0),
                (article.readout, 0.7),
            ):
                for term in _text_terms(text, article.language):
                    doc[term] += weight
            # Spanish articles also answer in English terms (and the reverse
            # through the query's translation), so a mixed-language city works.
            documents.append(dict(doc))
        self.lexical = LexicalIndex(documents)
        self.vectors_matrix = np.array(
            [vectors.embed(_english_words(a.title + " " + " ".join(a.tags), a.language)) for a in articles],
            dtype=np.float32,
        )

    def search(
        self, query: Query, vector: np.ndarray, language: str, limit: int = 3
    ) -> list[tuple[ArticleEntry, float]]:
        lexical = self.lexical.score(query.terms)
        semantic = self.vectors_matrix @ vector if vector.any() else np.zeros(len(self.articles))
        combined = lexical + 0.5 * semantic
        results = []
        for i in np.argsort(-combined):
            article = self.articles[i]
            if article.language != language:
                continue
            if combined[i] < ARTICLE_THRESHOLD:
                break
            results.append((article, float(combined[i])))
            if len(results) == limit:
                break
        return results


ARTICLE_THRESHOLD = 0.35


# --- trained model -------------------------------------------------------------------


class TrainedModel:
    """A linear model over the text's stems and word vector, learned from closed cases.

    Per service c: ``logit_c = stems . W_c + vector . U_c + b_c + gamma * zero_shot_c``.
    The zero-shot score enters with one shared weight, so a service the city
    has few or no cases for is still ranked by its catalog text; the learned
    terms move services the city's residents describe in their own way.
    """

    def __init__(
        self,
        codes: list[str],
        vocabulary: list[str],
        W: np.ndarray,
        U: np.ndarray,
        b: np.ndarray,
        gamma: float,
        meta: dict | None = None,
    ) -> None:
        self.codes = codes
        self.vocabulary = {t: i for i, t in enumerate(vocabulary)}
        self.W, self.U, self.b, self.gamma = W, U, b, gamma
        self.meta = meta or {}

    def scores(self, query: Query, vector: np.ndarray, zero_shot: np.ndarray, codes: list[str]) -> np.ndarray:
        learned = np.zeros(len(self.codes), dtype=np.float32)
        rows, values = _feature_rows(query, self.vocabulary)
        if rows:
            learned += np.asarray(values, dtype=np.float32) @ self.W[rows]
        learned += vector @ self.U + self.b
        # Map to the ranker's catalog order; services added after training get only the zero-shot part.
        position = {code: i for i, code in enumerate(self.codes)}
        out = self.gamma * zero_shot.astype(np.float32)
        for j, code in enumerate(codes):
            i = position.get(code)
            if i is not None:
                out[j] += learned[i]
        return out

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        vocabulary = sorted(self.vocabulary, key=self.vocabulary.get)
        np.savez_compressed(
            buffer,
            codes=np.array(self.codes),
            vocabulary=np.array(vocabulary),
            W=self.W.astype(np.float16),
            U=self.U.astype(np.float16),
            b=self.b.astype(np.float32),
            gamma=np.array([self.gamma], dtype=np.float32),
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, blob: bytes) -> TrainedModel:
        with np.load(io.BytesIO(blob)) as data:
            return cls(
                [str(c) for c in data["codes"]],
                [str(t) for t in data["vocabulary"]],
                data["W"].astype(np.float32),
                data["U"].astype(np.float32),
                data["b"].astype(np.float32),
                float(data["gamma"][0]),
            )


def _feature_rows(query: Query, vocabulary: dict[str, int]) -> tuple[list[int], list[float]]:
    rows, values = [], []
    for term, weight in query.terms.items():
        i = vocabulary.get(term)
        if i is not None:
            rows.append(i)
            values.append(weight)
    norm = math.sqrt(sum(v * v for v in values)) or 1.0
    return rows, [v / norm for v in values]


# Training settings, chosen by leave-one-city-out on real reports from five cities:
# train on four, measure on the fifth, rotate. PRIOR_ADJUSTMENT above 1 factors
# out a little more than each service's share of the training cases: the city
# the model is used in (or the same city next season) has other shares, and
# services that were rare in training are the ones the model knows least about.
MIN_TERM_COUNT = 2
MAX_VOCABULARY = 30_000
L2_WEIGHTS = 1e-3
L2_BIAS = 1e6  # effectively no per-service bias: shares differ between cities
EPOCHS = 20
MIN_STEPS = 100
LEARNING_RATE = 0.05
BATCH = 256
PRIOR_ADJUSTMENT = 1.5


def catalog_examples(ranker: Ranker) -> list[tuple[Query, int]]:
    """Each service's own name, description, keywords and name with description, as labelled examples.

    A city's cases cover its common services well and its rare ones hardly at
    all; these examples give every service some weight for the words its catalog
    entry uses, so a service with few or no cases is not learned away.
    """
    examples = []
    for i, service in enumerate(ranker.catalog.services):
        texts: list[tuple[str, str]] = []
        for lang, name in service.name.items():
            texts.append((lang, name))
            description = service.description.get(lang, "")
            if description:
                texts += [(lang, description), (lang, f"{name}. {description}")]
        for lang, words in service.keywords.items():
            texts += [(lang, word) for word in words]
        for lang, text in texts:
            if text.strip():
                examples.append((analyse(text, "es" if lang == "es" else "en"), i))
    return examples


def train(ranker: Ranker, examples: list[tuple[str, str, str]], seed: int = 0) -> TrainedModel:
    """Learn from ``(text, language, service_code)`` examples; codes not in the catalog are skipped.

    Plain mini-batch gradient descent (Adam) on cross-entropy in numpy: a city's
    few thousand to few hundred thousand closed cases train in seconds to minutes
    on one core, with no extra dependency.
    """
    codes = ranker.codes
    position = ranker.position
    cases = [(analyse(t, lang), position[c]) for t, lang, c in examples if c in position and t.strip()]
    if not cases:
        raise ValueError("no training example has a service code from the catalog")
    catalog = catalog_examples(ranker)
    counts: dict[str, int] = defaultdict(int)
    for query, _ in cases:
        for term in query.terms:
            counts[term] += 1
    for query, _ in catalog:
        for term in query.terms:
            counts[term] += MIN_TERM_COUNT
    data = cases + catalog
    vocabulary = sorted((t for t, n in counts.items() if n >= MIN_TERM_COUNT), key=lambda t: (-counts[t], t))
    vocabulary = vocabulary[:MAX_VOCABULARY]
    index = {t: i for i, t in enumerate(vocabulary)}
    n, v, c = len(data), len(vocabulary), len(codes)
    d = ranker.vectors.dimensions
    sparse = [_feature_rows(q, index) for q, _ in data]
    vectors = np.array([ranker.embed(q) for q, _ in data], dtype=np.float32)
    zero = np.array([ranker.zero_shot(q, vectors[k]) for k, (q, _) in enumerate(data)], dtype=np.float32)
    labels = np.array([y for _, y in data])
    case_labels = labels[: len(cases)]
    # Logit adjustment: during training the log of each service's share of the
    # cases is added to its logit, so the weights learn what the words say and
    # not how common a service was in this city's history. Another city, or
    # the same city next winter, has other shares; unseen services are not
    # pushed down.
    share = (np.bincount(case_labels, minlength=c) + 1.0) / (len(cases) + c)
    prior = (PRIOR_ADJUSTMENT * np.log(share)).astype(np.float32)

    rng = np.random.default_rng(seed)
    W = np.zeros((v, c), dtype=np.float32)
    U = np.zeros((d, c), dtype=np.float32)
    b = np.zeros(c, dtype=np.float32)
    gamma = np.array(1.0 / TEMPERATURE, dtype=np.float32)
    params = [W, U, b, gamma]
    moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
    step = 0
    # Small training sets still get enough steps to learn; large ones get EPOCHS passes.
    batches = math.ceil(n / BATCH)
    for _ in range(max(EPOCHS, math.ceil(MIN_STEPS / batches))):
        order = rng.permutation(n)
        for start in range(0, n, BATCH):
            batch = order[start : start + BATCH]
            X = np.zeros((len(batch), v), dtype=np.float32)
            for r, k in enumerate(batch):
                rows, values = sparse[k]
                X[r, rows] = values
            E, Z, y = vectors[batch], zero[batch], labels[batch]
            logits = X @ W + E @ U + b + gamma * Z + prior
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            p /= p.sum(axis=1, keepdims=True)
            p[np.arange(len(batch)), y] -= 1.0
            p /= len(batch)
            grads = [
                X.T @ p + L2_WEIGHTS * W,
                E.T @ p + L2_WEIGHTS * U,
                p.sum(axis=0) + L2_BIAS * b / n,
                np.array((p * Z).sum(), dtype=np.float32),
            ]
            step += 1
            for param, grad, (m, s) in zip(params, grads, moments, strict=True):
                m *= 0.9
                m += 0.1 * grad
                s *= 0.999
                s += 0.001 * grad * grad
                update = LEARNING_RATE * (m / (1 - 0.9**step)) / (np.sqrt(s / (1 - 0.999**step)) + 1e-8)
                param -= update.astype(np.float32)
    meta = {"examples": len(cases), "catalog_examples": len(catalog), "vocabulary": v, "services": c}
    return TrainedModel(list(codes), vocabulary, W, U, b, float(gamma), meta)
