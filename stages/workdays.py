"""Working days in China: public holidays and 调休 make-up workdays.

Dates come from the maintained ``chinese_calendar`` package (State Council
holiday notices). For a year the package does not know yet, the office enters
the year's notice as date ranges (``stages.HolidayYear`` / ``HolidayRange``,
page ``/stages/holidays/``); single dates may also be overridden in the admin
(``stages.CalendarOverride``), and such an override wins over both. Outside the
entered ranges a day is a working day when it is Monday–Friday. A year that is
neither packaged nor entered is listed by :func:`years_without_calendar`; the
battle map asks the office to enter it.

Overrides are read once per process and kept for ``CACHE_SECONDS``; services
that change them call :func:`clear_cache`. For many dates at once, load a
:class:`WorkCalendar` once and use its methods.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterable
from datetime import date, timedelta

import chinese_calendar

CACHE_SECONDS = 60

_cache: dict = {"loaded_at": 0.0, "overrides": None, "entered_years": None}


def _official(day: date) -> bool | None:
    """Return the package's answer for a day, or None when it has no data for the year."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None


@functools.lru_cache(maxsize=64)
def has_official_data(year: int) -> bool:
    """Return whether the holiday package knows the public holidays of a year."""
    return _official(date(year, 1, 1)) is not None


def years_without_official_data(dates: Iterable[date | None]) -> list[int]:
    """Return the sorted years among ``dates`` for which only the weekend fallback applies."""
    return sorted(
        {d.year for d in dates if d is not None and not has_official_data(d.year)}
    )


def expand_ranges(ranges: Iterable[tuple[str, date, date]]) -> dict[date, bool]:
    """Return ``{day: is_working_day}`` for (kind, first day, last day) notice lines."""
    from .choices import HolidayKind

    days: dict[date, bool] = {}
    for kind, start, end in ranges:
        current = start
        while current <= end:
            days[current] = kind == HolidayKind.WORKDAY
            current += timedelta(days=1)
    return days


def _load_entered() -> tuple[dict[date, bool], set[int]]:
    """Return the days of the entered notices and the entered years (two queries).

    A notice always has at least one range (``services.holiday_year_set``), so
    the years come with the ranges.
    """
    from .models import CalendarOverride, HolidayRange

    rows = list(
        HolidayRange.objects.values_list("kind", "start", "end", "notice__year")
    )
    days = expand_ranges((kind, start, end) for kind, start, end, _year in rows)
    days.update(CalendarOverride.objects.values_list("date", "is_working_day"))
    return days, {year for *_range, year in rows}


def _cached() -> tuple[dict[date, bool], set[int]]:
    now = time.monotonic()
    if _cache["overrides"] is None or now - _cache["loaded_at"] > CACHE_SECONDS:
        _cache["overrides"], _cache["entered_years"] = _load_entered()
        _cache["loaded_at"] = now
    return _cache["overrides"], _cache["entered_years"]


def entered_years() -> set[int]:
    """Return the years whose holiday notice the office entered (cached)."""
    return set(_cached()[1])


def years_without_calendar(dates: Iterable[date | None]) -> list[int]:
    """Return the sorted years among ``dates`` neither packaged nor entered by the office."""
    missing = years_without_official_data(dates)
    if not missing:  # no query when the package knows every year
        return missing
    entered = entered_years()
    return [year for year in missing if year not in entered]


class WorkCalendar:
    """The working-day calendar: the package's dates plus the office's entries."""

    def __init__(self, overrides: dict[date, bool] | None = None):
        self.overrides = dict(overrides or {})

    @classmethod
    def load(cls) -> WorkCalendar:
        """Return the calendar in force (entered notices and overrides; cached per process)."""
        return cls(_cached()[0])

    @classmethod
    def with_notice(
        cls, *, year: int, ranges: Iterable[tuple[str, date, date]]
    ) -> WorkCalendar:
        """Return the calendar as it would be with ``ranges`` as the notice of ``year``.

        The year's previously entered ranges are replaced; single-date overrides
        from the admin still win. Used to preview a calendar change.
        """
        from .models import CalendarOverride, HolidayRange

        days = expand_ranges(
            HolidayRange.objects.exclude(notice__year=year).values_list(
                "kind", "start", "end"
            )
        )
        days.update(expand_ranges(ranges))
        days.update(CalendarOverride.objects.values_list("date", "is_working_day"))
        return cls(days)

    def is_working_day(self, day: date) -> bool:
        """Return whether a day is a working day."""
        if day in self.overrides:
            return self.overrides[day]
        official = _official(day)
        if official is not None:
            return official
        return day.weekday() < 5

    def add_working_days(self, start: date, days: int) -> date:
        """Return the date ``days`` working days after ``start`` (before it when negative).

        ``start`` itself is not counted: one working day after a Friday is the
        next Monday (or the next working day after a holiday); ``days == 0``
        returns ``start`` unchanged.
        """
        step = timedelta(days=1 if days >= 0 else -1)
        remaining = abs(days)
        current = start
        while remaining:
            current += step
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Return the number of working days after ``start`` up to and including ``end``."""
        if end <= start:
            return 0
        count, current = 0, start
        while current < end:
            current += timedelta(days=1)
            count += self.is_working_day(current)
        return count


def clear_cache() -> None:
    """Forget the cached overrides so the next call reads them again."""
    _cache["overrides"] = None
    _cache["entered_years"] = None
    _cache["loaded_at"] = 0.0


def is_working_day(day: date) -> bool:
    """Return whether ``day`` is a working day (holidays, 调休, overrides, fallback)."""
    return WorkCalendar.load().is_working_day(day)


def add_working_days(start: date, days: int) -> date:
    """Return the date ``days`` working days after ``start`` (before it when negative)."""
    return WorkCalendar.load().add_working_days(start, days)
