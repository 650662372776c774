"""Validation messages of the stages services (constants, so tests match them)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from ..choices import RoundStatus
from ..models import (
    ElectionRound,
)

MISSING_DAYS_MESSAGE = gettext_lazy(
    "Enter both election days for every village before starting the round. Missing: %(villages)s."
)
ROUND_ALREADY_STARTED_MESSAGE = gettext_lazy(
    "This round has already been started; its tasks exist. Move an election day instead."
)
ROUND_CLOSED_MESSAGE = gettext_lazy(
    "This round is closed; its dates and tasks can no longer be changed."
)
NO_TEMPLATES_MESSAGE = gettext_lazy(
    "There are no active task templates. Run “python manage.py load_defaults” or add "
    "templates in the admin, then start the round."
)
DONE_NEEDS_DATE_MESSAGE = gettext_lazy(
    "Enter the completion date to mark the task done."
)
FUTURE_DATE_MESSAGE = gettext_lazy(
    "The completion date %(date)s is in the future: enter the day the step was actually completed."
)
DATE_WITHOUT_DONE_MESSAGE = gettext_lazy(
    "A completion date is only kept for a done task: choose “done” or clear the date."
)
STATUTORY_BEFORE_MESSAGE = gettext_lazy(
    "“%(title)s” must be completed at least %(days)s days before the %(anchor)s "
    "(%(anchor_date)s), that is by %(limit)s (%(basis)s). The completion date %(date)s is "
    "late: check the date. If the step really was done late, write the reason below and "
    "it is recorded as completed late (逾期完成) and reported to the supervision group; "
    "consider moving the election day."
)
STATUTORY_AFTER_MESSAGE = gettext_lazy(
    "“%(title)s” must be completed within %(days)s days after the %(anchor)s "
    "(%(anchor_date)s), that is by %(limit)s (%(basis)s). The completion date %(date)s is "
    "late: check the date. If the step really was done late, write the reason below and "
    "it is recorded as completed late (逾期完成) and reported to the supervision group."
)
LATE_REASON_REQUIRED_MESSAGE = gettext_lazy(
    "Completed after the statutory deadline of %(limit)s: write why, to record it as "
    "completed late (逾期完成)."
)
STATUTORY_IMPOSSIBLE_MESSAGE = gettext_lazy(
    "“%(title)s” must come before the %(anchor)s (%(anchor_date)s); it cannot be "
    "completed on %(date)s, on or after that day (%(basis)s). Move the election day "
    "first: the election cannot lawfully be held without this step."
)
PREREQUISITE_OPEN_MESSAGE = gettext_lazy(
    "Complete “%(titles)s” first: this step may only be completed after its prerequisites."
)
PREREQUISITE_LATER_MESSAGE = gettext_lazy(
    "“%(title)s” was completed on %(other)s, after %(date)s: a step cannot be completed before "
    "its prerequisite. Check both dates."
)
DEPENDANTS_DONE_MESSAGE = gettext_lazy(
    "“%(titles)s” already count as completed after this step: reopen them first, then this one."
)
DAYS_UNCHANGED_MESSAGE = gettext_lazy(
    "The election days are unchanged: enter a new date to move them."
)
MOVE_REASON_MESSAGE = gettext_lazy(
    "Give the reason for moving the election day; it is kept in the change history."
)
EVIDENCE_OF_CLOSED_ROUND_MESSAGE = ROUND_CLOSED_MESSAGE


def _d(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def _ensure_open(round: ElectionRound) -> None:
    if round.status == RoundStatus.CLOSED:
        raise ValidationError(ROUND_CLOSED_MESSAGE, code="closed")
