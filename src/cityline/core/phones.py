"""Phone numbers, checked and stored in E.164 with the `phonenumbers` library."""

from __future__ import annotations

import phonenumbers

# Short codes a pack may use where a field allows them (311, 711 relay, 911).
SHORT_CODES = {"211", "311", "411", "511", "711", "811", "911"}


class PhoneNumberError(ValueError):
    pass


def to_e164(text: str, region: str = "US", allow_short_code: bool = False) -> str:
    """``"(620) 555-0100"`` → ``"+16205550100"``; raises PhoneNumberError with a reason."""
    raw = str(text).strip()
    if allow_short_code and raw in SHORT_CODES:
        return raw
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        raise PhoneNumberError(f'"{raw}" is not a phone number ({exc})') from exc
    if not phonenumbers.is_valid_number(number):
        raise PhoneNumberError(f'"{raw}" is not a valid phone number for {region}')
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_number(e164: str, region: str = "US") -> str:
    """``"+16205550100"`` → ``"(620) 555-0100"`` for people; short codes as they are."""
    if not e164.startswith("+"):
        return e164
    try:
        number = phonenumbers.parse(e164, region)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def tel_uri(e164: str) -> str:
    return f"tel:{e164}"
