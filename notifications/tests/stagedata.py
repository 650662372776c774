"""Build election rounds and village tasks for the reminder tests, without the stages UI.

Kept here (not in stages/tests) because the notifications tests own their data;
``bulk_round`` makes hundreds of villages in a few statements for the query budget.
"""

from __future__ import annotations

import datetime
import itertools

from stages.choices import Anchor, RoundStatus, RuleKey, RuleKind, TaskStatus
from stages.models import ElectionRound, Rule, RuleSet, Stage, TaskTemplate, VillageTask
from villages.choices import GroupKind, GroupPosition
from villages.models import GroupMembership, Village, WorkingGroup

_counter = itertools.count(1)


def rule_set(*, escalate_days: int | None = 3) -> RuleSet:
    n = next(_counter)
    rules = RuleSet.objects.create(
        code=f"test-{n}", name=f"测试规则{n}", law_version="测试"
    )
    if escalate_days is not None:
        Rule.objects.create(
            rule_set=rules,
            key=RuleKey.ESCALATE_OVERDUE_DAYS,
            kind=RuleKind.DAYS,
            numerator=escalate_days,
            legal_basis="县委组织部督办要求",
        )
    return rules


def stage() -> Stage:
    stage, _created = Stage.objects.get_or_create(
        code="test-prep", defaults={"order": 90, "name": "前期准备"}
    )
    return stage


def templates(count: int) -> list[TaskTemplate]:
    current = stage()
    existing = list(
        TaskTemplate.objects.filter(code__startswith="test-t").order_by("pk")
    )
    for i in range(len(existing), count):
        existing.append(
            TaskTemplate.objects.create(
                stage=current,
                code=f"test-t{i}",
                order=i,
                title=f"测试任务{i}",
                guidance="按要求完成。",
                anchor=Anchor.ROUND_START,
                offset_days=i,
            )
        )
    return existing[:count]


def election_round(
    township,
    *,
    escalate_days: int | None = 3,
    status=RoundStatus.ACTIVE,
    start=datetime.date(2021, 10, 1),
) -> ElectionRound:
    return ElectionRound.objects.create(
        township=township,
        name=f"2021年村“两委”换届{next(_counter)}",
        start_date=start,
        target_end_date=start + datetime.timedelta(days=90),
        status=status,
        rule_set=rule_set(escalate_days=escalate_days),
    )


def task(
    round,
    village,
    *,
    due,
    owner=None,
    status=TaskStatus.NOT_STARTED,
    title=None,
    template_index=None,
) -> VillageTask:
    count = VillageTask.objects.filter(round=round, village=village).count()
    index = count if template_index is None else template_index
    template = templates(index + 1)[index]
    return VillageTask.objects.create(
        round=round,
        village=village,
        stage=template.stage,
        template=template,
        title=title or template.title,
        due_date=due,
        status=status,
        owner=owner,
        completed_on=due if status == TaskStatus.DONE else None,
    )


def inspection_group(township, users) -> WorkingGroup:
    group = WorkingGroup.objects.create(
        township=township, kind=GroupKind.INSPECTION, name=f"督察组{next(_counter)}"
    )
    for i, user in enumerate(users):
        GroupMembership.objects.create(
            group=group,
            user=user,
            position=GroupPosition.LEADER if i == 0 else GroupPosition.MEMBER,
        )
    return group


def bulk_round(
    township,
    *,
    villages: int,
    tasks_per_village: int,
    today: datetime.date,
    make_user=None,
) -> ElectionRound:
    """Make ``villages`` villages, each guided by its own leader, with tasks due around today.

    Every village gets tasks due in 3 days, tomorrow, today, overdue by 1 and by 5
    days (so every rule fires), the rest due later or done. Written in bulk, so
    400 villages take seconds; usable outside pytest (``bench/reminder_scan.py``).
    """
    from django.contrib.auth import get_user_model

    User = get_user_model()
    round = election_round(township)
    stage_ = stage()
    template_rows = templates(tasks_per_village)
    start = Village.objects.filter(township=township).count()
    tag = f"{township.pk}-{start}"
    Village.objects.bulk_create(
        [
            Village(
                township=township, code=f"B{start + i:04d}", name=f"批量{start + i}村"
            )
            for i in range(villages)
        ]
    )
    village_rows = list(
        Village.objects.filter(township=township, code__startswith="B").order_by("code")
    )[-villages:]
    User.objects.bulk_create(
        [
            User(
                username=f"bulk-{tag}-{i}",
                full_name=f"包村干部{start + i}",
                township=township,
                email=f"bulk-{tag}-{i}@example.invalid",
            )
            for i in range(villages)
        ]
    )
    leaders = list(
        User.objects.filter(username__startswith=f"bulk-{tag}-").order_by("pk")
    )
    WorkingGroup.objects.bulk_create(
        [
            WorkingGroup(
                township=township, kind=GroupKind.GUIDANCE, name=f"批量指导组{tag}-{i}"
            )
            for i in range(villages)
        ]
    )
    groups = list(
        WorkingGroup.objects.filter(name__startswith=f"批量指导组{tag}-").order_by("pk")
    )
    GroupMembership.objects.bulk_create(
        [
            GroupMembership(group=group, user=leader, position=GroupPosition.LEADER)
            for group, leader in zip(groups, leaders, strict=True)
        ]
    )
    WorkingGroup.villages.through.objects.bulk_create(
        [
            WorkingGroup.villages.through(workinggroup=group, village=village)
            for group, village in zip(groups, village_rows, strict=True)
        ]
    )
    offsets = [3, 1, 0, -1, -5]
    tasks = []
    for v_index, (village, leader) in enumerate(
        zip(village_rows, leaders, strict=True)
    ):
        for t_index, template in enumerate(template_rows):
            if t_index < len(offsets):
                due = today + datetime.timedelta(days=offsets[t_index])
                status = TaskStatus.NOT_STARTED
            elif t_index % 2:
                due, status = today - datetime.timedelta(days=10), TaskStatus.DONE
            else:
                due, status = (
                    today + datetime.timedelta(days=20),
                    TaskStatus.IN_PROGRESS,
                )
            tasks.append(
                VillageTask(
                    round=round,
                    village=village,
                    stage=stage_,
                    template=template,
                    title=template.title,
                    due_date=due,
                    status=status,
                    owner=leader if v_index % 2 else None,
                    completed_on=due if status == TaskStatus.DONE else None,
                )
            )
    VillageTask.objects.bulk_create(tasks, batch_size=500)
    return round
