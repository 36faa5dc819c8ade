"""The portal's one door to triage (``cityline.triage``): the resident's words in, an assessment out.

Triage is its own app; when it is not installed (a slimmed-down build) or fails on a text, the
report flow falls back to "choose from the list of service types", and the search box to plain
search: a resident is never stopped by it. Emergency advice on every page stays regardless.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)


def _triage_module() -> Any | None:
    try:
        from cityline import triage
    except ImportError:  # pragma: no cover - triage ships with Cityline; this guards a slim build
        return None
    return triage if hasattr(triage, "assess") else None


def available() -> bool:
    return _triage_module() is not None


def assess(text: str, language: str) -> Any | None:
    """``cityline.triage.assess`` or None when triage is missing or fails on this text."""
    triage = _triage_module()
    if triage is None or not (text or "").strip():
        return None
    try:
        return triage.assess(text, language)
    except Exception:  # a failure here must not stop a resident's report
        logger.exception("triage failed on a portal text; falling back to the list of service types")
        return None


def resolve_danger_answer(answer: str, language: str, category: str = "", emergency_number: str = "911") -> Any | None:
    """Triage's decision (an ``EmergencyCheck``: ``.level``, ``.advice``) on the resident's answer to
    "is anyone in danger right now?", or None without triage (the portal's yes/no buttons then
    decide plainly)."""
    triage = _triage_module()
    if triage is None:
        return None
    try:
        return triage.resolve_danger_answer(answer, language, category, emergency_number)
    except Exception:
        logger.exception("triage could not read a danger answer")
        return None
