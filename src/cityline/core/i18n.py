"""Text in the city's languages.

Packs give translatable text either as a plain string (the city's first language) or as a mapping
of language code to string. Models keep the first language in their ordinary column, so the admin,
Open311 and exports read a plain string, and every language (the first included) in a
``translations`` JSON column: ``{"es": {"name": "Bache", ...}, "en": {...}}``.
"""

from __future__ import annotations

from django.db import models
from django.utils import translation


def active_language(default: str = "en") -> str:
    """The language of the current request or command, reduced to its base code (es-mx → es)."""
    return (translation.get_language() or default).split("-")[0]


def pick(texts: dict[str, str] | str | None, language: str | None = None, fallback: str = "en") -> str:
    """The text in ``language`` from a {language: text} mapping, else the fallback language's, else any."""
    if texts is None:
        return ""
    if isinstance(texts, str):
        return texts
    language = language or active_language(fallback)
    for candidate in (language, fallback):
        if texts.get(candidate):
            return texts[candidate]
    return next((value for value in texts.values() if value), "")


class Translatable(models.Model):
    """A model whose text columns hold the first language and ``translations`` the others."""

    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True

    def localized(self, field: str, language: str | None = None) -> str:
        language = language or active_language()
        translated = self.translations.get(language, {}).get(field)
        return translated or getattr(self, field)

    def all_languages(self, field: str) -> dict[str, str]:
        """Every language's text for one field: {language: text}."""
        texts = {}
        for language, fields in self.translations.items():
            if fields.get(field):
                texts[language] = fields[field]
        return texts
