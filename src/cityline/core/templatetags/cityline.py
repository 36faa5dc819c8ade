from __future__ import annotations

from typing import Any

from django import template

from cityline.core.i18n import active_language, pick

register = template.Library()


@register.filter
def localized(obj: Any, field: str) -> str:
    """``{{ department|localized:"name" }}``: the field in the page's language."""
    if obj is None:
        return ""
    if hasattr(obj, "localized"):
        return obj.localized(field, active_language())
    return pick(getattr(obj, field, ""), active_language())


@register.filter
def in_language(texts: Any) -> str:
    """``{{ service.emergency_notice|in_language }}`` for a {language: text} mapping."""
    return pick(texts, active_language())
