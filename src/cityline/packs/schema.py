"""The shape of each pack file, checked field by field (docs/city-packs.md is the reader's version).

Values are normalised as they are checked: text becomes ``{language: text}``, phone numbers E.164,
hours minute intervals, SLAs :class:`SlaTarget`. Validation context carries what a field needs to
know about the city (its languages and country).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holiday_library
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from cityline.catalog.models import SlaTarget
from cityline.core.calendar import HoursFormatError, WeeklyHours, parse_intervals
from cityline.core.holidays import known_holiday_names
from cityline.core.phones import PhoneNumberError, to_e164

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
CODE = r"^[a-z0-9]+([-_][a-z0-9]+)*$"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _context(info: ValidationInfo) -> dict[str, Any]:
    return info.context or {}


def _text(value: Any, info: ValidationInfo) -> dict[str, str]:
    languages = _context(info).get("languages") or ["en"]
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = str(value).strip()
        if not text:
            raise ValueError("must not be empty")
        return {languages[0]: text}
    if isinstance(value, dict):
        texts = {}
        for language, text in value.items():
            if language not in languages:
                raise ValueError(
                    f'"{language}" is not one of the city\'s languages ({", ".join(languages)}) in city.yaml'
                )
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f'the "{language}" text must be a non-empty string')
            texts[language] = text.strip()
        if not texts:
            raise ValueError("must give the text in at least one language")
        return texts
    raise ValueError("must be text, or a mapping of language to text ({en: ..., es: ...})")


def _keywords(value: Any, info: ValidationInfo) -> dict[str, list[str]]:
    languages = _context(info).get("languages") or ["en"]
    if value is None:
        return {}
    if isinstance(value, list):
        value = {languages[0]: value}
    if not isinstance(value, dict):
        raise ValueError("must be a list of words, or a mapping of language to a list of words")
    result = {}
    for language, words in value.items():
        if language not in languages:
            raise ValueError(f'"{language}" is not one of the city\'s languages ({", ".join(languages)})')
        if not isinstance(words, list) or not all(isinstance(w, str | int) for w in words):
            raise ValueError(f'the "{language}" keywords must be a list of words')
        result[language] = [str(w).strip() for w in words if str(w).strip()]
    return result


def _phone(value: Any, info: ValidationInfo) -> str:
    try:
        return to_e164(str(value), _context(info).get("region", "US"))
    except PhoneNumberError as exc:
        raise ValueError(f'{exc}; write it like "(620) 555-0100" or "+1 620 555 0100"') from None


def _phone_or_short_code(value: Any, info: ValidationInfo) -> str:
    try:
        return to_e164(str(value), _context(info).get("region", "US"), allow_short_code=True)
    except PhoneNumberError as exc:
        raise ValueError(f"{exc}; write a full number or a short code such as 311 or 711") from None


def _hours(value: Any) -> dict[str, list[list[int]]]:
    if not isinstance(value, dict | str):
        raise ValueError('must be a weekly schedule such as {mon-fri: "08:00-17:00"}')
    try:
        return WeeklyHours.parse(value).to_json()
    except HoursFormatError as exc:
        raise ValueError(str(exc)) from None


def _intervals(value: Any) -> list[list[int]]:
    if not isinstance(value, str):
        raise ValueError('must be opening hours such as "08:00-12:00", or "closed"')
    try:
        return [list(i) for i in parse_intervals(value)]
    except HoursFormatError as exc:
        raise ValueError(str(exc)) from None


def _sla(value: Any) -> SlaTarget:
    if isinstance(value, SlaTarget):
        return value
    return SlaTarget.parse(str(value))


def _email(value: Any) -> str:
    text = str(value).strip()
    if not EMAIL.match(text):
        raise ValueError(f'"{text}" is not an e-mail address')
    return text


def _url(value: Any) -> str:
    text = str(value).strip()
    if not re.match(r"^https?://[^\s/]+\.[^\s]+$", text):
        raise ValueError(f'"{text}" is not a web address (it must start with https:// or http://)')
    return text


def _string(value: Any) -> str:
    # YAML reads 42 and 2026-01-01 as a number and a date; a few fields want them as text.
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        raise ValueError("must be text")
    return str(value)


Text = Annotated[dict[str, str], BeforeValidator(_text)]
Keywords = Annotated[dict[str, list[str]], BeforeValidator(_keywords)]
Phone = Annotated[str, BeforeValidator(_phone)]
PhoneOrShortCode = Annotated[str, BeforeValidator(_phone_or_short_code)]
Hours = Annotated[dict[str, list[list[int]]], BeforeValidator(_hours)]
Intervals = Annotated[list[list[int]], BeforeValidator(_intervals)]
Sla = Annotated[SlaTarget, BeforeValidator(_sla)]
Email = Annotated[str, BeforeValidator(_email)]
Url = Annotated[str, BeforeValidator(_url)]
Slug = Annotated[str, BeforeValidator(_string), Field(pattern=SLUG, max_length=64)]
Code = Annotated[str, BeforeValidator(_string), Field(pattern=CODE, max_length=64)]
String = Annotated[str, BeforeValidator(_string)]


class Strict(BaseModel):
    """Unknown fields are refused: a misspelt field name must not be silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, arbitrary_types_allowed=True)


