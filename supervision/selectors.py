"""Reads of the supervision app; every query scoped through ``visible_to``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from .choices import NoteStatus
from .models import InspectionNote

DUE_SOON_DAYS = 3


def notes_visible(*, user) -> QuerySet:
    """Return the notes a user may read, with what their rows print."""
    return InspectionNote.objects.visible_to(user).select_related(
        "village", "task", "task__stage", "created_by", "closed_by"
    )


def filter_notes(notes: QuerySet, *, state: str, today: date) -> QuerySet:
    """Limit notes to a state: open, overdue, due soon, closed, or all."""
    if state == "open":
        return notes.filter(status=NoteStatus.OPEN).order_by("deadline", "pk")
    if state == "overdue":
        return notes.overdue(today=today).order_by("deadline", "pk")
    if state == "due_soon":
        return notes.filter(
            status=NoteStatus.OPEN,
            deadline__gte=today,
            deadline__lte=today + timedelta(days=DUE_SOON_DAYS),
        ).order_by("deadline", "pk")
    if state == "closed":
        return notes.filter(status=NoteStatus.CLOSED).order_by("-closed_on", "-pk")
    return notes.order_by("status", "deadline", "pk")


@dataclass
class NoteSummary:
    """Counts of a user's notes for the dashboards, and the most urgent open ones."""

    open: int = 0
    overdue: int = 0
    due_soon: int = 0
    closed: int = 0
    urgent: list = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.open or self.closed)


def note_summary(*, user, today: date, village=None, limit: int = 5) -> NoteSummary:
    """Return open/overdue/due-soon/closed counts and the most urgent open notes (2 queries)."""
    notes = InspectionNote.objects.visible_to(user)
    if village is not None:
        notes = notes.filter(village=village)
    is_open = Q(status=NoteStatus.OPEN)
    counts = notes.aggregate(
        open=Count("id", filter=is_open),
        overdue=Count("id", filter=is_open & Q(deadline__lt=today)),
        due_soon=Count(
            "id",
            filter=is_open
            & Q(
                deadline__gte=today, deadline__lte=today + timedelta(days=DUE_SOON_DAYS)
            ),
        ),
        closed=Count("id", filter=Q(status=NoteStatus.CLOSED)),
    )
    summary = NoteSummary(**{k: v or 0 for k, v in counts.items()})
    if summary.open:
        summary.urgent = list(
            notes.filter(is_open)
            .select_related("village", "task")
            .order_by("deadline", "pk")[:limit]
        )
    return summary
