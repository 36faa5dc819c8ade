"""The parameters of each Open311 call, checked with Django forms.

Open311 clients send parameters in the query string or a form body, and an empty parameter means
the same as an absent one (forms treat both as "not given"). Each error names the parameter and
says what to send instead.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from cityline.cases import numbers

MAX_RESULTS = 1000  # the spec's cap on one response
DEFAULT_WINDOW = timedelta(days=90)  # the spec's default and widest requested_datetime range
DEFAULT_RADIUS_M = 500
MAX_RADIUS_M = 50_000

TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"false", "0", "no", "off"}


class W3CDateTimeField(forms.Field):
    """A W3C / RFC 3339 date-time (2026-11-30T09:00:00-06:00 or …Z); a bare date means its midnight,
    and a time without an offset is the city's local time."""

    default_error_messages = {
        "invalid": "%(value)r is not a W3C date-time; write it like 2026-11-30T09:00:00-06:00 or 2026-11-30T15:00:00Z"
    }

    def to_python(self, value: Any) -> datetime | None:
        if value in self.empty_values:
            return None
        text = str(value).strip().replace(" ", "+") if "T" in str(value) else str(value).strip()
        moment = None
        try:
            moment = parse_datetime(text)
            if moment is None:
                day = parse_date(text)
                if day is not None:
                    moment = datetime.combine(day, time.min)
        except ValueError:
            moment = None
        if moment is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid", params={"value": value})
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, timezone.get_current_timezone())
        return moment


class BooleanWordField(forms.Field):
    def to_python(self, value: Any) -> bool | None:
        if value in self.empty_values:
            return None
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise forms.ValidationError(f"{value!r} is not true or false", code="invalid")


class CommaListField(forms.CharField):
    """``a,b,c`` (the spec's way of giving several values) → ["a", "b", "c"]."""

    def __init__(self, *, choices: tuple[str, ...] | None = None, max_items: int = MAX_RESULTS, **kwargs):
        self.allowed = choices
        self.max_items = max_items
        super().__init__(required=False, **kwargs)

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value)
        items = [item.strip() for item in (text or "").split(",") if item.strip()]
        if len(items) > self.max_items:
            raise forms.ValidationError(f"at most {self.max_items} values, comma separated")
        if self.allowed:
            wrong = [item for item in items if item not in self.allowed]
            if wrong:
                raise forms.ValidationError(f"{', '.join(wrong)}: choose from {', '.join(self.allowed)}")
        return items


def _latitude() -> forms.FloatField:
    return forms.FloatField(
        required=False,
        min_value=-90,
        max_value=90,
        error_messages={"invalid": "a latitude in decimal degrees, e.g. 38.0608"},
    )


def _longitude() -> forms.FloatField:
    return forms.FloatField(
        required=False,
        min_value=-180,
        max_value=180,
        error_messages={"invalid": "a longitude in decimal degrees, e.g. -97.9298"},
    )


def single_values(data: QueryDict) -> dict[str, str]:
    """The last value of each parameter (QueryDict's own rule); lists are read where they are allowed."""
    return {key: data[key] for key in data}


def open311_errors(form: forms.Form) -> list[str]:
    """Form errors as ``"parameter: what is wrong"`` lines, one per problem."""
    lines = []
    for name, messages in form.errors.items():
        label = "request" if name == "__all__" else name
        lines.extend(f"{label}: {message}" for message in messages)
    return lines


