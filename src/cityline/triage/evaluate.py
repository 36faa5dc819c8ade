"""Measure triage on labelled text: what ``cityline eval-triage`` prints.

Classification rows are ``text,service_code`` (more columns are ignored);
emergency rows are ``text,emergency`` with 1 for a real emergency.

How ``maybe`` counts (the output says so in ``emergency_convention``): every
channel asks a ``maybe`` "is anyone in danger right now?" and sends a "yes" to
911, so a real emergency answered ``maybe`` still reaches 911, one question
later. Hence

* ``emergency_recall`` counts a real emergency as caught on ``yes`` or ``maybe``;
  ``emergency_recall_yes_only`` is the stricter share told to dial 911 at once;
* ``emergency_fpr`` is the share of ordinary reports told to dial 911 at once
  (``yes``); ``emergency_fpr_with_maybe`` adds those asked the question, the
  share of ordinary residents who are interrupted at all;
  ``emergency_maybe_rate`` is the share asked the question.

The emergency level is the whole assessment's (rules, plus a likely match to a
service type the city handles as an emergency), as every channel sees it.
"""

from __future__ import annotations

import csv
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any

from .assessment import Triage
from .catalog import Catalog
from .engine import train

EMERGENCY_CONVENTION = (
    "recall counts yes and maybe (a maybe asks the danger question and a yes answer goes to 911); "
    "fpr counts yes only (told to dial 911); fpr_with_maybe counts ordinary reports asked the question too"
)


def read_csv(path: str | Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    if rows and "text" not in rows[0]:
        raise ValueError(f"{path}: needs a 'text' column (found: {', '.join(rows[0])})")
    return rows


def training_examples(rows: list[dict[str, str]], language: str | None) -> list[tuple[str, str, str]]:
    from .text import detect_language

    return [
        (row["text"], language or row.get("language") or detect_language(row["text"]), row["service_code"])
        for row in rows
        if row.get("text") and row.get("service_code")
    ]


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    classes = sorted(set(gold))
    if not classes:
        return 0.0
    tp, fp, fn = Counter(), Counter(), Counter()
    for g, p in zip(gold, predicted, strict=True):
        if g == p:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
    scores = []
    for c in classes:
        precision = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else 0.0
        recall = tp[c] / (tp[c] + fn[c]) if tp[c] + fn[c] else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores)


def evaluate(
    catalog: Catalog,
    data: list[dict[str, str]],
    train_rows: list[dict[str, str]] | None = None,
    emergency_rows: list[dict[str, str]] | None = None,
    language: str | None = None,
) -> dict[str, Any]:
    triage = Triage(catalog)
    if train_rows:
        triage.model = train(triage.ranker, training_examples(train_rows, language))
    known = set(triage.ranker.codes)
    rows = [r for r in data if r.get("text") and r.get("service_code") in known]
    gold, first, hits1, hits3, timings = [], [], 0, 0, []
    for row in rows:
        started = time.perf_counter()
        assessment = triage.assess(row["text"], language, limit=3)
        timings.append((time.perf_counter() - started) * 1000)
        codes = [s.code for s in assessment.services]
        gold.append(row["service_code"])
        first.append(codes[0] if codes else "")
        hits1 += bool(codes) and codes[0] == row["service_code"]
        hits3 += row["service_code"] in codes[:3]
    result: dict[str, Any] = {
        "mode": "trained" if train_rows else "zero-shot",
        "n": len(rows),
        "top1": round(hits1 / len(rows), 4) if rows else None,
        "top3": round(hits3 / len(rows), 4) if rows else None,
        "macro_f1": round(macro_f1(gold, first), 4) if rows else None,
        "n_skipped": len(data) - len(rows),
        "n_train": len(train_rows or ()),
    }
    levels: Counter[tuple[bool, str]] = Counter()
    for row in emergency_rows or ():
        is_emergency = str(row.get("emergency", "")).strip().lower() in ("1", "yes", "true")
        started = time.perf_counter()
        check = triage.assess(row["text"], language, limit=3).emergency
        timings.append((time.perf_counter() - started) * 1000)
        levels[(is_emergency, check.level)] += 1
    positives = sum(v for (e, _), v in levels.items() if e)
    negatives = sum(v for (e, _), v in levels.items() if not e)

    def share(count: int, total: int) -> float | None:
        return round(count / total, 4) if total else None

    caught_yes, caught_maybe = levels[(True, "yes")], levels[(True, "maybe")]
    false_yes, false_maybe = levels[(False, "yes")], levels[(False, "maybe")]
    result.update(
        n_emergency=positives,
        n_ordinary=negatives,
        emergency_convention=EMERGENCY_CONVENTION,
        emergency_recall=share(caught_yes + caught_maybe, positives),
        emergency_recall_yes_only=share(caught_yes, positives),
        emergency_fpr=share(false_yes, negatives),
        emergency_fpr_with_maybe=share(false_yes + false_maybe, negatives),
        emergency_maybe_rate=share(false_maybe, negatives),
        ms_per_text=round(statistics.median(timings), 3) if timings else None,
    )
    return result
