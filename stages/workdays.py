"""Working days in China: public holidays and 调休 make-up workdays.

Dates come from the maintained ``chinese_calendar`` package (State Council
holiday notices). The organisation office may override single dates in the
admin (``stages.CalendarOverride``), for example a holiday the package does not
know yet. For years the package has no data for, a day is a working day when it
is Monday–Friday, unless an override says otherwise; pages that show working-day
deadlines in such a year say so (see :func:`years_without_official_data`).

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

_cache: dict = {"loaded_at": 0.0, "overrides": None}


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


class WorkCalendar:
    """The working-day calendar: the package's dates plus the admin's overrides."""

    def __init__(self, overrides: dict[date, bool] | None = None):
        self.overrides = dict(overrides or {})

    @classmethod
    def load(cls) -> WorkCalendar:
        """Return a calendar with the admin overrides (one query, cached per process)."""
        now = time.monotonic()
        if _cache["overrides"] is None or now - _cache["loaded_at"] > CACHE_SECONDS:
            from .models import CalendarOverride

            _cache["overrides"] = dict(
                CalendarOverride.objects.values_list("date", "is_working_day")
            )
            _cache["loaded_at"] = now
        return cls(_cache["overrides"])

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
    _cache["loaded_at"] = 0.0


def is_working_day(day: date) -> bool:
    """Return whether ``day`` is a working day (holidays, 调休, overrides, fallback)."""
    return WorkCalendar.load().is_working_day(day)


def add_working_days(start: date, days: int) -> date:
    """Return the date ``days`` working days after ``start`` (before it when negative)."""
    return WorkCalendar.load().add_working_days(start, days)
