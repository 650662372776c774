"""Demo data of the stages app： the 2021 round of 立仓镇 with a realistic mix of progress.

Dates are placed relative to the day ``seed_demo`` runs， not on the 2021
calendar. The round keeps its 2021 name and the state the news report describes
（every village's Party election done， the villagers' committee elections under
way）， but a fixed 2021 calendar seen from today would show nothing except
“done” and “overdue”. Placing the election days around today makes the battle
map， “my tasks”， the reminder scan and the calendar feed show every state —
done， on track， due soon and overdue — on any day the demo is loaded.
Re-running ``seed_demo`` keeps an existing round as it is （idempotent）.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from core.models import User

from . import services
from .choices import TaskStatus
from .defaults import DEFAULT_RULE_SET_CODE
from .models import ElectionRound, RuleSet, TaskEvidence, VillageElection, VillageTask

ROUND_NAME = "2021年村（社区）“两委”换届"

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
    """Create the demo round for the township, start it and record progress."""
    if township is None:
        return None
    existing = ElectionRound.objects.filter(township=township, name=ROUND_NAME).first()
    if existing is not None:
        if stdout:
            stdout.write(
                f"stages: round “{existing.name}” already exists; left as it is."
            )
        return existing
    today = timezone.localdate()
    office = User.objects.filter(username="office").first()
    rule_set = (
        RuleSet.objects.filter(code=DEFAULT_RULE_SET_CODE).order_by("-version").first()
    )
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
    _record_progress(round=round, today=today, office=office, elections=elections)
    if stdout:
        stdout.write(f"stages: round “{round.name}” started with {count} tasks.")
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
