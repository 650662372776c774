"""Reads behind the supervisors' screens (SPEC §3.9): lagging villages, the task list.

Each function runs a fixed number of queries whatever the number of villages:
the counts per village are aggregated in the database (one row per village),
ranked in Python, and only the villages shown get their stage breakdown,
guidance group and leader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.paginator import Paginator
from django.db.models import Count, Min, Q, QuerySet
from django.urls import reverse
from django.utils.http import urlencode

from villages.choices import GroupKind
from villages.models import Village, WorkingGroup

from .choices import CLOSED_STATUSES, TaskStatus
from .models import ElectionRound, Stage
from .selectors import _stages, round_tasks, url_prefix

LAGGING_PAGE_SIZE = 25
TASK_PAGE_SIZE = 50
# The longest “due within N days” a user may ask for.
MAX_DUE_WITHIN_DAYS = 366


def task_list_url(round: ElectionRound | None = None, **filters) -> str:
    """Return the township task list's URL with filters (None values dropped)."""
    params = {k: v for k, v in filters.items() if v not in (None, "", False)}
    if round is not None:
        params = {"round": round.pk, **params}
    url = reverse("stages:task_list")
    return f"{url}?{urlencode(params)}" if params else url


# --- guidance groups -------------------------------------------------------------------


@dataclass
class Guidance:
    """The guidance group of a village and its leader (包保)."""

    group: WorkingGroup
    leader: object | None  # the leader's GroupMembership

    @property
    def leader_name(self) -> str:
        return self.leader.user.display_name if self.leader else ""


def guidance_of(village_ids) -> dict[int, Guidance]:
    """Return each village's guidance group with its leader (2 queries)."""
    through = WorkingGroup.villages.through
    links = list(
        through.objects.filter(
            village_id__in=list(village_ids), workinggroup__kind=GroupKind.GUIDANCE
        )
        .order_by("workinggroup__name", "pk")
        .values_list("village_id", "workinggroup_id")
    )
    if not links:
        return {}
    groups = {
        g.pk: g
        for g in WorkingGroup.objects.filter(
            pk__in={group_id for _v, group_id in links}
        ).prefetch_related("memberships__user")
    }
    result: dict[int, Guidance] = {}
    for village_id, group_id in links:
        group = groups[group_id]
        result.setdefault(village_id, Guidance(group=group, leader=group.leader))
    return result


# --- lagging villages ------------------------------------------------------------------


@dataclass
class StageLag:
    """A village's counts in one stage."""

    stage: Stage
    total: int = 0
    done: int = 0
    overdue: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class LaggingVillage:
    """A village's standing in the round: progress, overdue tasks, worst stage, owner."""

    village: Village
    total: int
    done: int
    overdue: int
    next_due: date | None
    rank: int = 0
    worst: StageLag | None = None
    guidance: Guidance | None = None
    timeline_url: str = ""
    overdue_url: str = ""
    open_url: str = ""

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class Lagging:
    """The villages of a round ranked from most to least behind."""

    round: ElectionRound
    rows: list[LaggingVillage]
    page_obj: object
    villages: int = 0
    behind: int = 0  # villages with at least one overdue task
    overdue: int = 0
    done: int = 0
    total: int = 0
    stages: list[Stage] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def _lag_key(row: LaggingVillage):
    # Behind means past deadlines first; among equals, the least progress first.
    return (-row.overdue, row.percent, row.next_due or date.max, row.village.code)


