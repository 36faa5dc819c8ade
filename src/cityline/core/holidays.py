"""Public holidays from the `holidays` library, filtered by the city's own choices."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date

import holidays as holiday_library

from .calendar import DayOverride, Interval

OBSERVED_SUFFIX = " (observed)"


def base_name(name: str) -> str:
    """ "Independence Day (observed)" → "Independence Day"; several holidays on one day are joined by "; "."""
    return name.replace(OBSERVED_SUFFIX, "")


def library_holidays(country: str, subdivision: str | None, years: list[int]):
    return holiday_library.country_holidays(country, subdiv=subdivision or None, years=years)


def known_holiday_names(country: str, subdivision: str | None, years: range = range(2024, 2031)) -> set[str]:
    names: set[str] = set()
    for name in library_holidays(country, subdivision, list(years)).values():
        names.update(base_name(part) for part in name.split("; "))
    return names


class CityHolidays(Mapping[date, DayOverride]):
    """Dated overrides for a calendar: the city's closures first, then the observed public holidays.

    Years are computed when first asked for, so the mapping covers any date without a fixed range.
    """

    def __init__(
        self,
        country: str,
        subdivision: str | None = None,
        observe: list[str] | None = None,
        skip: list[str] | None = None,
        closures: Mapping[date, DayOverride] | None = None,
        extra: Mapping[date, DayOverride] | None = None,
        names: Mapping[str, Mapping[str, str]] | None = None,
    ):
        self.country = country
        self.subdivision = subdivision
        self.observe = set(observe or [])
        self.skip = set(skip or [])
        self.closures = dict(closures or {})
        # Department exceptions take precedence over everything else on their date.
        self.extra = dict(extra or {})
        # Library holiday name → {language: name}: the library speaks English only.
        self.names = {key: dict(value) for key, value in (names or {}).items()}
        self._years: dict[int, dict[date, DayOverride]] = {}

    def _holidays_in(self, year: int) -> dict[date, DayOverride]:
        if year not in self._years:
            found: dict[date, DayOverride] = {}
            for day, name in library_holidays(self.country, self.subdivision, [year]).items():
                kept = [part for part in name.split("; ") if self._observed(base_name(part))]
                if kept:
                    found[day] = DayOverride(intervals=(), reason="; ".join(kept), names=self._translated(kept))
            self._years[year] = found
        return self._years[year]

    def _translated(self, parts: list[str]) -> dict[str, str]:
        languages = {language for part in parts for language in self.names.get(base_name(part), {})}
        return {
            language: "; ".join(self.names.get(base_name(part), {}).get(language, part) for part in parts)
            for language in languages
        }

    def _observed(self, name: str) -> bool:
        if self.observe:
            return name in self.observe
        return name not in self.skip

    def __getitem__(self, day: date) -> DayOverride:
        for source in (self.extra, self.closures):
            if day in source:
                return source[day]
        return self._holidays_in(day.year)[day]

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        try:
            self[day]
        except KeyError:
            return False
        return True

    def get(self, day, default=None):
        try:
            return self[day]
        except KeyError:
            return default

    def __iter__(self) -> Iterator[date]:
        # Only the dates the city wrote down; public holidays are found by lookup, year by year.
        yield from sorted(set(self.extra) | set(self.closures))

    def __len__(self) -> int:
        return len(set(self.extra) | set(self.closures))

    def holidays_between(self, start: date, end: date) -> list[tuple[date, DayOverride]]:
        """Every closure and holiday from ``start`` to ``end`` inclusive, in date order."""
        found = {}
        for year in range(start.year, end.year + 1):
            found.update({d: o for d, o in self._holidays_in(year).items() if start <= d <= end})
        for source in (self.closures, self.extra):
            found.update({d: o for d, o in source.items() if start <= d <= end})
        return sorted(found.items())


def override(
    reason: str, intervals: list[Interval] | tuple[Interval, ...] = (), names: Mapping[str, str] | None = None
) -> DayOverride:
    return DayOverride(intervals=tuple(tuple(i) for i in intervals), reason=reason, names=dict(names or {}))
