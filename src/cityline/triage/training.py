"""Train the service-type ranking from what a city already knows: its closed cases.

A closed case's description is what the resident said; its final service type
is what staff decided it really was (after any re-categorising). Those pairs are
the city's own labelled data.
"""

from __future__ import annotations

from typing import Any

from .assessment import Triage
from .engine import TrainedModel as Model
from .engine import train
from .text import detect_language

# Below this many examples a held-out check says nothing; train on all, report none.
MIN_HOLDOUT_EXAMPLES = 50


def cases_examples(limit: int = 200_000) -> list[tuple[str, str, str]]:
    """``(description, language, service_code)`` of the newest closed cases."""
    from cityline.cases.models import Case

    fields = {f.name for f in Case._meta.get_fields()}
    cases = Case.objects.exclude(description="").filter(service_type__isnull=False)
    if "closed_at" in fields:
        cases = cases.filter(closed_at__isnull=False).order_by("-closed_at")
    elif "status" in fields:
        cases = cases.filter(status="closed").order_by("-pk")
    values = ["description", "service_type__code"] + (["language"] if "language" in fields else [])
    examples = []
    for row in cases.values(*values)[:limit]:
        text = row["description"]
        language = row.get("language") or detect_language(text)
        examples.append((text, language, row["service_type__code"]))
    return examples


def _accuracy(triage: Triage, model: Model | None, examples: list[tuple[str, str, str]]) -> tuple[float, float]:
    top1 = top3 = 0
    for text, language, code in examples:
        codes = [s.code for s in triage.ranker.rank(text, language, model).services[:3]]
        top1 += codes[0] == code
        top3 += code in codes
    return round(top1 / len(examples), 4), round(top3 / len(examples), 4)


def train_and_store(examples: list[tuple[str, str, str]], source: str) -> Any:
    """Train on the examples, measure on a held-out fifth, store the model trained on all of them."""
    from .models import TrainedModel
    from .service import _current_jurisdiction, _pack_of, catalog_from_database, forget

    jurisdiction = _current_jurisdiction()
    triage = Triage(catalog_from_database(jurisdiction))
    known = set(triage.ranker.codes)
    usable = [e for e in examples if e[2] in known]
    if not usable:
        raise ValueError("none of the examples has a service code of the current catalog")
    metrics: dict[str, Any] = {"skipped_unknown_code": len(examples) - len(usable)}
    if len(usable) >= MIN_HOLDOUT_EXAMPLES:
        cut = len(usable) * 4 // 5
        held_out = usable[cut:]
        model = train(triage.ranker, usable[:cut])
        metrics["top1_zero_shot"], metrics["top3_zero_shot"] = _accuracy(triage, None, held_out)
        metrics["top1_trained"], metrics["top3_trained"] = _accuracy(triage, model, held_out)
        metrics["held_out"] = len(held_out)
    model = train(triage.ranker, usable)
    row = TrainedModel.objects.create(
        pack=_pack_of(jurisdiction),
        catalog_version=str(getattr(jurisdiction, "catalog_version", "")),
        source=source[:200],
        examples=len(usable),
        services=len({e[2] for e in usable}),
        metrics=metrics,
        blob=model.to_bytes(),
    )
    forget()
    return row