def lagging_villages(
    *,
    round: ElectionRound,
    user,
    today: date,
    page: int | str = 1,
    per_page: int = LAGGING_PAGE_SIZE,
) -> Lagging:
    """Rank the round's villages the user sees by overdue tasks, then progress.

    Six queries: villages, counts per village, (for the page) counts per stage,
    stages, guidance links and groups with their members.
    """
    open_q = ~Q(status__in=CLOSED_STATUSES)
    tasks = round_tasks(user=user, round_ids=[round.pk])
    counts = {
        row["village_id"]: row
        for row in tasks.values("village_id")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=~open_q),
            overdue=Count("id", filter=open_q & Q(due_date__lt=today)),
            next_due=Min("due_date", filter=open_q & Q(due_date__gte=today)),
        )
        .order_by()
    }
    villages = (
        Village.objects.visible_to(user)
        .filter(township_id=round.township_id)
        .only("pk", "code", "name", "township_id")
    )
    rows = []
    for village in villages:
        found = counts.get(village.pk, {})
        rows.append(
            LaggingVillage(
                village=village,
                total=found.get("total", 0),
                done=found.get("done", 0),
                overdue=found.get("overdue", 0),
                next_due=found.get("next_due"),
            )
        )
    rows.sort(key=_lag_key)
    for rank, row in enumerate(rows, start=1):
        row.rank = rank
    result = Lagging(
        round=round,
        rows=[],
        page_obj=None,
        villages=len(rows),
        behind=sum(1 for r in rows if r.overdue),
        overdue=sum(r.overdue for r in rows),
        done=sum(r.done for r in rows),
        total=sum(r.total for r in rows),
    )
    page_obj = Paginator(rows, per_page).get_page(page)
    shown = list(page_obj.object_list)
    result.page_obj = page_obj
    result.rows = shown
    if not shown:
        return result
    ids = [row.village.pk for row in shown]
    stages = _stages()
    result.stages = stages
    by_stage = {
        (r["village_id"], r["stage_id"]): r
        for r in tasks.filter(village_id__in=ids)
        .values("village_id", "stage_id")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=~open_q),
            overdue=Count("id", filter=open_q & Q(due_date__lt=today)),
        )
        .order_by()
    }
    guidance = guidance_of(ids)
    timeline = url_prefix("stages:village_timeline", round.pk)
    for row in shown:
        lags = [
            StageLag(stage=stage, **_pick(by_stage.get((row.village.pk, stage.pk))))
            for stage in stages
        ]
        row.worst = worst_stage(lags)
        row.guidance = guidance.get(row.village.pk)
        row.timeline_url = f"{timeline}{row.village.pk}/"
        row.overdue_url = task_list_url(round, village=row.village.pk, overdue=1)
        row.open_url = task_list_url(round, village=row.village.pk, status="open")
    return result


def _pick(found) -> dict:
    if not found:
        return {}
    return {"total": found["total"], "done": found["done"], "overdue": found["overdue"]}


def worst_stage(lags: list[StageLag]) -> StageLag | None:
    """Return the stage most behind: most overdue tasks, else the first unfinished one."""
    overdue = [lag for lag in lags if lag.overdue]
    if overdue:
        return max(overdue, key=lambda lag: (lag.overdue, -lag.percent))
    for lag in lags:
        if lag.total and lag.done < lag.total:
            return lag
    return None


# --- the township task list ------------------------------------------------------------

STATUS_FILTERS = {
    "open": Q(),  # handled separately (exclude closed)
    **{status.value: Q(status=status.value) for status in TaskStatus},
}


@dataclass
class TaskFilters:
    """The validated filters of the task list; ``errors`` says what was ignored."""

    stage: int | None = None
    status: str = ""
    group: int | None = None
    village: int | None = None
    owner: int | None = None
    overdue: bool = False
    due_within: int | None = None
    q: str = ""
    errors: list[str] = field(default_factory=list)

    def as_params(self) -> dict:
        return {
            "stage": self.stage,
            "status": self.status,
            "group": self.group,
            "village": self.village,
            "owner": self.owner,
            "overdue": 1 if self.overdue else None,
            "due_within": self.due_within,
            "q": self.q,
        }

    @property
    def active(self) -> bool:
        return any(v not in (None, "", False) for v in self.as_params().values())