# --- city.yaml ------------------------------------------------------------------------------------


class CityPhones(Strict):
    short_code: String = "311"
    outside: Phone
    call_centre: Phone | None = None
    language_line: Phone | None = None
    tty: PhoneOrShortCode | None = None
    notes: Text | None = None


class Emergency(Strict):
    number: String = "911"
    psap: String


class ClosureSpec(Strict):
    date: date
    name: Text
    hours: Intervals = Field(default_factory=list)


class HolidaySpec(Strict):
    country: String
    subdivision: String | None = None
    observe: list[String] = Field(default_factory=list)
    skip: list[String] = Field(default_factory=list)
    closures: list[ClosureSpec] = Field(default_factory=list)
    names: dict[String, Text] = Field(default_factory=dict)

    @field_validator("country")
    @classmethod
    def _known_country(cls, value: str) -> str:
        if value not in holiday_library.list_supported_countries():
            raise ValueError(f'"{value}" is not a country the holidays library knows (use an ISO code such as US)')
        return value

    @field_validator("subdivision")
    @classmethod
    def _known_subdivision(cls, value: str | None, info: ValidationInfo) -> str | None:
        country = info.data.get("country")
        if value and country:
            known = holiday_library.list_supported_countries().get(country, [])
            if value not in known:
                raise ValueError(f'"{value}" is not a subdivision of {country} the holidays library knows')
        return value

    @field_validator("observe", "skip")
    @classmethod
    def _known_names(cls, names: list[str], info: ValidationInfo) -> list[str]:
        country = info.data.get("country")
        if not names or not country:
            return names
        known = known_holiday_names(country, info.data.get("subdivision"))
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ValueError(
                f"no such holiday rule: {', '.join(repr(n) for n in unknown)}; "
                f"the holidays library's names for {country} are: {', '.join(sorted(known))}"
            )
        return names


class Center(Strict):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class Policy(Strict):
    reopen_window_days: int = Field(default=30, ge=0, le=3650)
    quiet_hours: String = "21:00-08:00"
    # The service types the site itself files cases under: a resident's "this number is wrong"
    # on the directory, and a complaint about how the city handled something.
    directory_correction_service: Code | None = None
    complaint_service: Code | None = None
    # Publish residents' own words (case descriptions) in the open-data files? Off unless the city
    # decides to: free text can hold a name, a phone number or an address.
    open_data_descriptions: bool = False

    @field_validator("quiet_hours")
    @classmethod
    def _quiet_hours(cls, value: str) -> str:
        if not re.match(r"^\d{2}:\d{2}-\d{2}:\d{2}$", value):
            raise ValueError('write quiet hours as "21:00-08:00" (local time; may run past midnight)')
        return value


