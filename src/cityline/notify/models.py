"""What notify keeps beside the outbox: the SMS opt-out list, which SLA alerts and digests went out."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class SmsOptOut(models.Model):
    """A number that texted STOP (or was opted out by staff): no text message goes to it again
    until it texts START. Carriers require this; the provider refuses such sends anyway."""

    number = models.CharField(max_length=20, unique=True, help_text="E.164")
    opted_out_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=100, blank=True, help_text='e.g. "STOP reply", "staff"')

    class Meta:
        verbose_name = "SMS opt-out"
        ordering = ["-opted_out_at"]

    def __str__(self) -> str:
        return self.number


class SlaAlertKind(models.TextChoices):
    DUE_SOON = "sla_due_soon", "Due soon"
    BREACHED = "sla_breached", "Breached"


class SlaAlert(models.Model):
    """One SLA alert sent for one case and one due time (a new due time after a reopen or a hold
    earns a new alert; the same one is never sent twice)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="sla_alerts")
    kind = models.CharField(max_length=16, choices=SlaAlertKind.choices)
    due_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "kind", "due_at"], name="one_sla_alert_per_due")]

    def __str__(self) -> str:
        return f"{self.case.number} {self.kind}"


class DigestRun(models.Model):
    """The morning digest of one department for one business day."""

    department = models.ForeignKey("directory.Department", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["department", "day"], name="one_digest_per_day")]

    def __str__(self) -> str:
        return f"{self.department} {self.day}"
