"""Deadlines as pure functions of the anchor days, the rule set and the calendar.

Nothing here touches the database except through objects the caller passes in,
so the same functions serve round start, the move preview, the recompute and
the statutory check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .choices import Anchor, OffsetUnit
from .models import ElectionRound, RuleBook, TaskTemplate, VillageElection
from .workdays import WorkCalendar


def anchors_for(
    round: ElectionRound, election: VillageElection | None
) -> dict[str, date | None]:
    """Return the anchor days of a village in a round."""
    return {
        Anchor.ROUND_START: round.start_date,
        Anchor.PARTY_ELECTION: election.party_election_date if election else None,
        Anchor.VC_ELECTION: election.vc_election_date if election else None,
    }


def offset_of(template: TaskTemplate, rules: RuleBook) -> int:
    """Return the signed offset in days; a rule-based offset keeps the template's direction."""
    if template.offset_rule:
        days = int(rules.get(template.offset_rule))
        return -days if template.offset_days < 0 else days
    return template.offset_days


def due_date_for(
    template: TaskTemplate,
    *,
    anchors: dict[str, date | None],
    rules: RuleBook,
    calendar: WorkCalendar,
) -> date | None:
    """Return a template's deadline for one village, or None when its anchor is not set."""
    anchor = anchors.get(template.anchor)
    if anchor is None:
        return None
    offset = offset_of(template, rules)
    if template.offset_unit == OffsetUnit.WORKING:
        return calendar.add_working_days(anchor, offset)
    return anchor + timedelta(days=offset)


@dataclass(frozen=True)
class DeadlineMove:
    """A task whose deadline changes when an anchor day moves."""

    task: object
    old: date
    new: date

    @property
    def days(self) -> int:
        """Return how many days the deadline moves (negative: earlier)."""
        return (self.new - self.old).days


def moves_for(
    tasks, *, anchors: dict[str, date | None], rules: RuleBook, calendar: WorkCalendar
) -> list[DeadlineMove]:
    """Return the open tasks whose deadline would change under new anchor days.

    Completed and not-applicable tasks keep their dates, so they never move.
    """
    moves = []
    for task in tasks:
        if not task.is_open:
            continue
        new = due_date_for(
            task.template, anchors=anchors, rules=rules, calendar=calendar
        )
        if new is not None and new != task.due_date:
            moves.append(DeadlineMove(task=task, old=task.due_date, new=new))
    return moves