class RequestListForm(forms.Form):
    """GET requests: the spec's filters, and Cityline's documented extensions."""

    service_request_id = CommaListField(max_items=MAX_RESULTS)
    service_code = CommaListField(max_items=200)
    status = CommaListField(choices=("open", "closed"))
    start_date = W3CDateTimeField(required=False)
    end_date = W3CDateTimeField(required=False)
    # Extensions
    updated_after = W3CDateTimeField(required=False)
    updated_before = W3CDateTimeField(required=False)
    page = forms.IntegerField(required=False, min_value=1, error_messages={"invalid": "a page number: 1, 2, 3 …"})
    page_size = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_RESULTS,
        error_messages={"invalid": f"a number of requests per page, 1 to {MAX_RESULTS}"},
    )
    lat = _latitude()
    long = _longitude()
    radius = forms.FloatField(
        required=False,
        min_value=1,
        max_value=MAX_RADIUS_M,
        error_messages={"invalid": "a distance in metres, e.g. 250"},
    )
    bbox = forms.CharField(required=False)
    q = forms.CharField(required=False, max_length=200)
    extensions = BooleanWordField(required=False)

    def clean_service_request_id(self) -> list[str]:
        found = []
        for item in self.cleaned_data["service_request_id"]:
            try:
                found.append(numbers.parse(item))
            except numbers.CaseNumberError:
                continue  # a mistyped id matches nothing: it is left out, as unknown ids are
        return found

    def clean_bbox(self) -> tuple[float, float, float, float] | None:
        text = self.cleaned_data["bbox"]
        if not text:
            return None
        message = "four numbers: min_long,min_lat,max_long,max_lat (longitude first, as in GeoJSON)"
        try:
            west, south, east, north = (float(part) for part in text.split(","))
        except ValueError:
            raise forms.ValidationError(message) from None
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise forms.ValidationError(message + "; the minimums come first")
        return west, south, east, north

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end:
            if start > end:
                self.add_error("end_date", "end_date is before start_date")
            elif end - start > DEFAULT_WINDOW:
                self.add_error("end_date", "start_date to end_date may span at most 90 days; ask in steps")
        after, before = data.get("updated_after"), data.get("updated_before")
        if after and before and after > before:
            self.add_error("updated_before", "updated_before is before updated_after")
        has_lat, has_long = data.get("lat") is not None, data.get("long") is not None
        if has_lat != has_long and not ({"lat", "long"} & set(self.errors)):
            self.add_error("long" if has_lat else "lat", "give lat and long together")
        if data.get("radius") is not None and not (has_lat and has_long) and not ({"lat", "long"} & set(self.errors)):
            self.add_error("radius", "radius needs lat and long (the centre)")
        return data

    @property
    def paged(self) -> bool:
        return bool(self.cleaned_data.get("page") or self.cleaned_data.get("page_size"))


CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
ATTRIBUTE_PARAMETER = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")


class RequestCreateForm(forms.Form):
    """POST requests: what a resident reports, and where."""

    service_code = forms.CharField(max_length=64, error_messages={"required": "which service type; see services"})
    lat = _latitude()
    long = _longitude()
    address_string = forms.CharField(required=False, max_length=300)
    address_id = forms.CharField(required=False, max_length=64)
    description = forms.CharField(required=False, max_length=4000)
    media_url = forms.URLField(
        required=False,
        max_length=1000,
        assume_scheme="https",
        error_messages={"invalid": "a web address of the photo, starting with https://"},
    )
    first_name = forms.CharField(required=False, max_length=100)
    last_name = forms.CharField(required=False, max_length=100)
    phone = forms.CharField(required=False, max_length=40)
    email = forms.CharField(required=False, max_length=254)
    device_id = forms.CharField(required=False, max_length=200)
    account_id = forms.CharField(required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        has_lat, has_long = data.get("lat") is not None, data.get("long") is not None
        if {"lat", "long"} & set(self.errors):
            pass  # already told what is wrong with them
        elif has_lat != has_long:
            self.add_error("long" if has_lat else "lat", "give lat and long together")
        elif not (has_lat or data.get("address_string") or data.get("address_id")) and not self.errors:
            self.add_error(None, "a location is required: lat and long, address_string or address_id")
        return data

    def clean_description(self) -> str:
        # Control characters (pasted from other apps) cannot travel in XML; tabs and newlines stay.
        return CONTROL_CHARACTERS.sub("", self.cleaned_data.get("description") or "")

    @staticmethod
    def attributes(data: QueryDict) -> dict[str, Any]:
        """``attribute[CODE]=v`` and ``attribute[CODE][]=v1&attribute[CODE][]=v2`` → {CODE: v or [v1, v2]}.

        Empty answers are dropped (an empty parameter is an absent one); the domain checks the rest
        against the service definition.
        """
        answers: dict[str, Any] = {}
        for key in data:
            match = ATTRIBUTE_PARAMETER.match(key)
            if not match:
                continue
            code, is_list = match.group(1).strip(), bool(match.group(2))
            values = [value.strip() for value in data.getlist(key) if value.strip()]
            if not values:
                continue
            if is_list or len(values) > 1 or code in answers:
                existing = answers.get(code)
                merged = (existing if isinstance(existing, list) else [existing] if existing else []) + values
                answers[code] = merged
            else:
                answers[code] = values[0]
        return answers

    @property
    def requester_given(self) -> bool:
        fields = ("first_name", "last_name", "phone", "email", "device_id", "account_id")
        return any(self.cleaned_data.get(name) for name in fields)
