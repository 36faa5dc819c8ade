"""One resident text in, one :class:`Assessment` out: what a 311 call-taker decides.

:class:`Triage` holds everything built from one catalog (indexes, word vectors,
an optional trained model) and answers in about a millisecond. It is plain
Python: the Django layer (``service.py``) builds one from the database and keeps
it while the catalog version stays the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .catalog import Catalog
from .emergency import YES, EmergencyCheck, detect, raise_for_service
from .engine import Ranker, TrainedModel, analyse
from .text import SUPPORTED_LANGUAGES, detect_language, fold

# Below this share for the first-ranked service, a channel asks again rather than offer a guess.
LIKELY_SHARE = 0.35


@dataclass(frozen=True)
class ServiceMatch:
    code: str
    name: str
    score: float  # share of belief over the catalog, 0..1


@dataclass(frozen=True)
class ArticleMatch:
    slug: str
    key: str
    title: str
    readout: str
    score: float


@dataclass(frozen=True)
class DepartmentMatch:
    slug: str
    name: str
    score: float


@dataclass(frozen=True)
class Assessment:
    language: str
    emergency: EmergencyCheck
    kind: str  # 'emergency' | 'question' | 'problem'
    services: list[ServiceMatch] = field(default_factory=list)
    articles: list[ArticleMatch] = field(default_factory=list)
    departments: list[DepartmentMatch] = field(default_factory=list)

    @property
    def top_service(self) -> ServiceMatch | None:
        return self.services[0] if self.services else None

    def likely_services(self, min_share: float = LIKELY_SHARE, limit: int = 4) -> list[ServiceMatch]:
        """The ranked services worth offering a resident ("it sounds like …"), or none when even the
        first holds too small a share of belief: the text was too vague ("the thing", "I need help")."""
        if not self.services or self.services[0].score < min_share:
            return []
        return self.services[:limit]


# A question asks for information; "why hasn't my trash been picked up?" is
# phrased as a question but reports a problem, and a call-taker opens a case.
_QUESTION_START = re.compile(
    r"^(?:how|what|whats|when|where|who|why|which|can i|can we|can you|could you|do i|do you|do we|does|"
    r"is there|are there|is it|will|should i|am i|may i|i (?:want|would like|need) to know|tell me|"
    r"information|info|como|cuando|donde|cual|cuales|quien|por que|puedo|podemos|se puede|"
    r"necesito (?:saber|informacion)|quiero saber|me (?:puede|pueden) decir|informacion)\b"
)
_PROBLEM_MARKERS = re.compile(
    r"\b(?:hasnt|has not|havent|have not|wasnt|werent|didnt|did not|still|not been|broken|again|for (?:days|weeks|"
    r"months)|no one came|nobody came|out front|in front of|no han|todavia|sigue|siguen|no vinieron|no pasaron|"
    r"roto|rota|descompuest\w*)\b"
)


def classify_kind(text: str, emergency: EmergencyCheck) -> str:
    if emergency.level == YES:
        return "emergency"
    folded = " ".join(re.findall(r"[a-z0-9]+", fold(text).replace("'", "").replace("\u2019", "")))
    asks = bool(_QUESTION_START.search(folded)) or text.strip().endswith("?")
    if asks and not _PROBLEM_MARKERS.search(folded):
        return "question"
    return "problem"


# A service type the city handles as an emergency (gas smell, downed wire) that
# holds this share of belief among the top three makes a ``no`` a ``maybe``. Low
# on purpose: asking one question costs little, a missed gas leak a lot.
EMERGENCY_SERVICE_SHARE = 0.25


class Triage:
    """Everything built from one catalog; reuse one instance for every text."""

    def __init__(
        self,
        catalog: Catalog,
        model: TrainedModel | None = None,
        emergency_number: str = "911",
        default_language: str | None = None,
    ) -> None:
        self.catalog = catalog
        self.ranker = Ranker(catalog)
        self.model = model
        self.emergency_number = emergency_number
        self.default_language = default_language or (catalog.languages[0] if catalog.languages else "en")
        self._departments = {d.slug: d for d in catalog.departments}
        self._services = {s.code: s for s in catalog.services}

    def language_of(self, text: str, language: str | None) -> str:
        if language in SUPPORTED_LANGUAGES:
            return language
        return detect_language(
            text, default=self.default_language if self.default_language in SUPPORTED_LANGUAGES else "en"
        )

    def assess(self, text: str, language: str | None = None, limit: int = 5) -> Assessment:
        language = self.language_of(text, language)
        emergency = detect(text, language, self.emergency_number)
        query = analyse(text, language)
        ranking = self.ranker.rank(text, language, self.model, query)
        services = [ServiceMatch(s.code, s.name, round(s.score, 4)) for s in ranking.services[:limit]]
        emergency = self._emergency_from_services(emergency, ranking.services[:3], language)
        articles: list[ArticleMatch] = []
        if self.ranker.articles is not None:
            for article, score in self.ranker.articles.search(query, self.ranker.embed(query), language):
                articles.append(
                    ArticleMatch(article.slug, article.key, article.title, article.readout, round(score, 4))
                )
        return Assessment(
            language=language,
            emergency=emergency,
            kind=classify_kind(text, emergency),
            services=services,
            articles=articles,
            departments=self._rank_departments(services, articles, language),
        )

    def _emergency_from_services(self, emergency: EmergencyCheck, ranked: list, language: str) -> EmergencyCheck:
        """A likely match to a service type the city handles as an emergency asks the danger question."""
        for match in ranked:
            service = self._services.get(match.code)
            if service is not None and service.emergency and match.score >= EMERGENCY_SERVICE_SHARE:
                notice = service.emergency_notice.get(language) or next(iter(service.emergency_notice.values()), "")
                return raise_for_service(
                    emergency, service.display_name(language), notice, language, self.emergency_number
                )
        return emergency

    def _rank_departments(
        self, services: list[ServiceMatch], articles: list[ArticleMatch], language: str
    ) -> list[DepartmentMatch]:
        """Departments behind the likely services and the matching articles, by summed share."""
        weights: dict[str, float] = {}
        for match in services[:3]:
            service = self._services.get(match.code)
            if service and service.department:
                weights[service.department] = weights.get(service.department, 0.0) + match.score
        by_slug = {a.slug: a for a in self.catalog.articles}
        for match in articles:
            entry = by_slug.get(match.slug)
            for slug in entry.departments if entry else ():
                weights[slug] = weights.get(slug, 0.0) + 0.5 * match.score
        ranked = sorted(weights.items(), key=lambda item: -item[1])
        result = []
        for slug, weight in ranked[:3]:
            department = self._departments.get(slug)
            name = department.display_name(language) if department else slug
            result.append(DepartmentMatch(slug, name, round(weight, 4)))
        return result
