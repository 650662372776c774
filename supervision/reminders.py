"""Reminders of inspection notes' rectification deadlines (discovered by the scan).

Open notes due in 3 days, tomorrow or today remind the village's guidance-group
leader (who answers for the rectification); once overdue, the leader and the
note's writer are reminded every day until the note is closed. Three queries
whatever the number of notes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from notifications.registry import Reminder, reminder_kind
from stages.reminders import USER_FIELDS, _guidance_leaders

from .choices import REMIND_DAYS_BEFORE
from .models import InspectionNote

DUE = "supervision.note_due"
OVERDUE = "supervision.note_overdue"

NOTE_DUE = {
    3: _("%(village)s: inspection note to rectify in 3 days (%(due)s)"),
    1: _("%(village)s: inspection note to rectify by tomorrow (%(due)s)"),
    0: _("%(village)s: inspection note to rectify today (%(due)s)"),
}
NOTE_OVERDUE = _(
    "%(village)s: inspection note past its rectification deadline by %(days)d days (due %(due)s)"
)
NOTE_BODY = _(
    "Finding: %(finding)s Requirement: %(requirement)s Record the rectification "
    "in 换届通; the supervision group closes the note after checking it."
)


@reminder_kind("supervision.note_deadlines")
def note_deadline_reminders(*, today: datetime.date) -> Iterator[Reminder]:
    """Yield the day's reminders for every open inspection note due soon or overdue."""
    days = [today + datetime.timedelta(days=d) for d in REMIND_DAYS_BEFORE]
    notes = list(
        InspectionNote.objects.open()
        .filter(deadline__lte=max(days))
        .select_related("village", "created_by")
        .only(
            "deadline",
            "finding",
            "requirement",
            "status",
            "village__name",
            "village__township_id",
            *(f"created_by__{name}" for name in USER_FIELDS),
        )
        .order_by("deadline", "pk")
    )
    notes = [n for n in notes if n.deadline < today or n.deadline in days]
    if not notes:
        return
    leaders = _guidance_leaders({n.village.township_id for n in notes})
    for note in notes:
        left = (note.deadline - today).days
        values = {
            "village": note.village.name,
            "due": date_format(note.deadline, "DATE_FORMAT"),
            "days": -left,
        }
        body = NOTE_BODY % {
            "finding": note.finding[:120],
            "requirement": note.requirement[:120],
        }
        url = note.get_absolute_url()
        leader = leaders.get(note.village_id)
        if left >= 0:
            if leader is not None:
                yield Reminder(
                    leader, note, DUE, today, NOTE_DUE[left] % values, body, url
                )
            continue
        recipients = {}
        if leader is not None:
            recipients[leader.pk] = leader
        if note.created_by.is_active:
            recipients.setdefault(note.created_by.pk, note.created_by)
        for recipient in recipients.values():
            yield Reminder(
                recipient, note, OVERDUE, today, NOTE_OVERDUE % values, body, url
            )
