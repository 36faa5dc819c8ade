"""The jurisdiction: the one city this Cityline serves, its calendar, map and address points."""

from __future__ import annotations

import time as clock
from datetime import date, datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from django.db import models
from django.utils import timezone

from .calendar import BusinessCalendar, DayOverride, WeeklyHours
from .holidays import CityHolidays, override
from .i18n import Translatable
from .phones import display_number, to_e164


class Jurisdiction(Translatable):
    """The city, as its pack describes it. One per database: Cityline serves one city per install."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=100)
    state = models.CharField(max_length=2)
    country = models.CharField(max_length=2, default="US")
    jurisdiction_id = models.CharField(max_length=200, help_text="The Open311 jurisdiction_id")
    time_zone = models.CharField(max_length=64)
    languages = models.JSONField(default=list, help_text="Language codes; the first is the default")
    short_code = models.CharField(max_length=8, default="311")
    phone = models.CharField(max_length=20, help_text="The 311 number from outside the city, E.164")
    call_centre_phone = models.CharField(max_length=20, blank=True)
    language_line = models.CharField(max_length=20, blank=True)
    tty = models.CharField(max_length=20, blank=True)
    emergency_number = models.CharField(max_length=8, default="911")
    psap_name = models.CharField(max_length=200, help_text="The 911 centre's name")
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    address = models.CharField(max_length=300, blank=True)
    hours = models.JSONField(default=dict, help_text="Weekly opening intervals, minutes after midnight")
    holiday_country = models.CharField(max_length=8)
    holiday_subdivision = models.CharField(max_length=16, blank=True)
    holiday_observe = models.JSONField(default=list, blank=True)
    holiday_skip = models.JSONField(default=list, blank=True)
    holiday_names = models.JSONField(default=dict, blank=True)
    center_lat = models.FloatField()
    center_lon = models.FloatField()
    boundary = models.JSONField(help_text="GeoJSON geometry of the city limits")
    policy = models.JSONField(default=dict, blank=True)
    # Bumped on every pack load that changes something, so per-process caches (triage indexes,
    # calendars) know to rebuild.
    catalog_version = models.PositiveIntegerField(default=0)
    pack_source = models.CharField(max_length=500, blank=True)
    loaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "jurisdiction (city)"

    def __str__(self) -> str:
        return self.name

    # --- time --------------------------------------------------------------------------------

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def default_language(self) -> str:
        return self.languages[0] if self.languages else "en"

    def local_now(self) -> datetime:
        return timezone.now().astimezone(self.zone)

    def holiday_overrides(self, extra: dict[date, DayOverride] | None = None) -> CityHolidays:
        return CityHolidays(
            country=self.holiday_country,
            subdivision=self.holiday_subdivision or None,
            observe=self.holiday_observe,
            skip=self.holiday_skip,
            closures={closure.date: closure.as_override() for closure in self._closures},
            extra=extra,
            names=self.holiday_names,
        )

    @cached_property
    def _closures(self) -> list[Closure]:
        return list(self.closures.all())

    @cached_property
    def calendar(self) -> BusinessCalendar:
        """City Hall's and the 311 centre's business calendar."""
        return BusinessCalendar(self.zone, WeeklyHours.from_json(self.hours), self.holiday_overrides())

    def is_open(self, at: datetime | None = None) -> bool:
        return self.calendar.is_open(at or timezone.now())

    def next_open(self, at: datetime | None = None) -> datetime | None:
        return self.calendar.next_opening(at or timezone.now())

    def closure_today(self, at: datetime | None = None) -> DayOverride | None:
        """Today's holiday or closure, if there is one (the greeting says "closed today for …")."""
        return self.calendar.closure_on(self.calendar.local_date(at or timezone.now()))

    # --- numbers and policy --------------------------------------------------------------------

    @property
    def phone_display(self) -> str:
        return display_number(self.phone)

    @property
    def talk_to_person_phone(self) -> str:
        return self.call_centre_phone or self.phone

    @property
    def reopen_window_days(self) -> int:
        return int(self.policy.get("reopen_window_days", 30))

    @property
    def quiet_hours(self) -> str:
        return self.policy.get("quiet_hours", "21:00-08:00")

    @property
    def directory_correction_service(self) -> str:
        """The service code of "a wrong number or hours in the directory" reports (to the clerk)."""
        return self.policy.get("directory_correction_service") or ""

    @property
    def complaint_service(self) -> str:
        """The service code of complaints about how the city handled something (the escalation path)."""
        return self.policy.get("complaint_service") or ""

    # --- map -----------------------------------------------------------------------------------

    @cached_property
    def boundary_shape(self):
        from .geo import prepared_shape

        return prepared_shape(self.boundary)

    def contains(self, lat: float, lon: float) -> bool:
        from shapely.geometry import Point

        return self.boundary_shape.contains(Point(lon, lat))

    def district_at(self, lat: float, lon: float) -> District | None:
        from shapely.geometry import Point

        point = Point(lon, lat)
        for district in self._districts:
            if district.shape.contains(point):
                return district
        return None

    @cached_property
    def _districts(self) -> list[District]:
        return list(self.districts.all())


