"""A county-scale dataset (≈20 townships × 20 villages, full task sets) for benchmarks.

Rows are written with ``bulk_create`` and without change-history rows: the data
is synthetic and only there to measure queries and time. Each township gets a
guidance group (leader = task owner) per five villages, an inspection group, an
office user, a started round with election days spread around ``today`` and a
mix of done, open and overdue tasks, so the battle map shows every state.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from core.models import User
from core.roles import Role
from core.text import pinyin_keys
from villages.choices import GroupKind, GroupPosition
from villages.models import County, GroupMembership, Township, Village, WorkingGroup

from . import workdays
from .choices import RoundStatus, TaskStatus
from .defaults import load_defaults
from .models import ElectionRound, TaskTemplate, VillageElection, VillageTask
from .rule_sets import default_rule_set
from .timetable import anchors_for, due_date_for

NAME_PARTS = (
    "东西南北中新老大小前后上下安康平和兴旺丰泰吉祥福寿永长春秋河湖山岭桥营集店庄圩"
)


@dataclass
class CountyData:
    """What ``generate_county`` built."""

    county: County
    townships: list[Township]
    rounds: list[ElectionRound]
    villages: int
    tasks: int


def _free_prefix() -> str:
    number = County.objects.filter(code__startswith="SC").count() + 1
    while County.objects.filter(code=f"SC{number:04d}").exists():
        number += 1
    return f"SC{number:04d}"


def _group(name: str) -> Group:
    group, _created = Group.objects.get_or_create(name=name)
    return group


def _write_rows(model, objs: list, *, batch_size: int = 1000) -> None:
    """Insert ``objs`` (unsaved instances): PostgreSQL ``COPY`` when available, which
    writes a province's 640,000 tasks in seconds, else ``bulk_create``. Values go
    through each field's ``get_db_prep_save``, so model defaults apply as usual."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=batch_size)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    stamped = [
        f
        for f in fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    now = timezone.now()
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for obj in objs:
            for field in stamped:
                if getattr(obj, field.attname) is None:
                    setattr(obj, field.attname, now)
            copy.write_row(
                [
                    field.get_db_prep_save(getattr(obj, field.attname), connection)
                    for field in fields
                ]
            )


