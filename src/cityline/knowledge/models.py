"""Knowledge articles: what residents ask, answered in each of the city's languages."""

from __future__ import annotations

from django.db import models
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# CommonMark with raw HTML switched off: article bodies cannot inject markup into pages.
_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")


class Article(models.Model):
    slug = models.SlugField(max_length=120)
    key = models.SlugField(max_length=120, help_text="Translation key shared by the language versions")
    language = models.CharField(max_length=8)
    title = models.CharField(max_length=300)
    topic = models.CharField(max_length=200)
    tags = models.JSONField(default=list, blank=True)
    readout = models.TextField(help_text="The answer in 1–3 plain sentences, for the phone line and SMS")
    body = models.TextField(help_text="Markdown")
    services = models.ManyToManyField("catalog.ServiceType", blank=True, related_name="articles")
    departments = models.ManyToManyField("directory.Department", blank=True, related_name="articles")
    active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["topic", "title"]
        constraints = [
            models.UniqueConstraint(fields=["language", "slug"], name="unique_article_slug"),
            models.UniqueConstraint(fields=["language", "key"], name="unique_article_translation"),
        ]

    def __str__(self) -> str:
        return f"[{self.language}] {self.title}"

    @cached_property
    def body_html(self) -> SafeString:
        return mark_safe(_markdown.render(self.body))

    def translation(self, language: str) -> Article | None:
        if language == self.language:
            return self
        return Article.objects.filter(key=self.key, language=language, active=True).first()
