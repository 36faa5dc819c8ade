"""Measure triage on labelled text: what ``cityline eval-triage`` prints.

Classification rows are ``text,service_code`` (more columns are ignored);
emergency rows are ``text,emergency`` with 1 for a real emergency. Emergency
recall counts a real emergency as caught when triage says ``yes`` or ``maybe``,
because a ``maybe`` asks the resident "is anyone in danger right now?" and a
person in an emergency answers yes; ``emergency_recall_yes`` is the stricter
share caught without the question. ``emergency_fpr`` is the share of ordinary
reports told to dial 911 (``yes``); ``emergency_maybe_rate`` the share asked
the question.
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
from .emergency import detect
from .engine import train


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
        check = detect(row["text"], language or triage.language_of(row["text"], None))
        timings.append((time.perf_counter() - started) * 1000)
        levels[(is_emergency, check.level)] += 1
    positives = sum(v for (e, _), v in levels.items() if e)
    negatives = sum(v for (e, _), v in levels.items() if not e)
    result.update(
        n_emergency=positives,
        n_ordinary=negatives,
        emergency_recall=round((levels[(True, "yes")] + levels[(True, "maybe")]) / positives, 4) if positives else None,
        emergency_recall_yes=round(levels[(True, "yes")] / positives, 4) if positives else None,
        emergency_fpr=round(levels[(False, "yes")] / negatives, 4) if negatives else None,
        emergency_maybe_rate=round(levels[(False, "maybe")] / negatives, 4) if negatives else None,
        ms_per_text=round(statistics.median(timings), 3) if timings else None,
    )
    return result