@transaction.atomic
def generate_county(
    *,
    townships: int = 20,
    villages: int = 20,
    today: date | None = None,
    seed: int = 0,
    stdout=None,
) -> CountyData:
    """Create a county with ``townships`` × ``villages`` villages and started rounds."""
    if not TaskTemplate.objects.filter(is_active=True).exists():
        load_defaults()
    today = today or timezone.localdate()
    rng = random.Random(seed)
    prefix = _free_prefix()
    county = County.objects.create(code=prefix, name=f"规模测试县{prefix[2:]}")
    rule_set = default_rule_set()
    templates = list(
        TaskTemplate.objects.filter(is_active=True)
        .select_related("stage")
        .order_by("stage__order", "order")
    )
    calendar = workdays.WorkCalendar.load()
    guide_group, office_group = _group(Role.GUIDE), _group(Role.OFFICE)

    township_rows = Township.objects.bulk_create(
        [
            Township(
                county=county, code=f"{prefix}{t:03d}", name=f"{prefix}第{t + 1}镇"
            )
            for t in range(townships)
        ]
    )
    village_rows = []
    for township in township_rows:
        for v in range(villages):
            name = f"{NAME_PARTS[v % len(NAME_PARTS)]}{NAME_PARTS[(v * 7 + 3) % len(NAME_PARTS)]}{v + 1}村"
            full, initials = pinyin_keys(name)
            village_rows.append(
                Village(
                    township=township,
                    code=f"{v + 1:03d}",
                    name=name,
                    name_pinyin=full,
                    name_initials=initials,
                    population=rng.randint(1500, 6000),
                    households=rng.randint(400, 1800),
                    party_member_count=rng.randint(30, 120),
                )
            )
    _write_rows(Village, village_rows, batch_size=500)
    village_rows = list(
        Village.objects.filter(township__in=township_rows).order_by(
            "township_id", "code"
        )
    )
    by_township: dict[int, list[Village]] = {}
    for village in village_rows:
        by_township.setdefault(village.township_id, []).append(village)

    users = User.objects.bulk_create(
        [
            User(
                username=f"{prefix.lower()}-{t:03d}-{kind}{n}",
                full_name=f"测试{kind}{t}-{n}",
                township=township,
            )
            for t, township in enumerate(township_rows)
            for kind, count in (("office", 1), ("guide", (villages + 4) // 5))
            for n in range(count)
        ]
    )
    User.groups.through.objects.bulk_create(
        [
            User.groups.through(
                user_id=user.pk,
                group_id=(
                    office_group if "-office" in user.username else guide_group
                ).pk,
            )
            for user in users
        ]
    )
    leaders: dict[int, User] = {}
    guides_of: dict[int, list[User]] = {}
    for user in users:
        if "-guide" in user.username:
            guides_of.setdefault(user.township_id, []).append(user)
    plan = [
        (township, n, guide)
        for township in township_rows
        for n, guide in enumerate(guides_of.get(township.pk, []))
    ]
    groups = WorkingGroup.objects.bulk_create(
        [
            WorkingGroup(
                township=township, kind=GroupKind.GUIDANCE, name=f"第{n + 1}指导组"
            )
            for township, n, _guide in plan
        ],
        batch_size=500,
    )
    group_villages, memberships = [], []
    for group, (township, n, guide) in zip(groups, plan, strict=True):
        chunk = by_township[township.pk][n * 5 : n * 5 + 5]
        group_villages += [
            WorkingGroup.villages.through(workinggroup_id=group.pk, village_id=v.pk)
            for v in chunk
        ]
        memberships.append(
            GroupMembership(group=group, user=guide, position=GroupPosition.LEADER)
        )
        for village in chunk:
            leaders[village.pk] = guide
    WorkingGroup.villages.through.objects.bulk_create(group_villages, batch_size=1000)
    _write_rows(GroupMembership, memberships)

    rounds = ElectionRound.objects.bulk_create(
        [
            ElectionRound(
                township=township,
                name=f"{township.name}村“两委”换届",
                start_date=today - timedelta(days=75),
                target_end_date=today + timedelta(days=45),
                rule_set=rule_set,
                status=RoundStatus.ACTIVE,
                started_at=timezone.now(),
            )
            for township in township_rows
        ]
    )
    round_of = {r.township_id: r for r in rounds}
    # Every township has a village behind schedule (the first), so each size of
    # county shows overdue tasks; about 15 % of the others lag at random.
    first_villages = {
        by_township[t.pk][0].pk for t in township_rows if by_township[t.pk]
    }
    elections = []
    for township in township_rows:
        for index, village in enumerate(by_township[township.pk]):
            party = today - timedelta(days=30 - (index % 22))
            vc = (
                today
                - timedelta(days=10)
                + timedelta(days=round((index % 22) * 30 / 21))
            )
            elections.append(
                VillageElection(
                    round=round_of[township.pk],
                    village=village,
                    party_election_date=party,
                    vc_election_date=vc,
                )
            )
    _write_rows(VillageElection, elections, batch_size=500)

    rules = rule_set.book()
    tasks = []
    due_dates: dict[tuple, list] = {}  # the same election days give the same deadlines
    for election in elections:
        election_round = election.round
        key = (
            election_round.start_date,
            election.party_election_date,
            election.vc_election_date,
        )
        if key not in due_dates:
            anchors = anchors_for(election_round, election)
            due_dates[key] = [
                due_date_for(template, anchors=anchors, rules=rules, calendar=calendar)
                for template in templates
            ]
        lagging = rng.random() < 0.15 or election.village_id in first_villages
        for template, due in zip(templates, due_dates[key], strict=True):
            days_left = (due - today).days
            status, completed_on = TaskStatus.NOT_STARTED, None
            if days_left < 0 and not (lagging and days_left >= -12):
                status, completed_on = (
                    TaskStatus.DONE,
                    due - timedelta(days=rng.randint(0, 2)),
                )
            elif days_left < 7 and rng.random() < 0.5:
                status = TaskStatus.IN_PROGRESS
            owner = leaders.get(election.village_id)
            tasks.append(
                VillageTask(
                    round=election_round,
                    village_id=election.village_id,
                    stage=template.stage,
                    template=template,
                    title=template.title,
                    due_date=due,
                    status=status,
                    owner=owner,
                    completed_on=completed_on,
                    completed_by=owner if completed_on else None,
                )
            )
    _write_rows(VillageTask, tasks, batch_size=1000)
    if stdout:
        stdout.write(
            f"County {county.name} ({prefix}): {len(township_rows)} townships, "
            f"{len(village_rows)} villages, {len(tasks)} tasks."
        )
    return CountyData(
        county=county,
        townships=township_rows,
        rounds=rounds,
        villages=len(village_rows),
        tasks=len(tasks),
    )
