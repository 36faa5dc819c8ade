"""Triage: is it an emergency, a question or a problem, and which service type?

Channels call :func:`assess` with the resident's words and render the answer;
for a ``maybe`` emergency they ask ``assessment.emergency.question`` and pass
the reply to :func:`resolve_danger_answer`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .emergency import DANGER_QUESTION, EmergencyCheck, resolve_danger_answer

if TYPE_CHECKING:
    from .assessment import Assessment

__all__ = ["DANGER_QUESTION", "Assessment", "EmergencyCheck", "assess", "resolve_danger_answer"]


def assess(text: str, language: str | None = None) -> Assessment:
    """Assess one resident text against the current city's catalog (and its newest trained model).

    ``language`` is ``'en'`` or ``'es'``; when None it is detected from the text.
    """
    from .service import assess as assess_current

    return assess_current(text, language)


def __getattr__(name: str) -> object:
    # Assessment lives with the engine; importing it lazily keeps
    # ``import cityline.triage`` cheap for Django's app loading.
    if name == "Assessment":
        from .assessment import Assessment

        return Assessment
    raise AttributeError(name)
