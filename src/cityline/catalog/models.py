"""The service catalog: what residents can report (Open311 services), and the promise for each."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.dateparse import parse_datetime

from cityline.core.calendar import BusinessCalendar
from cityline.core.i18n import Translatable, pick


class SlaUnit(models.TextChoices):
    BUSINESS_HOURS = "business_hours", "business hours"
    BUSINESS_DAYS = "business_days", "business days"
    HOURS = "hours", "hours"
    DAYS = "days", "days"


class Priority(models.TextChoices):
    LOW = "low", "Low"
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"
    URGENT = "urgent", "Urgent"


class AfterHours(models.TextChoices):
    NEXT_BUSINESS_DAY = "next_business_day", "Logged for the next business day"
    URGENT = "urgent", "Page the department's on-call person"
    EMERGENCY = "emergency", "Tell the resident to dial 911 (no case)"


_SLA = re.compile(r"^\s*(\d+)\s+(business\s+hours?|business\s+days?|hours?|days?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class SlaTarget:
    amount: int
    unit: str

    @classmethod
    def parse(cls, text: str) -> SlaTarget:
        """``"5 business days"`` → SlaTarget(5, "business_days"); ValueError says how to write it."""
        match = _SLA.match(str(text))
        if not match:
            raise ValueError(
                f'"{text}" is not a duration; write "N business hours", "N business days", "N hours" or "N days"'
            )
        unit = re.sub(r"\s+", "_", match.group(2).lower())
        unit = unit if unit.endswith("s") else unit + "s"
        return cls(int(match.group(1)), unit)

    def __str__(self) -> str:
        label = SlaUnit(self.unit).label
        return f"{self.amount} {label[:-1] if self.amount == 1 else label}"

    def due(self, start: datetime, calendar: BusinessCalendar) -> datetime:
        """When a case received at ``start`` is due, counted in ``calendar``'s open time."""
        if self.unit == SlaUnit.BUSINESS_HOURS:
            return calendar.add_business_time(start, timedelta(hours=self.amount))
        if self.unit == SlaUnit.BUSINESS_DAYS:
            return calendar.add_business_days(start, self.amount)
        if self.unit == SlaUnit.HOURS:
            return start + timedelta(hours=self.amount)
        return start + timedelta(days=self.amount)

    @property
    def counts_business_time(self) -> bool:
        return self.unit in (SlaUnit.BUSINESS_HOURS, SlaUnit.BUSINESS_DAYS)


class ServiceType(Translatable):
    """An Open311 service: a kind of problem the city takes reports of, and who handles it how fast."""

    code = models.SlugField(max_length=64, unique=True, help_text="The Open311 service_code")
    name = models.CharField(max_length=200)
    description = models.TextField()
    group = models.CharField(max_length=200)
    keywords = models.JSONField(default=dict, blank=True, help_text="{language: [words residents use]}")
    department = models.ForeignKey("directory.Department", on_delete=models.PROTECT, related_name="service_types")
    district_departments = models.JSONField(
        default=dict, blank=True, help_text="{district code: department slug} routing overrides"
    )
    sla_amount = models.PositiveIntegerField()
    sla_unit = models.CharField(max_length=16, choices=SlaUnit.choices)
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    requires_contact = models.BooleanField(default=False)
    emergency_notice = models.JSONField(default=dict, blank=True, help_text="{language: notice}")
    after_hours = models.CharField(max_length=20, choices=AfterHours.choices, default=AfterHours.NEXT_BUSINESS_DAY)
    duplicate_radius_m = models.PositiveIntegerField(default=50)
    duplicate_window_days = models.PositiveIntegerField(default=30)
    active = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def sla(self) -> SlaTarget:
        return SlaTarget(self.sla_amount, self.sla_unit)

    @property
    def has_attributes(self) -> bool:
        """Open311's ``metadata`` flag: true when the type has a definition to fetch."""
        return self.attributes.exists()

    @property
    def is_emergency_capable(self) -> bool:
        return bool(self.emergency_notice)

    def emergency_notice_text(self, language: str | None = None) -> str:
        return pick(self.emergency_notice, language)

    def all_keywords(self) -> list[str]:
        return [word for words in self.keywords.values() for word in words]

    def department_slug_for(self, district_code: str | None) -> str:
        """The department that handles this type in a district (the pack's overrides), by slug."""
        if district_code and district_code in self.district_departments:
            return self.district_departments[district_code]
        return self.department.slug


