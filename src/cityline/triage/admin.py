"""Staff see the trained triage models: which one is in use, what it learned from, how it measured.

Models are made by ``cityline train-triage``, never typed in, so the page is
read-only. Deleting the newest model puts the one before it back in use (every
process picks the change up within seconds), which is how a city rolls back a
model that made ranking worse.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html_join

from .models import TrainedModel


@admin.register(TrainedModel)
class TrainedModelAdmin(admin.ModelAdmin):
    list_display = ["__str__", "pack", "source", "examples", "services", "held_out_top1", "held_out_top3", "in_use"]
    list_filter = ["pack"]
    search_fields = ["source", "pack"]
    fields = ["pack", "catalog_version", "created_at", "source", "examples", "services", "in_use", "figures", "size"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="held-out top-1 (catalog alone → trained)")
    def held_out_top1(self, obj: TrainedModel) -> str:
        return _pair(obj.metrics, "top1")

    @admin.display(description="held-out top-3 (catalog alone → trained)")
    def held_out_top3(self, obj: TrainedModel) -> str:
        return _pair(obj.metrics, "top3")

    @admin.display(boolean=True, description="in use")
    def in_use(self, obj: TrainedModel) -> bool:
        newest = TrainedModel.objects.filter(pack=obj.pack).order_by("-created_at", "-id").first()
        return newest is not None and newest.pk == obj.pk

    @admin.display(description="figures measured at training time")
    def figures(self, obj: TrainedModel) -> str:
        labels = {
            "held_out": "examples held out to measure",
            "top1_zero_shot": "top-1, catalog alone",
            "top1_trained": "top-1, trained",
            "top3_zero_shot": "top-3, catalog alone",
            "top3_trained": "top-3, trained",
            "skipped_unknown_code": "examples skipped (service code not in the catalog)",
        }
        rows = [(labels.get(key, key), value) for key, value in (obj.metrics or {}).items()]
        if not rows:
            return "Too few examples to hold some out; nothing measured."
        return format_html_join("", "<div>{}: <strong>{}</strong></div>", rows)

    @admin.display(description="stored size")
    def size(self, obj: TrainedModel) -> str:
        return f"{len(bytes(obj.blob or b'')) / 1024:.0f} KB"


def _pair(metrics: dict, name: str) -> str:
    before, after = (metrics or {}).get(f"{name}_zero_shot"), (metrics or {}).get(f"{name}_trained")
    if before is None or after is None:
        return "—"
    return f"{before:.0%} → {after:.0%}"
