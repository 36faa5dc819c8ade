"""A small made-up city for triage tests: its catalog, and the current-city hooks pointed at it."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from cityline.triage import service
from cityline.triage.catalog import ArticleEntry, Catalog, DepartmentEntry, ServiceEntry

HUTCHINSON = Path(service.__file__).resolve().parents[1] / "packs" / "hutchinson-ks"


def small_catalog(version: str = "1") -> Catalog:
    return Catalog(
        services=(
            ServiceEntry(
                "pothole",
                {"en": "Pothole", "es": "Bache"},
                {"en": "A hole in a city street.", "es": "Un hoyo en una calle."},
                keywords={"en": ["pothole", "hole in the road"], "es": ["bache", "hoyo"]},
                department="public-works",
            ),
            ServiceEntry(
                "streetlight",
                {"en": "Streetlight out", "es": "Lámpara apagada"},
                {"en": "A street light that is dark or flickering."},
                keywords={"en": ["street light", "lamp post"], "es": ["farola", "alumbrado"]},
                department="public-works",
            ),
            ServiceEntry(
                "graffiti",
                {"en": "Graffiti", "es": "Grafiti"},
                {"en": "Paint or tagging on a wall or sign."},
                department="parks",
            ),
            ServiceEntry(
                "noise",
                {"en": "Noise complaint", "es": "Queja por ruido"},
                {"en": "Loud music, parties or barking at night."},
                department="police",
            ),
        ),
        articles=(
            ArticleEntry(
                "trash-day",
                "en",
                "When is my trash picked up?",
                key="trash-day",
                tags=("trash", "garbage", "pickup day"),
                readout="Trash is picked up once a week on your street's day.",
                departments=("sanitation",),
            ),
            ArticleEntry(
                "dia-basura",
                "es",
                "¿Cuándo recogen mi basura?",
                key="trash-day",
                tags=("basura", "recolección"),
                readout="La basura se recoge una vez por semana.",
            ),
        ),
        departments=(
            DepartmentEntry("public-works", {"en": "Public Works", "es": "Obras Públicas"}),
            DepartmentEntry("parks", {"en": "Parks", "es": "Parques"}),
            DepartmentEntry("police", {"en": "Police (non-emergency)", "es": "Policía (no emergencias)"}),
            DepartmentEntry("sanitation", {"en": "Sanitation", "es": "Sanidad"}),
        ),
        version=version,
    )


@pytest.fixture
def made_up_city(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """The current city is a small made-up one; its catalog comes from ``small_catalog``."""
    jurisdiction = SimpleNamespace(slug="testville", languages=["en", "es"], catalog_version=1)
    monkeypatch.setattr(service, "_current_jurisdiction", lambda: jurisdiction)
    monkeypatch.setattr(service, "catalog_from_database", lambda j=None: small_catalog(str(j.catalog_version)))
    service.forget()
    yield jurisdiction
    service.forget()


@pytest.fixture(scope="session")
def hutchinson_triage():
    from cityline.triage.assessment import Triage
    from cityline.triage.catalog import from_pack

    if not (HUTCHINSON / "services.yaml").exists():
        pytest.skip("the Hutchinson pack is not in this checkout")
    return Triage(from_pack(HUTCHINSON))
