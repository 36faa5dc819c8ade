"""The console's own data: response templates that staff put into notes and closing messages."""

from __future__ import annotations

from django.db import models

from cityline.core.i18n import Translatable


class ResponseTemplate(Translatable):
    """A ready-made public note ("Crew scheduled", "Patched, thank you") for a service type, or for any.

    The text is kept in the city's first language, other languages in ``translations``, so the note
    goes to a resident in the language they reported in.
    """

    name = models.CharField(max_length=120, help_text="What staff see in the list, e.g. 'Patched'")
    service_type = models.ForeignKey(
        "catalog.ServiceType",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="response_templates",
        help_text="Empty: offered for every service type",
    )
    text = models.TextField(help_text="The note, as the resident will read it")
    closes_case = models.BooleanField(default=False, help_text="Offered when closing a case")
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        scope = self.service_type.code if self.service_type_id else "any type"
        return f"{self.name} ({scope})"

    @classmethod
    def for_case(cls, case) -> list[ResponseTemplate]:
        """The templates offered on a case: its type's first, then those for every type."""
        rows = cls.objects.filter(active=True).filter(
            models.Q(service_type__isnull=True) | models.Q(service_type_id=case.service_type_id)
        )
        return sorted(rows, key=lambda t: (t.service_type_id is None, t.position, t.name))