class Datatype(models.TextChoices):
    STRING = "string", "string"
    NUMBER = "number", "number"
    DATETIME = "datetime", "datetime"
    TEXT = "text", "text"
    SINGLEVALUELIST = "singlevaluelist", "singlevaluelist"
    MULTIVALUELIST = "multivaluelist", "multivaluelist"


LIST_DATATYPES = {Datatype.SINGLEVALUELIST, Datatype.MULTIVALUELIST}


class Attribute(Translatable):
    """An Open311 attribute: one question asked when reporting a service type."""

    service_type = models.ForeignKey(ServiceType, on_delete=models.CASCADE, related_name="attributes")
    code = models.SlugField(max_length=64)
    datatype = models.CharField(max_length=16, choices=Datatype.choices)
    description = models.CharField(max_length=500, help_text="The question, as the resident sees it")
    datatype_description = models.CharField(max_length=300, blank=True)
    required = models.BooleanField(default=False)
    variable = models.BooleanField(default=True, help_text="False: an informational line, no answer")
    order = models.PositiveIntegerField(default=0)
    values = models.JSONField(default=list, blank=True, help_text="[{key, name: {language: text}}]")

    class Meta:
        ordering = ["service_type", "order"]
        constraints = [models.UniqueConstraint(fields=["service_type", "code"], name="unique_attribute_code")]

    def __str__(self) -> str:
        return f"{self.service_type.code}.{self.code}"

    def value_keys(self) -> list[str]:
        return [str(value["key"]) for value in self.values]

    def value_name(self, key: str, language: str | None = None) -> str:
        for value in self.values:
            if str(value["key"]) == str(key):
                return pick(value.get("name"), language) or str(key)
        return str(key)

    def clean_answer(self, raw: Any) -> Any:
        """A resident's answer, checked against the definition and normalised for storage.

        Returns None for an empty answer; raises ValidationError with a message a person can act on.
        List answers come back as a list of keys (multivaluelist) or one key (singlevaluelist).
        """
        values = raw if isinstance(raw, list | tuple) else [raw]
        values = [str(v).strip() for v in values if v is not None and str(v).strip() != ""]
        if not values:
            if self.required and self.variable:
                raise ValidationError(f"{self.description}: an answer is required")
            return None
        if self.datatype == Datatype.MULTIVALUELIST:
            unknown = [v for v in values if v not in self.value_keys()]
            if unknown:
                raise ValidationError(
                    f"{self.description}: {', '.join(unknown)} is not one of the choices ({', '.join(self.value_keys())})"
                )
            return values
        if len(values) > 1:
            raise ValidationError(f"{self.description}: give one answer, not {len(values)}")
        value = values[0]
        if self.datatype == Datatype.SINGLEVALUELIST:
            if value not in self.value_keys():
                raise ValidationError(
                    f"{self.description}: {value} is not one of the choices ({', '.join(self.value_keys())})"
                )
            return value
        if self.datatype == Datatype.NUMBER:
            try:
                number = Decimal(value)
            except InvalidOperation as exc:
                raise ValidationError(f"{self.description}: {value!r} is not a number") from exc
            if not number.is_finite():
                raise ValidationError(f"{self.description}: {value!r} is not a number")
            return int(number) if number == number.to_integral_value() else float(number)
        if self.datatype == Datatype.DATETIME:
            moment = parse_datetime(value)
            if moment is None:
                raise ValidationError(
                    f"{self.description}: {value!r} is not a date and time (write it like 2026-11-29T14:30)"
                )
            return value
        limit = 4000 if self.datatype == Datatype.TEXT else 500
        if len(value) > limit:
            raise ValidationError(f"{self.description}: at most {limit} characters")
        return value
