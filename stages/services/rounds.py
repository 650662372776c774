"""Rounds, election days and deadline recomputation."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .. import workdays
from ..choices import RoundStatus
from ..models import (
    ElectionRound,
    RuleSet,
    TaskTemplate,
    VillageElection,
    VillageTask,
)
from ..models.rounds import PARTY_FIRST_MESSAGE
from ..timetable import DeadlineMove, anchors_for, due_date_for, moves_for
from .messages import (
    DAYS_UNCHANGED_MESSAGE,
    MISSING_DAYS_MESSAGE,
    MOVE_REASON_MESSAGE,
    NO_TEMPLATES_MESSAGE,
    ROUND_ALREADY_STARTED_MESSAGE,
    _ensure_open,
)


@transaction.atomic
def round_create(
    *,
    township,
    name: str,
    start_date: date,
    target_end_date: date,
    rule_set: RuleSet,
    by,
) -> ElectionRound:
    """Create a round in preparation, with an empty election-day row for each village."""
    round = ElectionRound(
        township=township,
        name=name,
        start_date=start_date,
        target_end_date=target_end_date,
        rule_set=rule_set,
    )
    round.full_clean()
    round.save()
    elections = [
        VillageElection(round=round, village=village)
        for village in township.villages.all()
    ]
    bulk_create_with_history(elections, VillageElection, default_user=by)
    return round


@transaction.atomic
def round_update(
    *,
    round: ElectionRound,
    name: str,
    start_date: date,
    target_end_date: date,
    rule_set: RuleSet,
    by,
) -> list[DeadlineMove]:
    """Change a round's name, dates or rule set; recompute its open deadlines."""
    _ensure_open(round)
    round.name = name
    round.start_date = start_date
    round.target_end_date = target_end_date
    round.rule_set = rule_set
    round.full_clean()
    round._change_reason = _("Round changed")
    round.save()
    round.__dict__.pop("rules", None)
    return _recompute(round=round, village_ids=None, by=by, reason=_("Round changed"))


def _instantiate(*, round: ElectionRound, elections: list[VillageElection], by) -> int:
    """Create the tasks of the given villages from the active templates."""
    from villages.selectors import guidance_leader

    templates = list(
        TaskTemplate.objects.filter(is_active=True)
        .select_related("stage")
        .order_by("stage__order", "order")
    )
    if not templates:
        raise ValidationError(NO_TEMPLATES_MESSAGE, code="no_templates")
    calendar = workdays.WorkCalendar.load()
    rules = round.rules
    tasks = []
    for election in elections:
        owner = guidance_leader(election.village)
        anchors = anchors_for(round, election)
        for template in templates:
            tasks.append(
                VillageTask(
                    round=round,
                    village_id=election.village_id,
                    stage=template.stage,
                    template=template,
                    title=template.title,
                    due_date=due_date_for(
                        template, anchors=anchors, rules=rules, calendar=calendar
                    ),
                    owner=owner,
                )
            )
    bulk_create_with_history(tasks, VillageTask, batch_size=500, default_user=by)
    return len(tasks)


@transaction.atomic
def round_start(*, round: ElectionRound, by) -> int:
    """Start a round: create every village's tasks from the templates; return how many.

    Every village of the township needs both election days first.
    """
    round = ElectionRound.objects.select_for_update().get(pk=round.pk)
    _ensure_open(round)
    if round.status == RoundStatus.ACTIVE or round.tasks.exists():
        raise ValidationError(ROUND_ALREADY_STARTED_MESSAGE, code="started")
    existing = {
        e.village_id: e for e in round.village_elections.select_related("village")
    }
    missing = []
    elections = []
    for village in round.township.villages.order_by("code"):
        election = existing.get(village.pk)
        if election is None or not election.is_complete:
            missing.append(village.name)
        else:
            elections.append(election)
    if missing:
        raise ValidationError(
            MISSING_DAYS_MESSAGE % {"villages": "、".join(missing)}, code="missing_days"
        )
    count = _instantiate(round=round, elections=elections, by=by)
    round.status = RoundStatus.ACTIVE
    round.started_at = timezone.now()
    round.started_by = by
    round._change_reason = _("Round started")
    round.save()
    return count


@transaction.atomic
def round_close(*, round: ElectionRound, by) -> ElectionRound:
    """Close a round: its tasks become read-only."""
    _ensure_open(round)
    round.status = RoundStatus.CLOSED
    round._change_reason = _("Round closed")
    round.save()
    return round


# --- election days --------------------------------------------------------------