class CitySpec(Strict):
    slug: Slug
    name: Text
    short_name: Text
    state: Annotated[String, Field(pattern=r"^[A-Z]{2}$")]
    country: Annotated[String, Field(pattern=r"^[A-Z]{2}$")] = "US"
    jurisdiction_id: String | None = None
    time_zone: String
    languages: Annotated[list[Annotated[String, Field(pattern=r"^[a-z]{2}$")]], Field(min_length=1)]
    phone: CityPhones
    emergency: Emergency
    website: Url | None = None
    email: Email | None = None
    address: String | None = None
    hours: Hours
    holidays: HolidaySpec
    center: Center
    boundary: String
    districts: String | None = None
    addresses: String | None = None
    policy: Policy = Field(default_factory=Policy)

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f'"{value}" is not an IANA time zone (e.g. America/Chicago)') from None
        return value


# --- departments.yaml -----------------------------------------------------------------------------


class PhoneSpec(Strict):
    label: Text
    number: PhoneOrShortCode
    kind: Literal["main", "direct", "after_hours", "fax", "tty"] = "main"


class HoursExceptionSpec(Strict):
    date: date
    hours: Intervals
    reason: Text | None = None


class ContactSpec(Strict):
    title: Text
    name: String | None = None
    phone: Phone | None = None
    email: Email | None = None


class OfficialSpec(Strict):
    name: String
    title: Text
    district: String | None = None
    phone: Phone | None = None
    email: Email | None = None
    website: Url | None = None


class DepartmentSpec(Strict):
    slug: Slug
    name: Text
    description: Text
    keywords: Keywords = Field(default_factory=dict)
    parent: Slug | None = None
    email: Email | None = None
    address: String | None = None
    website: Url | None = None
    phones: Annotated[list[PhoneSpec], Field(min_length=1)]
    hours: Hours | None = None
    hours_exceptions: list[HoursExceptionSpec] = Field(default_factory=list)
    contacts: list[ContactSpec] = Field(default_factory=list)
    officials: list[OfficialSpec] = Field(default_factory=list)
    last_verified: date
    active: bool = True


# --- services.yaml --------------------------------------------------------------------------------


class ValueSpec(Strict):
    key: String
    name: Text


Datatype = Literal["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]


class AttributeSpec(Strict):
    code: Code
    datatype: Datatype
    description: Text
    required: bool = False
    variable: bool = True
    datatype_description: Text | None = None
    values: list[ValueSpec] | None = Field(default=None, validate_default=True)

    @field_validator("values")
    @classmethod
    def _values_match_datatype(cls, values: list[ValueSpec] | None, info: ValidationInfo):
        datatype = info.data.get("datatype")
        if datatype in ("singlevaluelist", "multivaluelist"):
            if not values:
                raise ValueError(f"a {datatype} attribute needs a list of values (key and name for each)")
            keys = [value.key for value in values]
            repeated = sorted({key for key in keys if keys.count(key) > 1})
            if repeated:
                raise ValueError(f"value keys must be unique; repeated: {', '.join(repeated)}")
        elif values and datatype:
            raise ValueError(f"a {datatype} attribute takes no values (only list datatypes do)")
        return values


class ServiceSpec(Strict):
    code: Code
    name: Text
    description: Text
    group: Text
    keywords: Keywords = Field(default_factory=dict)
    department: Slug
    district_departments: dict[String, Slug] = Field(default_factory=dict)
    sla: Sla
    priority: Literal["low", "normal", "high", "urgent"] = "normal"
    requires_contact: bool = False
    emergency_notice: Text | None = None
    after_hours: Literal["next_business_day", "urgent", "emergency"] = "next_business_day"
    duplicate_radius_m: int = Field(default=50, gt=0, le=5000)
    duplicate_window_days: int = Field(default=30, gt=0, le=365)
    active: bool = True
    attributes: list[AttributeSpec] = Field(default_factory=list)


# --- knowledge/<language>/<slug>.md ---------------------------------------------------------------


class ArticleSpec(Strict):
    title: String
    language: Annotated[String, Field(pattern=r"^[a-z]{2}$")]
    key: Slug
    topic: String
    tags: list[String] = Field(default_factory=list)
    services: list[String] = Field(default_factory=list)
    departments: list[String] = Field(default_factory=list)
    readout: String