class Closure(Translatable):
    """A day the city closes (or closes early) beyond the public holidays it observes."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField()
    name = models.CharField(max_length=200)
    hours = models.JSONField(default=list, blank=True, help_text="Opening intervals that day; empty = closed")

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "date"], name="one_closure_per_day")]

    def __str__(self) -> str:
        return f"{self.date}: {self.name}"

    def as_override(self) -> DayOverride:
        return override(self.name, [tuple(i) for i in self.hours], self.all_languages("name"))


class District(Translatable):
    """A named part of the city (council district, neighbourhood, service zone) from the pack."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="districts")
    code = models.SlugField()
    name = models.CharField(max_length=200)
    geometry = models.JSONField(help_text="GeoJSON geometry")

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "code"], name="unique_district_code")]

    def __str__(self) -> str:
        return self.name

    @cached_property
    def shape(self):
        from .geo import prepared_shape

        return prepared_shape(self.geometry)


class AddressPoint(models.Model):
    """A known street address and its location, for address search on every channel."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="addresses")
    address = models.CharField(max_length=300)
    # Lowercase, accents and punctuation folded, street words abbreviated: what search compares.
    normalized = models.CharField(max_length=300, db_index=True)
    lat = models.FloatField()
    lon = models.FloatField()

    class Meta:
        ordering = ["address"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "normalized"], name="unique_address")]

    def __str__(self) -> str:
        return self.address


# One city per database, asked for on nearly every request: kept per process for a short while.
_CACHE_SECONDS = 30.0
_cached: dict[str, tuple[float, Jurisdiction | None]] = {}


def current_jurisdiction() -> Jurisdiction | None:
    """The city this install serves, or None before a pack is loaded."""
    hit = _cached.get("city")
    now = clock.monotonic()
    if hit and now - hit[0] < _CACHE_SECONDS:
        return hit[1]
    city = Jurisdiction.objects.order_by("pk").first()
    _cached["city"] = (now, city)
    return city


def to_city_e164(text: str) -> str:
    """``to_e164`` in the region of the city this install serves (the U.S. before a pack is loaded)."""
    city = current_jurisdiction()
    return to_e164(text, city.country if city else "US")


def forget_current_jurisdiction() -> None:
    """Called after a pack load, and by tests, so the next request reads the city afresh."""
    _cached.clear()


class RateCounter(models.Model):
    """Requests counted in one fixed window for one bucket (an API key, a client address, a phone).

    Kept in the database so every server process (gunicorn worker, server) counts against the same
    number; with REDIS_URL set, Redis keeps these counters instead (``core/ratelimit.py``).
    """

    bucket = models.CharField(max_length=100)
    window_start = models.BigIntegerField(help_text="Unix time of the window's start")
    expires_at = models.BigIntegerField(help_text="Unix time of the window's end")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bucket", "window_start"], name="one_rate_counter_per_window")]
        indexes = [models.Index(fields=["expires_at"], name="ratecounter_expires")]

    def __str__(self) -> str:
        return f"{self.bucket}@{self.window_start}: {self.count}"
