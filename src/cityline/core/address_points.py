"""Finding a resident's address among the city's address points (the pack's ``addresses.csv``).

The phone line hears "one hundred north Main Street" and the text service reads "100 n main st";
both look the place up here. The address as said is folded the way ``AddressPoint.normalized`` is
(``geo.normalize_address``), with number words written as digits and Spanish direction words read
as English ones. An exact match comes first; otherwise the same street's nearest house number, or
a street name spelled nearly the same (``difflib``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .geo import normalize_address
from .models import AddressPoint
from .spoken import numbers_in_words_to_digits

_STREET_TYPES = ("st", "ave", "rd", "dr", "blvd", "ln", "ct", "pl", "ter", "pkwy", "hwy", "cir", "way", "sq")
_NUMBER_FIRST = re.compile(r"^(\d+[a-z]?)\s+(.*)$")

# What Spanish speakers say around an English street name: "calle Main, número 100 norte".
_SPANISH_WORDS = {
    "norte": "n",
    "sur": "s",
    "este": "e",
    "oeste": "w",
    "avenida": "ave",
    "numero": "",
    "calle": "",
    "de": "",
    "la": "",
    "el": "",
}


@dataclass(frozen=True)
class AddressMatch:
    address: str
    lat: float
    lon: float
    # "exact" (the address as said), "street" (same street, nearest house number), "near" (a near spelling)
    quality: str


def spoken_to_normalized(text: str) -> str:
    words = numbers_in_words_to_digits(text).split()
    words = [_SPANISH_WORDS.get(word, word) for word in words]
    normalized = normalize_address(" ".join(word for word in words if word))
    number, _street = _split(normalized)
    if not number:
        # "Main Street 100" / "calle Main 100": the house number said last.
        trailing = re.match(r"^(.*?)\s+(\d+[a-z]?)$", normalized)
        if trailing:
            return f"{trailing.group(2)} {trailing.group(1)}"
    return normalized


def _split(normalized: str) -> tuple[str, str]:
    match = _NUMBER_FIRST.match(normalized)
    return (match.group(1), match.group(2)) if match else ("", normalized)


def _house_number(text: str) -> int:
    digits = re.match(r"\d+", text)
    return int(digits.group()) if digits else 0


def search_address_points(text: str, limit: int = 5) -> list[AddressMatch]:
    """The city's address points that best fit ``text``, best first (at most ``limit``)."""
    normalized = spoken_to_normalized(text or "")
    if len(normalized) < 3:
        return []
    exact = AddressPoint.objects.filter(normalized=normalized).first()
    if exact is not None:
        return [AddressMatch(exact.address, exact.lat, exact.lon, "exact")]
    if normalized.split()[-1] not in _STREET_TYPES:
        # "200 sur Main", "100 north main": people leave out "Street"; one street of that name counts.
        named = list(AddressPoint.objects.filter(normalized__in=[f"{normalized} {kind}" for kind in _STREET_TYPES])[:2])
        if len(named) == 1:
            return [AddressMatch(named[0].address, named[0].lat, named[0].lon, "exact")]
    number, street = _split(normalized)
    if not street:
        return []
    streets = sorted({_split(n)[1] for n in AddressPoint.objects.values_list("normalized", flat=True)})
    names = [street] if street in streets else difflib.get_close_matches(street, streets, n=3, cutoff=0.8)
    found: list[AddressMatch] = []
    for name in names:
        quality = "street" if name == street else "near"
        if number:
            row = AddressPoint.objects.filter(normalized=f"{number} {name}").first()
            if row is not None:
                found.append(AddressMatch(row.address, row.lat, row.lon, "near"))
                continue
        rows = [
            r for r in AddressPoint.objects.filter(normalized__endswith=f" {name}") if _split(r.normalized)[1] == name
        ]
        wanted = _house_number(number)
        rows.sort(key=lambda r: abs(_house_number(r.normalized) - wanted))
        found.extend(AddressMatch(r.address, r.lat, r.lon, quality) for r in rows[:limit])
        if len(found) >= limit:
            break
    return found[:limit]