def _validate_days(party: date | None, vc: date | None) -> None:
    if party and vc and party >= vc:
        raise ValidationError(
            {"party_election_date": PARTY_FIRST_MESSAGE}, code="party_first"
        )


def election_days_preview(
    *,
    election: VillageElection,
    party_election_date: date | None,
    vc_election_date: date | None,
) -> list[DeadlineMove]:
    """Return which open deadlines would move, and where, under new election days."""
    _validate_days(party_election_date, vc_election_date)
    round = election.round
    proposed = VillageElection(
        round=round,
        village_id=election.village_id,
        party_election_date=party_election_date,
        vc_election_date=vc_election_date,
    )
    tasks = (
        VillageTask.objects.filter(round=round, village_id=election.village_id)
        .select_related("template", "stage")
        .order_by("stage__order", "template__order")
    )
    return moves_for(
        tasks,
        anchors=anchors_for(round, proposed),
        rules=round.rules,
        calendar=workdays.WorkCalendar.load(),
    )


@transaction.atomic
def election_days_set(
    *,
    election: VillageElection,
    party_election_date: date | None,
    vc_election_date: date | None,
    by,
    reason: str = "",
) -> list[DeadlineMove]:
    """Set or move a village's election days; recompute its open deadlines.

    Completed and not-applicable tasks keep their dates. When the round is
    already under way and the village has tasks, a reason is required; it is
    kept in the change history of the election days and of every moved task.
    """
    election = (
        VillageElection.objects.select_for_update()
        .select_related("round")
        .get(pk=election.pk)
    )
    round = election.round
    _ensure_open(round)
    _validate_days(party_election_date, vc_election_date)
    if (
        election.party_election_date == party_election_date
        and election.vc_election_date == vc_election_date
    ):
        raise ValidationError(DAYS_UNCHANGED_MESSAGE, code="unchanged")
    has_tasks = VillageTask.objects.filter(
        round=round, village_id=election.village_id
    ).exists()
    reason = (reason or "").strip()
    if has_tasks and not reason:
        raise ValidationError({"reason": MOVE_REASON_MESSAGE}, code="reason")
    election.party_election_date = party_election_date
    election.vc_election_date = vc_election_date
    election.full_clean()
    election._change_reason = reason[:100] or _("Election days set")
    election.save()
    if has_tasks:
        return _recompute(
            round=round, village_ids=[election.village_id], by=by, reason=reason
        )
    if round.status == RoundStatus.ACTIVE and election.is_complete:
        _instantiate(round=round, elections=[election], by=by)
    return []


def _recompute(
    *, round: ElectionRound, village_ids, by, reason: str
) -> list[DeadlineMove]:
    """Recompute the open deadlines of a round (or some of its villages); audited."""
    elections = {
        e.village_id: e
        for e in VillageElection.objects.filter(round=round).filter(
            **({"village_id__in": village_ids} if village_ids is not None else {})
        )
    }
    tasks = VillageTask.objects.filter(round=round).select_related("template").open()
    if village_ids is not None:
        tasks = tasks.filter(village_id__in=village_ids)
    calendar = workdays.WorkCalendar.load()
    rules = round.rules
    moves = []
    by_village: dict[int, list[VillageTask]] = {}
    for task in tasks:
        by_village.setdefault(task.village_id, []).append(task)
    for village_id, village_tasks in by_village.items():
        anchors = anchors_for(round, elections.get(village_id))
        moves.extend(
            moves_for(village_tasks, anchors=anchors, rules=rules, calendar=calendar)
        )
    for move in moves:
        move.task.due_date = move.new
    if moves:
        bulk_update_with_history(
            [m.task for m in moves],
            VillageTask,
            ["due_date"],
            batch_size=500,
            default_user=by,
            default_change_reason=(reason or _("Deadlines recomputed"))[:100],
        )
    return moves


@transaction.atomic
def election_days_bulk_set(*, round: ElectionRound, rows, by) -> int:
    """Set the election days of many villages at once; all or nothing.

    ``rows`` holds ``(election, party_election_date, vc_election_date)``;
    unchanged rows are skipped. Errors name the village. Returns how many
    villages changed.
    """
    _ensure_open(round)
    errors = []
    changed = 0
    for election, party, vc in rows:
        if election.party_election_date == party and election.vc_election_date == vc:
            continue
        try:
            election_days_set(
                election=election,
                party_election_date=party,
                vc_election_date=vc,
                by=by,
                reason=_("Election days entered"),
            )
            changed += 1
        except ValidationError as exc:
            errors.extend(f"{election.village.name}：{m}" for m in exc.messages)
    if errors:
        raise ValidationError(errors)
    return changed
