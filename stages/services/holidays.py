"""The holiday notice of a year (放假 / 调休上班 ranges) and the deadline recompute.

The State Council publishes next year's holidays each autumn; the holiday
package learns them later. Until then the office enters the notice here. A
change of the calendar moves working-day deadlines, so every write is preceded
by a preview (``calendar_preview``) that lists each open task's old and new
date; completed and not-applicable tasks never move.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .. import workdays
from ..choices import HolidayKind, OffsetUnit, RoundStatus
from ..models import (
    ElectionRound,
    HolidayRange,
    HolidayYear,
    VillageElection,
    VillageTask,
)
from ..timetable import DeadlineMove, anchors_for, moves_for

# A notice never gives more consecutive days off than this (春节 and 国庆 are 8–9).
MAX_HOLIDAY_DAYS = 10
FIRST_YEAR, LAST_YEAR = 2004, 2100

YEAR_RANGE_MESSAGE = _("Enter a year between %(first)s and %(last)s.")
YEAR_PACKAGED_MESSAGE = _(
    "The built-in holiday calendar already contains %(year)s; there is nothing to "
    "enter. Correct a single day in the admin under “calendar overrides” if needed."
)
NO_RANGES_MESSAGE = _(
    "Enter at least one line of the notice: the days off of each holiday and the "
    "make-up workdays."
)
TITLE_MISSING_MESSAGE = _(
    "Enter the title of the notice, e.g. 国务院办公厅关于%(year)s年部分节假日安排的通知."
)
FIELD_MISSING_MESSAGE = _("Row %(row)s: enter the %(field)s.")
END_BEFORE_START_MESSAGE = _(
    "Row %(row)s: the last day %(end)s is before the first day %(start)s; swap or "
    "correct them."
)
OUTSIDE_YEAR_MESSAGE = _(
    "Row %(row)s: %(start)s–%(end)s is not part of the %(year)s notice. Only days of "
    "%(year)s (and a New Year break starting in December %(previous)s) belong to it; "
    "check the year."
)
WORKDAY_NOT_WEEKEND_MESSAGE = _(
    "Row %(row)s: %(day)s is a %(weekday)s. A make-up workday (调休上班) is always a "
    "Saturday or Sunday; check the date against the notice."
)
HOLIDAY_TOO_LONG_MESSAGE = _(
    "Row %(row)s: %(days)s days off in a row; a notice never gives more than %(max)s. "
    "Check the first and last day."
)
OVERLAP_MESSAGE = _(
    "Row %(row)s overlaps row %(other)s on %(day)s: a day is either off or a "
    "make-up workday, once. Correct one of the two rows."
)
NOTHING_CHANGED_MESSAGE = _("The notice is unchanged: there is nothing to save.")


@dataclass(frozen=True)
class HolidayLine:
    """One line of a notice as entered or imported; ``row`` numbers it in messages."""

    row: int
    kind: str
    start: date | None
    end: date | None
    name: str

    @property
    def key(self) -> tuple:
        return (self.kind, self.start, self.end, self.name)


@dataclass
class CalendarPreview:
    """What a calendar change does: the visible moves and how many others move."""

    moves: list[DeadlineMove] = field(default_factory=list)
    other_count: int = 0

    @property
    def total(self) -> int:
        return len(self.moves) + self.other_count


def _d(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def check_year(year: int) -> None:
    """Refuse a year outside the supported span or one the package already knows."""
    if not (FIRST_YEAR <= year <= LAST_YEAR):
        raise ValidationError(
            YEAR_RANGE_MESSAGE % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code="year",
        )
    if workdays.has_official_data(year):
        raise ValidationError(YEAR_PACKAGED_MESSAGE % {"year": year}, code="packaged")


def check_lines(*, year: int, lines: list[HolidayLine]) -> list[HolidayLine]:
    """Return the lines sorted by date, or raise with every problem found (all rows)."""
    check_year(year)
    errors: list[str] = []
    complete: list[HolidayLine] = []
    labels = {
        "kind": gettext("kind (放假 or 调休上班)"),
        "start": gettext("first day"),
        "name": gettext("holiday name"),
    }
    for line in lines:
        missing = [
            labels[name]
            for name, value in (
                ("kind", line.kind),
                ("start", line.start),
                ("name", line.name),
            )
            if not value
        ]
        if missing:
            errors.extend(
                FIELD_MISSING_MESSAGE % {"row": line.row, "field": label}
                for label in missing
            )
            continue
        end = line.end or line.start
        line = HolidayLine(line.row, line.kind, line.start, end, line.name.strip())
        if end < line.start:
            errors.append(
                END_BEFORE_START_MESSAGE
                % {"row": line.row, "start": _d(line.start), "end": _d(end)}
            )
            continue
        if not (date(year - 1, 12, 1) <= line.start and end <= date(year, 12, 31)):
            errors.append(
                OUTSIDE_YEAR_MESSAGE
                % {
                    "row": line.row,
                    "start": _d(line.start),
                    "end": _d(end),
                    "year": year,
                    "previous": year - 1,
                }
            )
            continue
        days = (end - line.start).days + 1
        if line.kind == HolidayKind.WORKDAY:
            weekdays = [
                line.start + timedelta(days=n)
                for n in range(days)
                if (line.start + timedelta(days=n)).weekday() < 5
            ]
            if weekdays:
                errors.append(
                    WORKDAY_NOT_WEEKEND_MESSAGE
                    % {
                        "row": line.row,
                        "day": _d(weekdays[0]),
                        "weekday": date_format(weekdays[0], "l"),
                    }
                )
                continue
        elif days > MAX_HOLIDAY_DAYS:
            errors.append(
                HOLIDAY_TOO_LONG_MESSAGE
                % {"row": line.row, "days": days, "max": MAX_HOLIDAY_DAYS}
            )
            continue
        complete.append(line)
    complete.sort(key=lambda line: (line.start, line.row))
    for index, line in enumerate(complete):
        for other in complete[:index]:
            if other.end >= line.start:
                first = min(line, other, key=lambda item: item.row)
                second = line if first is other else other
                errors.append(
                    OVERLAP_MESSAGE
                    % {
                        "row": second.row,
                        "other": first.row,
                        "day": _d(max(line.start, other.start)),
                    }
                )
    if not lines and not errors:
        errors.append(str(NO_RANGES_MESSAGE))
    if errors:
        raise ValidationError(errors, code="invalid")
    return complete


def _open_tasks(*, rounds):
    """Return the open working-day tasks of the rounds, with what recomputing needs."""
    return (
        VillageTask.objects.filter(
            round__in=rounds, template__offset_unit=OffsetUnit.WORKING
        )
        .open()
        .select_related("template", "village", "round")
        .order_by("round_id", "village__code", "due_date", "template__order")
    )


def _moves(*, calendar: workdays.WorkCalendar, rounds) -> list[DeadlineMove]:
    """Return the deadline moves of the open rounds under ``calendar``."""
    rounds = list(rounds)
    elections = {
        (e.round_id, e.village_id): e
        for e in VillageElection.objects.filter(round__in=rounds)
    }
    by_village: dict[tuple[int, int], list[VillageTask]] = {}
    for task in _open_tasks(rounds=rounds):
        by_village.setdefault((task.round_id, task.village_id), []).append(task)
    rounds_by_id = {round.pk: round for round in rounds}
    moves: list[DeadlineMove] = []
    for (round_id, village_id), tasks in by_village.items():
        round = rounds_by_id[round_id]
        moves.extend(
            moves_for(
                tasks,
                anchors=anchors_for(round, elections.get((round_id, village_id))),
                rules=round.rules,
                calendar=calendar,
            )
        )
    return moves


def _open_rounds():
    return ElectionRound.objects.exclude(status=RoundStatus.CLOSED).select_related(
        "township"
    )


def calendar_preview(*, calendar: workdays.WorkCalendar, user) -> CalendarPreview:
    """Return which open deadlines move under ``calendar``.

    The calendar is the same for every township, so every open round is
    recomputed; the user sees the moves in their own scope and a count of the
    others.
    """
    moves = _moves(calendar=calendar, rounds=_open_rounds())
    visible = set(ElectionRound.objects.visible_to(user).values_list("pk", flat=True))
    mine = [m for m in moves if m.task.round_id in visible]
    return CalendarPreview(moves=mine, other_count=len(moves) - len(mine))


def _apply(*, calendar: workdays.WorkCalendar, by, reason: str) -> int:
    moves = _moves(calendar=calendar, rounds=_open_rounds())
    for move in moves:
        move.task.due_date = move.new
    if moves:
        bulk_update_with_history(
            [m.task for m in moves],
            VillageTask,
            ["due_date"],
            batch_size=500,
            default_user=by,
            default_change_reason=reason[:100],
        )
    return len(moves)


def holiday_year_preview(
    *, year: int, lines: list[HolidayLine], user
) -> CalendarPreview:
    """Check a notice and return the deadline moves saving it would cause."""
    lines = check_lines(year=year, lines=lines)
    calendar = workdays.WorkCalendar.with_notice(
        year=year, ranges=[(line.kind, line.start, line.end) for line in lines]
    )
    return calendar_preview(calendar=calendar, user=user)


@transaction.atomic
def holiday_year_set(
    *,
    year: int,
    title: str,
    document_number: str = "",
    lines: list[HolidayLine],
    by,
) -> tuple[HolidayYear, int]:
    """Save a year's notice and recompute every open working-day deadline.

    Ranges are compared with the saved ones: unchanged lines stay, removed ones
    are deleted and new ones added, so the history shows what changed. Returns
    the notice and how many deadlines moved. Raises (nothing written) when a
    line is wrong.
    """
    lines = check_lines(year=year, lines=lines)
    title = (title or "").strip()
    if not title:
        raise ValidationError(
            {"title": TITLE_MISSING_MESSAGE % {"year": year}}, code="title"
        )
    notice = HolidayYear.objects.select_for_update().filter(year=year).first()
    created = notice is None
    if created:
        notice = HolidayYear(year=year)
    existing = {} if created else {r.key: r for r in _keyed(notice.ranges.all())}
    wanted = {(line.kind, line.start, line.end, line.name) for line in lines}
    header_changed = (
        created
        or notice.title != title
        or notice.document_number != (document_number or "").strip()
    )
    if not header_changed and set(existing) == wanted:
        raise ValidationError(NOTHING_CHANGED_MESSAGE, code="unchanged")
    notice.title = title
    notice.document_number = (document_number or "").strip()
    notice.entered_by = by
    notice.full_clean()
    notice._change_reason = (
        gettext("Holiday notice entered")
        if created
        else gettext("Holiday notice changed")
    )
    notice.save()
    for key, row in existing.items():
        if key not in wanted:
            row._change_reason = gettext("Removed from the holiday notice")
            row.delete()
    new = [
        HolidayRange(notice=notice, kind=kind, start=start, end=end, name=name)
        for kind, start, end, name in sorted(wanted - set(existing), key=lambda k: k[1])
    ]
    for row in new:
        row.full_clean()
    bulk_create_with_history(
        new,
        HolidayRange,
        default_user=by,
        default_change_reason=gettext("Added to the holiday notice"),
    )
    calendar = workdays.WorkCalendar.with_notice(
        year=year, ranges=[(kind, start, end) for kind, start, end, _name in wanted]
    )
    moved = _apply(
        calendar=calendar,
        by=by,
        reason=gettext("Deadlines recomputed: %(year)s holiday notice")
        % {"year": year},
    )
    transaction.on_commit(workdays.clear_cache)
    return notice, moved


def _keyed(ranges):
    for row in ranges:
        row.key = (row.kind, row.start, row.end, row.name)
        yield row


@transaction.atomic
def calendar_recompute(*, by) -> int:
    """Recompute every open working-day deadline with the calendar in force.

    For changes made outside the notice page (single days in the admin).
    """
    workdays.clear_cache()
    return _apply(
        calendar=workdays.WorkCalendar.load(),
        by=by,
        reason=gettext("Deadlines recomputed: calendar changed"),
    )
