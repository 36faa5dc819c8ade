"""Summary tables (roll-ups) that the dashboards and the public page read instead of the cases.

Every row is derived from ``cases`` (cases, history, interactions) by ``insights.rollups`` and can
be rebuilt from them at any time (`cityline refresh-insights --full`). Nothing here is a record of
its own: ``insights`` only reads the domain.

Why three grains: the facts are kept per city day (``grain="d"``), per week (``"w"``, Monday to
Sunday) and per month (``"m"``); a date range is answered from the month rows for the whole months
inside it, the week rows for the whole weeks left at its ends, and the day rows for the rest, so a
year of a million cases is read as a few thousand rows.

Why two case tables: ``CaseFact`` keeps every dimension a filter can ask for; ``ServiceFact`` is
the same figures without the channel and the language, which multiply the rows by six or so. A
question that does not filter or group by channel or language (the public page, and the
dashboard unless those filters are set) is read from ``ServiceFact``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

# Time to close is kept as a histogram: these are the bucket upper edges, in hours (a case that
# closes within the edge, rounded up to the hour, counts in that bucket). The resolution is one
# hour through the first half-day, then coarser as a wait grows: what a reader of "median 2.5
# days" needs, with a fixed number of columns. The last bucket is open-ended (over a year).
CLOSE_TIME_EDGES_HOURS: tuple[int, ...] = (
    *range(1, 13),  # every hour to 12 h
    *range(14, 25, 2),  # every 2 h to a day
    *range(30, 49, 6),  # every 6 h to 2 days
    *range(60, 169, 12),  # every 12 h to a week
    *range(192, 721, 24),  # every day to 30 days
    *(days * 24 for days in range(35, 92, 7)),  # every week to 13 weeks
    *(days * 24 for days in (120, 150, 180, 270, 365)),
)
CLOSE_TIME_BUCKETS = len(CLOSE_TIME_EDGES_HOURS) + 1  # + "more than a year"


def bucket_field(index: int) -> str:
    return f"t{index:02d}"


BUCKET_FIELDS: tuple[str, ...] = tuple(bucket_field(i) for i in range(CLOSE_TIME_BUCKETS))


class Grain(models.TextChoices):
    DAY = "d", "Day"
    WEEK = "w", "Week"
    MONTH = "m", "Month"


class ClosingFigures(models.Model):
    """What the case roll-ups count in one period for one department, type and district: cases
    opened, closed (duplicates apart), on time and late, and the hours to close, as a sum and as a
    histogram (``t00`` … ``tNN``) from which medians and percentiles are read."""

    grain = models.CharField(max_length=1, choices=Grain.choices)
    period = models.DateField(help_text="The city day, the Monday of the week, or the first day of the month")
    department = models.ForeignKey("directory.Department", on_delete=models.CASCADE, related_name="+")
    service_type = models.ForeignKey("catalog.ServiceType", on_delete=models.CASCADE, related_name="+")
    district = models.CharField(max_length=64, blank=True)
    opened = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    close_hours = models.FloatField(default=0, help_text="Sum of the hours to close (for means)")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.grain}:{self.period} {self.service_type_id} {self.opened}/{self.closed}"


for _index in range(CLOSE_TIME_BUCKETS):
    models.PositiveIntegerField(default=0).contribute_to_class(ClosingFigures, bucket_field(_index))


class CaseFact(ClosingFigures):
    """Cases opened and closed in one period, by department, type, district, channel and language.

    ``opened`` counts cases created in the period; the other measures count cases *closed* in the
    period (by the city's day of closing). Cases closed as duplicates are counted in ``closed`` and
    ``duplicates`` only: they were merged into another case, so they are neither on time nor late
    and have no time to close of their own.
    """

    channel = models.CharField(max_length=16)
    language = models.CharField(max_length=8)

    class Meta:
        indexes = [models.Index(fields=["grain", "period"], name="casefact_period")]


class ServiceFact(ClosingFigures):
    """``CaseFact`` summed over channels and languages: by period, department, type and district.

    Written from the ``CaseFact`` day rows by every refresh; the measures mean the same.
    """

    class Meta:
        indexes = [models.Index(fields=["grain", "period"], name="servicefact_period")]


class ContactFact(models.Model):
    """Contacts (interactions) started in one period, by channel, language, outcome and matter."""

    grain = models.CharField(max_length=1, choices=Grain.choices)
    period = models.DateField()
    channel = models.CharField(max_length=16)
    language = models.CharField(max_length=8)
    outcome = models.CharField(max_length=20, blank=True)
    department = models.ForeignKey(
        "directory.Department", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    service_type = models.ForeignKey(
        "catalog.ServiceType", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    contacts = models.PositiveIntegerField(default=0)
    timed = models.PositiveIntegerField(default=0, help_text="Contacts with an end time")
    handled_seconds = models.FloatField(default=0)
    first_contacts = models.PositiveIntegerField(
        default=0, help_text="Handled contacts from a known caller, not repeating an earlier one within 7 days"
    )
    resolved_first = models.PositiveIntegerField(
        default=0, help_text="First contacts that settled the matter: no repeat within 7 days"
    )

    class Meta:
        indexes = [models.Index(fields=["grain", "period"], name="contactfact_period")]

    def __str__(self) -> str:
        return f"{self.grain}:{self.period} {self.channel} {self.outcome} {self.contacts}"


class ContactHour(models.Model):
    """Contacts by the city's day and hour: the hour-of-week pattern and the staffing forecast."""

    day = models.DateField()
    weekday = models.PositiveSmallIntegerField(help_text="0 = Monday")
    hour = models.PositiveSmallIntegerField()
    channel = models.CharField(max_length=16)
    language = models.CharField(max_length=8)
    outcome = models.CharField(max_length=20, blank=True)
    contacts = models.PositiveIntegerField(default=0)
    timed = models.PositiveIntegerField(default=0)
    handled_seconds = models.FloatField(default=0)

    class Meta:
        indexes = [models.Index(fields=["day"], name="contacthour_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.hour:02d}h {self.channel} {self.contacts}"


class AgentDay(models.Model):
    """Contacts handled by one call-taker in one city day."""

    day = models.DateField()
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=16)
    language = models.CharField(max_length=8)
    contacts = models.PositiveIntegerField(default=0)
    timed = models.PositiveIntegerField(default=0)
    handled_seconds = models.FloatField(default=0)

    class Meta:
        indexes = [models.Index(fields=["day"], name="agentday_day")]

    def __str__(self) -> str:
        return f"{self.day} agent {self.agent_id}: {self.contacts}"


class BacklogFact(models.Model):
    """The open cases at the last refresh, by the day they were opened (their age) and their dims."""

    opened_day = models.DateField()
    department = models.ForeignKey("directory.Department", on_delete=models.CASCADE, related_name="+")
    service_type = models.ForeignKey("catalog.ServiceType", on_delete=models.CASCADE, related_name="+")
    district = models.CharField(max_length=64, blank=True)
    channel = models.CharField(max_length=16)
    language = models.CharField(max_length=8)
    open = models.PositiveIntegerField(default=0)
    breached = models.PositiveIntegerField(default=0, help_text="Past due at the refresh (paused clocks excluded)")
    paused = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"opened {self.opened_day}: {self.open} open"


class HexFact(models.Model):
    """Cases opened in one month in one hexagon (H3) of the map."""

    month = models.DateField()
    cell = models.CharField(max_length=16)
    department = models.ForeignKey("directory.Department", on_delete=models.CASCADE, related_name="+")
    service_type = models.ForeignKey("catalog.ServiceType", on_delete=models.CASCADE, related_name="+")
    district = models.CharField(max_length=64, blank=True)
    channel = models.CharField(max_length=16)
    language = models.CharField(max_length=8)
    cases = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["month"], name="hexfact_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.cell}: {self.cases}"


class RepeatSpot(models.Model):
    """A spot (a small hexagon, about a house lot across) with the same problem reported again and
    again over the last year."""

    service_type = models.ForeignKey("catalog.ServiceType", on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey("directory.Department", on_delete=models.CASCADE, related_name="+")
    district = models.CharField(max_length=64, blank=True)
    cell = models.CharField(max_length=16)
    lat = models.FloatField()
    lon = models.FloatField()
    cases = models.PositiveIntegerField()
    open_cases = models.PositiveIntegerField(default=0)
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()
    latest_case = models.ForeignKey("cases.Case", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-cases", "-last_at"]
        indexes = [models.Index(fields=["-cases", "-last_at"], name="repeatspot_most")]

    def __str__(self) -> str:
        return f"{self.cell}: {self.cases} reports"


class RefreshState(models.Model):
    """How far the roll-ups have read: one row."""

    last_event_id = models.BigIntegerField(default=0)
    last_interaction_id = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    spots_refreshed_at = models.DateTimeField(null=True, blank=True)
    full_rebuild_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"refreshed {self.refreshed_at}"

    @classmethod
    def current(cls) -> RefreshState:
        state, _ = cls.objects.get_or_create(pk=1)
        return state