def filter_tasks(tasks: QuerySet, filters: TaskFilters, *, today: date) -> QuerySet:
    """Apply the task-list filters to a queryset of VillageTask."""
    if filters.stage:
        tasks = tasks.filter(stage_id=filters.stage)
    if filters.status == "open":
        tasks = tasks.exclude(status__in=CLOSED_STATUSES)
    elif filters.status:
        tasks = tasks.filter(status=filters.status)
    if filters.group:
        tasks = tasks.filter(village__guidance_groups=filters.group)
    if filters.village:
        tasks = tasks.filter(village_id=filters.village)
    if filters.owner:
        tasks = tasks.filter(owner_id=filters.owner)
    if filters.overdue:
        tasks = tasks.exclude(status__in=CLOSED_STATUSES).filter(due_date__lt=today)
    if filters.due_within is not None:
        tasks = tasks.exclude(status__in=CLOSED_STATUSES).filter(
            due_date__gte=today,
            due_date__lte=today + timedelta(days=filters.due_within),
        )
    if filters.q:
        tasks = tasks.filter(
            Q(title__icontains=filters.q) | Q(village__name__icontains=filters.q)
        )
    return tasks


def township_tasks(*, round: ElectionRound, user, filters: TaskFilters, today: date):
    """Return the round's tasks the user sees, filtered, in deadline order."""
    tasks = round_tasks(user=user, round_ids=[round.pk])
    return (
        filter_tasks(tasks, filters, today=today)
        .select_related("village", "stage", "owner")
        .order_by("due_date", "village__code", "stage__order", "pk")
    )


@dataclass
class FilterChoices:
    """What the task list's filter menus offer, limited to the user's scope."""

    stages: list[Stage]
    villages: list[Village]
    groups: list[WorkingGroup]
    owners: list


def filter_choices(*, round: ElectionRound, user) -> FilterChoices:
    """Return the stages, villages, guidance groups and owners a user may filter by."""
    from core.models import User

    villages = list(
        Village.objects.visible_to(user)
        .filter(township_id=round.township_id)
        .only("pk", "code", "name")
        .order_by("code")
    )
    groups = WorkingGroup.objects.visible_to(user).filter(
        township_id=round.township_id, kind=GroupKind.GUIDANCE
    )
    from core.scope import get_scope

    if get_scope(user).village_ids is not None:
        groups = groups.filter(villages__in=[v.pk for v in villages]).distinct()
    owners = User.objects.filter(
        pk__in=round_tasks(user=user, round_ids=[round.pk])
        .exclude(owner=None)
        .values("owner_id")
    ).order_by("username")
    return FilterChoices(
        stages=_stages(),
        villages=villages,
        groups=list(groups.order_by("name")),
        owners=list(owners),
    )


def guidance_for_tasks(tasks) -> dict[int, Guidance]:
    """Return the guidance group of each village among the tasks (2 queries)."""
    return guidance_of({task.village_id for task in tasks})


# --- the county ------------------------------------------------------------------------


@dataclass
class TownshipRow:
    """A township side by side with the others: progress, overdue, links."""

    township: object
    round: ElectionRound | None
    total: int = 0
    done: int = 0
    overdue: int = 0
    map_url: str = ""
    villages_url: str = ""
    overdue_url: str = ""
    elections: dict = field(default_factory=dict)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class CountyOverview:
    """Every visible township's current round compared (the county's first screen)."""

    rows: list[TownshipRow]
    elections_known: bool = False

    @property
    def total(self) -> int:
        return sum(r.total for r in self.rows)

    @property
    def done(self) -> int:
        return sum(r.done for r in self.rows)

    @property
    def overdue(self) -> int:
        return sum(r.overdue for r in self.rows)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    def election_total(self, key: str) -> int:
        return sum(r.elections.get(key, 0) for r in self.rows)

    @property
    def elections_done(self) -> int:
        return self.election_total("done")

    @property
    def elections_runoff(self) -> int:
        return self.election_total("runoff_needed")

    @property
    def elections_one_round(self) -> int:
        return self.election_total("one_round")


def county_overview(*, user, today: date) -> CountyOverview:
    """Compare the townships a county official sees (the county map's queries + elections)."""
    from .selectors import county_map

    data = county_map(user=user, today=today)
    rows = []
    for row in data.rows:
        round = row.round
        item = TownshipRow(
            township=row.subject,
            round=round,
            total=row.total,
            done=row.done,
            overdue=row.overdue,
        )
        if round is not None:
            item.map_url = reverse("stages:round_map", args=[round.pk])
            item.villages_url = (
                reverse("stages:lagging") + "?" + urlencode({"round": round.pk})
            )
            item.overdue_url = task_list_url(round, overdue=1)
        rows.append(item)
    overview = CountyOverview(rows=rows)
    figures = election_figures([r.round.pk for r in rows if r.round is not None])
    if figures is not None:
        overview.elections_known = True
        for item in rows:
            if item.round is not None:
                item.elections = figures.get(item.round.pk, {})
    return overview


