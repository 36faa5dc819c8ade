from __future__ import annotations

from django.db import models


class TrainedModel(models.Model):
    """A service-type ranking model learned from a city's closed cases.

    Kept in the database, not on disk, because web processes hold no state:
    every process loads the newest one for the current catalog.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    # The pack (jurisdiction) and catalog version the model was trained against;
    # a model for another pack is never used.
    pack = models.CharField(max_length=100, blank=True)
    catalog_version = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=200, help_text="Where the examples came from: 'cases' or a CSV file name.")
    examples = models.PositiveIntegerField(default=0)
    services = models.PositiveIntegerField(default=0)
    # Held-out figures measured at training time, shown in the admin.
    metrics = models.JSONField(default=dict, blank=True)
    blob = models.BinaryField()

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"triage model {self.pk} ({self.examples} examples, {self.created_at:%Y-%m-%d %H:%M})"
