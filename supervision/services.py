"""Writes of the supervision app: record, amend, follow up, close and reopen a note."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.roles import Role
from core.scope import get_scope

from .choices import NoteStatus
from .models import InspectionNote

TASK_OF_OTHER_VILLAGE = gettext_lazy(
    "The task belongs to another village; choose one of this village's tasks."
)
DEADLINE_IN_PAST = gettext_lazy(
    "The rectification deadline cannot be before today; give a date from today on."
)
NOTE_CLOSED = gettext_lazy("The note is closed; reopen it before changing it.")
NOTE_ALREADY_OPEN = gettext_lazy("The note is already open.")
FOLLOW_UP_EMPTY = gettext_lazy("Write what was checked or done.")

# The roles that write inspection notes (SPEC §1: the supervision group; the office
# sets up and corrects everything in its township).
WRITERS = (Role.INSPECTOR, Role.OFFICE)


def can_write(user, village) -> bool:
    """Return whether a user may write notes on a village (inspector or office there)."""
    scope = get_scope(user)
    return scope.has(*WRITERS) and scope.sees_township(village.township_id)


def _require_writer(user, village) -> None:
    if not can_write(user, village):
        raise PermissionDenied


def _check(*, village, task, deadline: date, today: date) -> None:
    errors = {}
    if task is not None and task.village_id != village.pk:
        errors["task"] = TASK_OF_OTHER_VILLAGE
    if deadline < today:
        errors["deadline"] = DEADLINE_IN_PAST
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def note_create(
    *,
    village,
    finding: str,
    requirement: str,
    deadline: date,
    by,
    task=None,
    subject: str = "",
    round=None,
) -> InspectionNote:
    """Record a note on a village (optionally on a task or an election)."""
    _require_writer(by, village)
    _check(village=village, task=task, deadline=deadline, today=timezone.localdate())
    note = InspectionNote(
        village=village,
        round=round if round is not None else getattr(task, "round", None),
        task=task,
        subject=subject or "",
        finding=finding.strip(),
        requirement=requirement.strip(),
        deadline=deadline,
        created_by=by,
    )
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def note_update(
    *,
    note: InspectionNote,
    finding: str,
    requirement: str,
    deadline: date,
    by,
    task=None,
    subject: str = "",
) -> InspectionNote:
    """Amend an open note's finding, requirement, deadline or subject."""
    note = InspectionNote.objects.select_for_update().get(pk=note.pk)
    _require_writer(by, note.village)
    if not note.is_open:
        raise ValidationError(NOTE_CLOSED)
    # An unchanged past deadline may stay; a new one must not be in the past.
    today = timezone.localdate()
    _check(
        village=note.village,
        task=task,
        deadline=deadline if deadline != note.deadline else max(deadline, today),
        today=today,
    )
    note.finding = finding.strip()
    note.requirement = requirement.strip()
    note.deadline = deadline
    note.task = task
    note.subject = subject or ""
    note.full_clean()
    note.save()
    return note


def _stamp(text: str, by, today: date) -> str:
    return _("%(date)s %(name)s: %(text)s") % {
        "date": date_format(today, "DATE_FORMAT"),
        "name": by.display_name,
        "text": text.strip(),
    }


@transaction.atomic
def note_follow_up(*, note: InspectionNote, text: str, by) -> InspectionNote:
    """Add a dated line to the note's follow-up record."""
    note = InspectionNote.objects.select_for_update().get(pk=note.pk)
    _require_writer(by, note.village)
    if not note.is_open:
        raise ValidationError(NOTE_CLOSED)
    if not text.strip():
        raise ValidationError({"text": FOLLOW_UP_EMPTY})
    line = _stamp(text, by, timezone.localdate())
    note.follow_up = f"{note.follow_up}\n{line}" if note.follow_up else line
    note.save(update_fields=["follow_up"])
    return note


@transaction.atomic
def note_close(*, note: InspectionNote, by, conclusion: str = "") -> InspectionNote:
    """Close a note once the rectification is verified; the conclusion is recorded."""
    note = InspectionNote.objects.select_for_update().get(pk=note.pk)
    _require_writer(by, note.village)
    if not note.is_open:
        raise ValidationError(NOTE_CLOSED)
    today = timezone.localdate()
    if conclusion.strip():
        line = _stamp(_("closed: %(text)s") % {"text": conclusion.strip()}, by, today)
        note.follow_up = f"{note.follow_up}\n{line}" if note.follow_up else line
    note.status = NoteStatus.CLOSED
    note.closed_on = today
    note.closed_by = by
    note.save(update_fields=["status", "closed_on", "closed_by", "follow_up"])
    return note


@transaction.atomic
def note_reopen(*, note: InspectionNote, by) -> InspectionNote:
    """Reopen a closed note (the rectification did not hold)."""
    note = InspectionNote.objects.select_for_update().get(pk=note.pk)
    _require_writer(by, note.village)
    if note.is_open:
        raise ValidationError(NOTE_ALREADY_OPEN)
    note.status = NoteStatus.OPEN
    note.closed_on = None
    note.closed_by = None
    note.save(update_fields=["status", "closed_on", "closed_by"])
    return note
