"""Demo data of the stages app: the 2026 round of 立仓镇 and the finished 2021 round.

The round under way is the 2026年村（社区）“两委”换届 under the 2026 rule set
(the amended 村民委员会组织法). Its dates are placed relative to the day
``seed_demo`` runs: Party elections over the last month, villagers' committee
elections around today, so the battle map, “my tasks”, the reminder scan and
the calendar feed show every state — done, on track, due soon and overdue — on
any day the demo is loaded.

The 2021 round stays as the finished previous term: closed, under the 2018
rule set, on its own 2021 calendar, every task done. The committees it elected
are the roster's current committees, which the 2026 results replace, so the
structure analysis compares 2021's committees with 2026's.
Re-running ``seed_demo`` keeps existing rounds as they are (idempotent).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.models import User

from . import services
from .choices import RoundStatus, TaskStatus
from .defaults import DEFAULT_RULE_SET_CODE
from .models import (
    ElectionRound,
    RuleSet,
    TaskEvidence,
    TaskTemplate,
    VillageElection,
    VillageTask,
)
from .rule_sets import default_rule_set
from .timetable import anchors_for, due_date_for
from .workdays import WorkCalendar

ROUND_NAME = "2026年村（社区）“两委”换届"
PREVIOUS_ROUND_NAME = "2021年村（社区）“两委”换届"
PREVIOUS_START, PREVIOUS_END = date(2021, 8, 16), date(2021, 12, 31)

# Villages (by position in code order) that lag behind: their recent tasks are overdue.
LAGGARDS = {4, 11, 17}
# A village that has run ahead: it finished some future steps early.
AHEAD = {1}

MINIMAL_PDF = (
    b"%PDF-1.1\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _election_days(index: int, today: date) -> tuple[date, date]:
    """Spread the Party elections over the last month and the VC elections around today."""
    party = today - timedelta(days=30 - index)
    vc = today - timedelta(days=10) + timedelta(days=round(index * 30 / 21))
    return party, vc


@transaction.atomic
def seed(*, township, stdout=None):
    """Create the finished 2021 round and the 2026 round under way; record progress."""
    if township is None:
        return None
    _seed_previous(township=township, stdout=stdout)
    existing = ElectionRound.objects.filter(township=township, name=ROUND_NAME).first()
    if existing is not None:
        if stdout:
            stdout.write(
                f"stages: round “{existing.name}” already exists; left as it is."
            )
        return existing
    today = timezone.localdate()
    office = User.objects.filter(username="office").first()
    rule_set = default_rule_set()
    round = services.round_create(
        township=township,
        name=ROUND_NAME,
        start_date=today - timedelta(days=75),
        target_end_date=today + timedelta(days=45),
        rule_set=rule_set,
        by=office,
    )
    elections = list(
        VillageElection.objects.filter(round=round)
        .select_related("village")
        .order_by("village__code")
    )
    for index, election in enumerate(elections):
        election.party_election_date, election.vc_election_date = _election_days(
            index, today
        )
        election.full_clean()
        election.save()
    count = services.round_start(round=round, by=office)
    round.refresh_from_db()
    _record_progress(round=round, today=today, office=office, elections=elections)
    if stdout:
        stdout.write(f"stages: round “{round.name}” started with {count} tasks.")
    return round


def _previous_days(index: int) -> tuple[date, date]:
    """Return a village's 2021 election days: Party in October, VC in November."""
    return date(2021, 10, 8) + timedelta(days=index % 11), date(2021, 11, 6) + (
        timedelta(days=index % 8)
    )