def election_figures(round_ids) -> dict[int, dict] | None:
    """Return per round: elections done, 另行选举 needed, one-round successes.

    Counted on regular elections (not the 另行选举 or re-votes that follow them):
    *done* — counted or applied and valid; *one round* — done with no seat left
    unfilled; *另行选举 needed* — done with seats unfilled that were not reduced
    and no counted 另行选举 yet. None when the elections app is not installed.
    One query.
    """
    from django.apps import apps

    if not apps.is_installed("elections") or not round_ids:
        return None
    from django.db.models import Exists, OuterRef

    from elections.choices import CountStatus, ElectionKind, ShortfallDecision
    from elections.models import Election

    counted = [CountStatus.COUNTED, CountStatus.APPLIED]
    runoff_counted = Election.objects.filter(
        parent=OuterRef("pk"), kind=ElectionKind.RUNOFF, status__in=counted
    )
    done_q = Q(status__in=counted, valid=True)
    unfilled = ~Q(shortfall={})
    rows = (
        Election.objects.filter(round_id__in=round_ids, kind=ElectionKind.REGULAR)
        .annotate(has_runoff=Exists(runoff_counted))
        .values("round_id")
        .annotate(
            done=Count("id", filter=done_q),
            one_round=Count("id", filter=done_q & ~unfilled),
            runoff_needed=Count(
                "id",
                filter=done_q
                & unfilled
                & ~Q(shortfall_decision=ShortfallDecision.REDUCE)
                & Q(has_runoff=False),
            ),
        )
        .order_by()
    )
    list_url = reverse("elections:election_list")
    result = {}
    for row in rows:
        result[row["round_id"]] = {
            "done": row["done"],
            "one_round": row["one_round"],
            "runoff_needed": row["runoff_needed"],
            "done_url": f"{list_url}?status={CountStatus.APPLIED}",
            "runoff_url": list_url,
        }
    return result


# --- the battle map as a sheet -----------------------------------------------------------


@dataclass
class MapSheet:
    """Every village of a round's battle map (not one page), for the Excel export."""

    round: ElectionRound
    stages: list[Stage]
    rows: list  # selectors.Row
    totals: list  # selectors.Cell


def battle_map_sheet(*, round: ElectionRound, user, today: date) -> MapSheet:
    """Return all the user's villages × stages of a round (5 queries)."""
    from .models import VillageElection
    from .selectors import Cell, Row, _count_fields

    stages = _stages()
    villages = list(
        Village.objects.visible_to(user)
        .filter(township_id=round.township_id)
        .only("pk", "code", "name", "township_id")
        .order_by("code")
    )
    tasks = round_tasks(user=user, round_ids=[round.pk])
    counts = {
        (r["village_id"], r["stage_id"]): r
        for r in tasks.values("village_id", "stage_id")
        .annotate(**_count_fields(today))
        .order_by()
    }
    elections = {e.village_id: e for e in VillageElection.objects.filter(round=round)}
    empty = {"total": 0, "done": 0, "overdue": 0, "due_soon": 0}
    totals = {stage.pk: Cell(stage=stage) for stage in stages}
    rows = []
    for village in villages:
        cells = []
        for stage in stages:
            found = counts.get((village.pk, stage.pk), empty)
            cell = Cell(
                stage=stage,
                total=found["total"],
                done=found["done"],
                overdue=found["overdue"],
                due_soon=found["due_soon"],
            )
            cells.append(cell)
            total = totals[stage.pk]
            total.total += cell.total
            total.done += cell.done
            total.overdue += cell.overdue
            total.due_soon += cell.due_soon
        rows.append(
            Row(subject=village, cells=cells, election=elections.get(village.pk))
        )
    return MapSheet(round=round, stages=stages, rows=rows, totals=list(totals.values()))