def _seed_previous(*, township, stdout=None) -> ElectionRound | None:
    """Create the closed 2021 round (2018 rules, every task done) once."""
    if ElectionRound.objects.filter(
        township=township, name=PREVIOUS_ROUND_NAME
    ).exists():
        return None
    office = User.objects.filter(username="office").first()
    rule_set = (
        RuleSet.objects.filter(code=DEFAULT_RULE_SET_CODE).order_by("version").first()
    )
    round = services.round_create(
        township=township,
        name=PREVIOUS_ROUND_NAME,
        start_date=PREVIOUS_START,
        target_end_date=PREVIOUS_END,
        rule_set=rule_set,
        by=office,
    )
    elections = list(
        VillageElection.objects.filter(round=round)
        .select_related("village")
        .order_by("village__code")
    )
    for index, election in enumerate(elections):
        party, vc = _previous_days(index)
        election.party_election_date, election.vc_election_date = party, vc
    bulk_update_with_history(
        elections,
        VillageElection,
        ["party_election_date", "vc_election_date"],
        default_user=office,
        default_change_reason="演示数据：2021年换届",
    )
    # Every step of the finished round was done on its deadline (never in the
    # future of 2021): rows are created done, in one bulk insert.
    templates = list(
        TaskTemplate.objects.filter(is_active=True)
        .select_related("stage")
        .order_by("stage__order", "order")
    )
    calendar, rules = WorkCalendar.load(), round.rules
    tasks = []
    for election in elections:
        anchors = anchors_for(round, election)
        for template in templates:
            due = due_date_for(
                template, anchors=anchors, rules=rules, calendar=calendar
            )
            skipped = template.code == "vc-runoff"
            tasks.append(
                VillageTask(
                    round=round,
                    village_id=election.village_id,
                    stage=template.stage,
                    template=template,
                    title=template.title,
                    due_date=due,
                    status=TaskStatus.NOT_APPLICABLE if skipped else TaskStatus.DONE,
                    completed_on=None if skipped else min(due, PREVIOUS_END),
                    completed_by=office,
                    note="第一次选举已选足应选名额，无需另行选举。" if skipped else "",
                )
            )
    bulk_create_with_history(
        tasks,
        VillageTask,
        batch_size=500,
        default_user=office,
        default_change_reason="演示数据：2021年换届",
    )
    round.status = RoundStatus.CLOSED
    round.started_at = timezone.now()
    round.started_by = office
    round._change_reason = "演示数据：2021年换届已完成"
    round.save()
    if stdout:
        stdout.write(f"stages: finished round “{round.name}” with {len(tasks)} tasks.")
    return round


def _record_progress(*, round: ElectionRound, today: date, office, elections) -> None:
    """Mark past steps done (a few villages lag), some current steps in progress."""
    rng = random.Random(2021)
    position = {e.village_id: index for index, e in enumerate(elections)}
    tasks = list(
        VillageTask.objects.filter(round=round)
        .select_related("template", "owner")
        .prefetch_related("template__prerequisites")
        .order_by("village_id", "due_date", "template__order")
    )
    by_key = {(t.village_id, t.template_id): t for t in tasks}
    changed = []
    for task in tasks:
        index = position[task.village_id]
        lagging = index in LAGGARDS
        prerequisites = [
            by_key.get((task.village_id, p.pk))
            for p in task.template.prerequisites.all()
        ]
        prerequisites_closed = all(p is None or not p.is_open for p in prerequisites)
        days_left = (task.due_date - today).days
        if task.template.code == "vc-runoff":
            vc_day = elections[index].vc_election_date
            if vc_day < today:
                task.status = TaskStatus.NOT_APPLICABLE
                task.completed_by = task.owner or office
                task.note = "第一次选举已选足应选名额，无需另行选举。"
                changed.append(task)
            continue
        overdue_window = lagging and -12 <= days_left < 0
        random_slip = -10 <= days_left < 0 and rng.random() < 0.02
        early = index in AHEAD and 0 <= days_left <= 6
        if (days_left < 0 and not overdue_window and not random_slip) or early:
            if not prerequisites_closed:
                continue
            done_on = task.due_date - timedelta(days=rng.randint(0, 3))
            latest_prerequisite = max(
                (
                    p.completed_on
                    for p in prerequisites
                    if p is not None and p.completed_on
                ),
                default=None,
            )
            if latest_prerequisite and done_on < latest_prerequisite:
                done_on = latest_prerequisite
            task.status = TaskStatus.DONE
            task.completed_on = min(done_on, today)
            task.completed_by = task.owner or office
            changed.append(task)
        elif days_left < 0 or (0 <= days_left <= 7 and rng.random() < 0.6):
            task.status = TaskStatus.IN_PROGRESS
            if overdue_window:
                task.note = "村里推进较慢，指导组正在督促。"
            changed.append(task)
    bulk_update_with_history(
        changed,
        VillageTask,
        ["status", "completed_on", "completed_by", "note"],
        batch_size=500,
        default_user=office,
        default_change_reason="演示数据",
    )
    first_village = elections[0].village_id
    for task in changed:
        if task.village_id == first_village and task.status == TaskStatus.DONE:
            evidence = TaskEvidence(
                task=task,
                original_name=f"{task.title[:30]}.pdf",
                size=len(MINIMAL_PDF),
                uploaded_by=task.completed_by,
            )
            evidence.file.save(f"{task.pk}.pdf", ContentFile(MINIMAL_PDF), save=False)
            evidence.save()
