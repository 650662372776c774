"""Reads of the stages app: every query scoped and shaped here, once.

The battle map, the county map and the stage view each run a fixed number of
queries whatever the number of villages: the counts per (village, stage) are
aggregated in the database, and only one page of villages is shown at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext

from core.request_cache import memoize
from core.scope import get_scope
from villages.models import Township, Village

from .choices import (
    CELL_COLOURS,
    CLOSED_STATUSES,
    DUE_SOON_DAYS,
    CellState,
    RoundStatus,
    TaskStatus,
)
from .models import ElectionRound, Stage, TaskTemplate, VillageElection, VillageTask
from .workdays import years_without_calendar

MAP_PAGE_SIZE = 50


def current_round(township) -> ElectionRound | None:
    """Return the township's current round: the latest under way, else the latest one.

    ``township`` may be a Township or its primary key. The rule set is joined so
    ``round.rules.get(key)`` costs one more query at most.
    """
    township_id = getattr(township, "pk", township)
    if township_id is None:
        return None
    return memoize(
        ("stages.current_round", township_id), lambda: _current_round(township_id)
    )


def _current_round(township_id) -> ElectionRound | None:
    return (
        ElectionRound.objects.filter(township_id=township_id)
        .select_related("rule_set", "township")
        .annotate(
            rank=Case(
                When(status=RoundStatus.ACTIVE, then=Value(0)),
                When(status=RoundStatus.DRAFT, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "-start_date", "-pk")
        .first()
    )


def rounds_visible(*, user) -> QuerySet:
    """Return the rounds a user may see, newest first."""
    return (
        ElectionRound.objects.visible_to(user)
        .select_related("township", "rule_set")
        .order_by("township__code", "-start_date")
    )


def round_tasks(*, user, round_ids) -> QuerySet:
    """Return the tasks of rounds the user may see, for counting.

    Callers pass only rounds they got through ``ElectionRound.objects.visible_to``
    (or the user's own township), so for township-wide users the round filter
    already is their scope and the join to the village table that
    ``visible_to`` adds would only slow the count down (it doubles the time of
    a county-wide count); users limited to some villages (guides) still go
    through ``visible_to``.
    """
    tasks = VillageTask.objects.filter(round_id__in=round_ids)
    if get_scope(user).village_ids is not None:
        tasks = tasks.visible_to(user)
    return tasks


# --- cells -------------------------------------------------------------------------


def _count_fields(today: date) -> dict:
    open_q = ~Q(status__in=CLOSED_STATUSES)
    return {
        "total": Count("id"),
        "done": Count("id", filter=~open_q),
        "overdue": Count("id", filter=open_q & Q(due_date__lt=today)),
        "due_soon": Count(
            "id",
            filter=open_q
            & Q(
                due_date__gte=today, due_date__lte=today + timedelta(days=DUE_SOON_DAYS)
            ),
        ),
    }


@dataclass
class Cell:
    """Done/total of one village (or township) in one stage, and its colour."""

    stage: Stage
    total: int = 0
    done: int = 0
    overdue: int = 0
    due_soon: int = 0
    url: str = ""

    @property
    def state(self) -> str:
        if not self.total:
            return CellState.EMPTY.value
        if self.done == self.total:
            return CellState.DONE.value
        if self.overdue:
            return CellState.OVERDUE.value
        if self.due_soon:
            return CellState.DUE_SOON.value
        return CellState.ON_TRACK.value

    @property
    def state_label(self) -> str:
        return state_labels()[self.state]

    @property
    def colour(self) -> str:
        return CELL_COLOURS[self.state]

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    def note_for(self, state: str) -> str:
        """Return the small line under the fraction: overdue, due soon, or the state."""
        if self.overdue:
            return ngettext("%(n)s overdue", "%(n)s overdue", self.overdue) % {
                "n": self.overdue
            }
        if self.due_soon:
            return ngettext("%(n)s due soon", "%(n)s due soon", self.due_soon) % {
                "n": self.due_soon
            }
        return state_labels()[state]

    @property
    def note(self) -> str:
        return self.note_for(self.state)

    def html(self) -> str:
        """Return the ``<td>`` of the cell.

        Built in Python rather than in the template: a county map or a page of
        fifty villages has hundreds of cells, and template nodes per cell cost
        more than the database does.
        """
        state = self.state
        link = f' href="{escape(self.url)}"' if self.url else ""
        return mark_safe(  # noqa: S308 - every interpolated text is escaped
            f'<td class="cell state-{state}" data-stage="{escape(self.stage.name)}" '
            f'data-state="{state}" title="{escape(state_labels()[state])}"><a{link}>'
            f'<span class="frac">{self.done}/{self.total}</span>'
            f'<span class="sub">{escape(self.note_for(state))}</span></a></td>'
        )


_LABELS: dict[str, dict[str, str]] = {}


def state_labels() -> dict[str, str]:
    """Return the translated label of each cell state, computed once per language."""
    language = get_language() or ""
    labels = _LABELS.get(language)
    if labels is None:
        labels = {state.value: str(state.label) for state in CellState}
        _LABELS[language] = labels
    return labels


def url_prefix(name: str, *args) -> str:
    """Return a URL whose last argument is an integer, without that argument.

    ``url_prefix("stages:task_detail") + f"{pk}/"`` equals
    ``reverse("stages:task_detail", args=[pk])``; pages with hundreds of links
    reverse once instead of once per link.
    """
    return reverse(name, args=[*args, 0]).removesuffix("0/")


class TaskCells:
    """Render stage-view cells of tasks, translating labels and formats once per page."""

    def __init__(self, today: date):
        self.today = today
        self.prefix = url_prefix("stages:task_detail")
        self.status = {status.value: str(status.label) for status in TaskStatus}
        self.overdue = str(CellState.OVERDUE.label)
        self.month_day = get_format("MONTH_DAY_FORMAT")

    def __call__(self, task: VillageTask) -> str:
        """Return the ``<td>`` of a task (built in Python, see Cell.html)."""
        state = task.state(self.today)
        if task.is_open:
            when = dateformat.format(task.due_date, self.month_day)
            label = (
                self.overdue if state == CellState.OVERDUE else self.status[task.status]
            )
        else:
            label = self.status[task.status]
            when = (
                dateformat.format(task.completed_on, self.month_day)
                if task.completed_on
                else "—"
            )
        return mark_safe(  # noqa: S308 - every interpolated text is escaped
            f'<td class="cell state-{state}" data-state="{state}">'
            f'<a href="{self.prefix}{task.pk}/"><span class="sub">{escape(when)}</span>'
            f'<span class="sub">{escape(label)}</span></a></td>'
        )


def task_cell(task: VillageTask) -> str:
    """Return the stage-view ``<td>`` of one task."""
    return TaskCells(task.today or timezone.localdate())(task)


@dataclass
class Row:
    """A battle-map row: a village (or a township) and one cell per stage."""

    subject: object
    cells: list[Cell]
    election: VillageElection | None = None
    round: ElectionRound | None = None
    url: str = ""

    @property
    def total(self) -> int:
        return sum(c.total for c in self.cells)

    @property
    def done(self) -> int:
        return sum(c.done for c in self.cells)

    @property
    def overdue(self) -> int:
        return sum(c.overdue for c in self.cells)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class BattleMap:
    """The 作战图 of a round: a page of village rows, stage totals and a legend."""

    round: ElectionRound
    stages: list[Stage]
    rows: list[Row]
    totals: list[Cell]
    page_obj: object
    fallback_years: list[int] = field(default_factory=list)

    @property
    def state_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(CellState.values, 0)
        for row in self.rows:
            for cell in row.cells:
                counts[cell.state] += 1
        return counts


def _stages() -> list[Stage]:
    # A page's panels (home: lagging villages and stage progress) share one read.
    return list(memoize("stages.stages", lambda: list(Stage.objects.order_by("order"))))


def _round_dates(round: ElectionRound) -> list[date]:
    return [round.start_date, round.target_end_date]


def battle_map(
    *, round: ElectionRound, user, today: date, page: int | str = 1, q: str = ""
) -> BattleMap:
    """Return the battle map of a round for a user, one page of villages (6 queries)."""
    stages = _stages()
    villages = (
        Village.objects.visible_to(user)
        .filter(township_id=round.township_id)
        .order_by("code")
    )
    if q:
        villages = villages.filter(
            Q(name__icontains=q)
            | Q(name_pinyin__icontains=q)
            | Q(name_initials__icontains=q)
        )
    page_obj = Paginator(villages, MAP_PAGE_SIZE).get_page(page)
    page_villages = list(page_obj.object_list)
    ids = [v.pk for v in page_villages]
    elections = {
        e.village_id: e
        for e in VillageElection.objects.filter(round=round, village_id__in=ids)
    }
    counts = {
        (row["village_id"], row["stage_id"]): row
        for row in VillageTask.objects.filter(round=round, village_id__in=ids)
        .values("village_id", "stage_id")
        .annotate(**_count_fields(today))
        .order_by()
    }
    rows = []
    for village in page_villages:
        cells = []
        stage_prefix = url_prefix("stages:village_stage", round.pk, village.pk)
        for stage in stages:
            found = counts.get((village.pk, stage.pk), {})
            cells.append(
                Cell(
                    stage=stage,
                    total=found.get("total", 0),
                    done=found.get("done", 0),
                    overdue=found.get("overdue", 0),
                    due_soon=found.get("due_soon", 0),
                    url=f"{stage_prefix}{stage.pk}/",
                )
            )
        rows.append(
            Row(
                subject=village,
                cells=cells,
                election=elections.get(village.pk),
                round=round,
                url=reverse("stages:village_timeline", args=[round.pk, village.pk]),
            )
        )
    stage_totals = {
        row["stage_id"]: row
        for row in round_tasks(user=user, round_ids=[round.pk])
        .values("stage_id")
        .annotate(**_count_fields(today))
        .order_by()
    }
    totals = [
        Cell(
            stage=stage,
            total=stage_totals.get(stage.pk, {}).get("total", 0),
            done=stage_totals.get(stage.pk, {}).get("done", 0),
            overdue=stage_totals.get(stage.pk, {}).get("overdue", 0),
            due_soon=stage_totals.get(stage.pk, {}).get("due_soon", 0),
            url=reverse("stages:stage_view", args=[round.pk, stage.pk]),
        )
        for stage in stages
    ]
    dates = _round_dates(round) + [
        d
        for e in elections.values()
        for d in (e.party_election_date, e.vc_election_date)
    ]
    return BattleMap(
        round=round,
        stages=stages,
        rows=rows,
        totals=totals,
        page_obj=page_obj,
        fallback_years=years_without_calendar(dates),
    )


@dataclass
class CountyMap:
    """Townships × stages across a county: each township's current round."""

    stages: list[Stage]
    rows: list[Row]
    totals: list[Cell]


def county_map(*, user, today: date) -> CountyMap:
    """Return every visible township's current-round progress by stage (4 queries)."""
    stages = _stages()
    townships = list(Township.objects.visible_to(user).order_by("code"))
    rounds: dict[int, ElectionRound] = {}
    rank = {RoundStatus.ACTIVE: 0, RoundStatus.DRAFT: 1, RoundStatus.CLOSED: 2}
    for candidate in ElectionRound.objects.filter(
        township_id__in=[t.pk for t in townships]
    ).order_by("-start_date", "-pk"):
        best = rounds.get(candidate.township_id)
        if best is None or rank[candidate.status] < rank[best.status]:
            rounds[candidate.township_id] = candidate
    counts = {
        (row["round_id"], row["stage_id"]): row
        for row in round_tasks(user=user, round_ids=[r.pk for r in rounds.values()])
        .values("round_id", "stage_id")
        .annotate(**_count_fields(today))
        .order_by()
    }
    rows = []
    sums = {stage.pk: Cell(stage=stage) for stage in stages}
    for township in townships:
        round = rounds.get(township.pk)
        prefix = url_prefix("stages:stage_view", round.pk) if round else ""
        cells = []
        for stage in stages:
            found = counts.get((round.pk, stage.pk), {}) if round else {}
            cell = Cell(
                stage=stage,
                total=found.get("total", 0),
                done=found.get("done", 0),
                overdue=found.get("overdue", 0),
                due_soon=found.get("due_soon", 0),
                url=f"{prefix}{stage.pk}/" if round else "",
            )
            cells.append(cell)
            total = sums[stage.pk]
            total.total += cell.total
            total.done += cell.done
            total.overdue += cell.overdue
            total.due_soon += cell.due_soon
        rows.append(
            Row(
                subject=township,
                cells=cells,
                round=round,
                url=reverse("stages:round_map", args=[round.pk]) if round else "",
            )
        )
    return CountyMap(stages=stages, rows=rows, totals=list(sums.values()))


# --- stage view ------------------------------------------------------------------------


@dataclass
class StageView:
    """One stage across villages: a page of villages × the stage's tasks."""

    round: ElectionRound
    stage: Stage
    stages: list[Stage]
    templates: list[TaskTemplate]
    rows: list[tuple[Village, list[str | None]]]  # rendered cells
    page_obj: object


def stage_view(
    *, round: ElectionRound, stage: Stage, user, page: int | str = 1, q: str = ""
) -> StageView:
    """Return a stage's tasks for a page of villages (5 queries)."""
    stages = _stages()
    templates = list(
        TaskTemplate.objects.filter(
            pk__in=VillageTask.objects.filter(round=round, stage=stage).values(
                "template_id"
            )
        ).order_by("order", "pk")
    )
    villages = (
        Village.objects.visible_to(user)
        .filter(township_id=round.township_id)
        .order_by("code")
    )
    if q:
        villages = villages.filter(
            Q(name__icontains=q)
            | Q(name_pinyin__icontains=q)
            | Q(name_initials__icontains=q)
        )
    page_obj = Paginator(villages, MAP_PAGE_SIZE).get_page(page)
    page_villages = list(page_obj.object_list)
    tasks = {
        (t.village_id, t.template_id): t
        for t in VillageTask.objects.filter(
            round=round, stage=stage, village_id__in=[v.pk for v in page_villages]
        )
    }
    render = TaskCells(timezone.localdate())
    rows = [
        (
            v,
            [
                render(task) if (task := tasks.get((v.pk, t.pk))) else None
                for t in templates
            ],
        )
        for v in page_villages
    ]
    return StageView(
        round=round,
        stage=stage,
        stages=stages,
        templates=templates,
        rows=rows,
        page_obj=page_obj,
    )


# --- village ---------------------------------------------------------------------------


@dataclass
class StageGroup:
    """A stage of a village's timeline with its tasks."""

    stage: Stage
    tasks: list[VillageTask]

    @property
    def done(self) -> int:
        return sum(1 for t in self.tasks if not t.is_open)

    @property
    def percent(self) -> int:
        return round(100 * self.done / len(self.tasks)) if self.tasks else 0


def village_tasks(*, round: ElectionRound, village: Village) -> QuerySet:
    """Return a village's tasks in a round in timetable order, with owner and stage."""
    return (
        VillageTask.objects.filter(round=round, village=village)
        .select_related("stage", "template", "owner", "completed_by")
        .annotate(evidence_count=Count("evidence"))
        .order_by("stage__order", "due_date", "template__order", "pk")
    )


def village_timeline(
    *, round: ElectionRound, village: Village, stage: Stage | None = None
) -> list[StageGroup]:
    """Return a village's tasks grouped by stage (one stage when given)."""
    tasks = village_tasks(round=round, village=village)
    if stage is not None:
        tasks = tasks.filter(stage=stage)
    groups: dict[int, StageGroup] = {}
    today = timezone.localdate()
    for task in tasks:
        task.today = today
        groups.setdefault(
            task.stage_id, StageGroup(stage=task.stage, tasks=[])
        ).tasks.append(task)
    return list(groups.values())


def village_election(
    *, round: ElectionRound, village: Village
) -> VillageElection | None:
    """Return a village's election days in a round."""
    return VillageElection.objects.filter(round=round, village=village).first()


def task_prerequisites(task: VillageTask) -> list[VillageTask]:
    """Return the village's tasks that must be completed before this one."""
    return list(
        VillageTask.objects.filter(
            round_id=task.round_id,
            village_id=task.village_id,
            template__in=task.template.prerequisites.all(),
        ).order_by("stage__order", "template__order")
    )


def my_tasks(*, user, show: str = "open", today: date) -> QuerySet:
    """Return the tasks a user owns (open, overdue or all), earliest deadline first."""
    tasks = (
        VillageTask.objects.visible_to(user)
        .filter(owner=user)
        .exclude(round__status=RoundStatus.CLOSED)
        .select_related("village", "stage", "round")
        .order_by("due_date", "village__code", "pk")
    )
    if show == "overdue":
        return tasks.overdue(today=today)
    if show == "open":
        return tasks.open()
    return tasks


def feed_tasks(*, user) -> QuerySet:
    """Return the deadlines of a user's calendar feed (their tasks in rounds not closed)."""
    return (
        VillageTask.objects.visible_to(user)
        .filter(owner=user)
        .exclude(round__status=RoundStatus.CLOSED)
        .select_related("village", "stage", "round")
        .order_by("due_date", "pk")[:1000]
    )


# --- panels ---------------------------------------------------------------------------


@dataclass
class Progress:
    """Done/total and overdue counts of a round (or of one village in it)."""

    round: ElectionRound
    cells: list[Cell]
    election: VillageElection | None = None
    overdue_tasks: list[VillageTask] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(c.total for c in self.cells)

    @property
    def done(self) -> int:
        return sum(c.done for c in self.cells)

    @property
    def overdue(self) -> int:
        return sum(c.overdue for c in self.cells)

    @property
    def due_soon(self) -> int:
        return sum(c.due_soon for c in self.cells)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def round_progress(
    *, round: ElectionRound, user, today: date, village=None
) -> Progress:
    """Return a round's progress by stage for what the user sees (or one village)."""
    stages = _stages()
    tasks = round_tasks(user=user, round_ids=[round.pk])
    if village is not None:
        tasks = tasks.filter(village=village)
    counts = {
        row["stage_id"]: row
        for row in tasks.values("stage_id").annotate(**_count_fields(today)).order_by()
    }
    cells = [
        Cell(
            stage=stage,
            total=counts.get(stage.pk, {}).get("total", 0),
            done=counts.get(stage.pk, {}).get("done", 0),
            overdue=counts.get(stage.pk, {}).get("overdue", 0),
            due_soon=counts.get(stage.pk, {}).get("due_soon", 0),
            url=(
                reverse("stages:village_stage", args=[round.pk, village.pk, stage.pk])
                if village is not None
                else reverse("stages:stage_view", args=[round.pk, stage.pk])
            ),
        )
        for stage in stages
    ]
    progress = Progress(round=round, cells=cells)
    if village is not None:
        progress.election = village_election(round=round, village=village)
        progress.overdue_tasks = list(
            tasks.overdue(today=today).select_related("stage").order_by("due_date")[:5]
        )
    return progress


def fallback_years_for(round: ElectionRound, elections=()) -> list[int]:
    """Return the years of a round whose holiday notice is neither packaged nor entered."""
    dates = _round_dates(round)
    for election in elections:
        dates += [election.party_election_date, election.vc_election_date]
    return years_without_calendar(dates)


# --- holiday notices ------------------------------------------------------------


def holiday_notices() -> list:
    """Return the entered holiday notices, newest year first, with their ranges (2 queries)."""
    from .models import HolidayYear

    return list(
        HolidayYear.objects.select_related("entered_by")
        .prefetch_related("ranges")
        .order_by("-year")
    )


def missing_calendar_years(*, user) -> list[int]:
    """Return the years the user's open rounds reach whose holidays nobody entered yet.

    Looks at round dates, election days and open deadlines (3 queries, plus the
    cached calendar).
    """
    from django.db.models import Max, Min

    rounds = ElectionRound.objects.visible_to(user).exclude(status=RoundStatus.CLOSED)
    dates: list[date | None] = []
    for start, end in rounds.values_list("start_date", "target_end_date"):
        dates += [start, end]
    if not dates:
        return []
    days = VillageElection.objects.filter(round__in=rounds).aggregate(
        Min("party_election_date"), Max("vc_election_date")
    )
    dates += list(days.values())
    dates.append(
        VillageTask.objects.filter(round__in=rounds)
        .open()
        .aggregate(last=Max("due_date"))["last"]
    )
    return years_without_calendar(dates)


def holiday_range_history(notice, *, limit: int = 60) -> list:
    """Return the additions and removals of a notice's ranges, newest first (1 query)."""
    from .models import HolidayRange

    return list(
        HolidayRange.history.filter(notice_id=notice.pk)
        .exclude(history_type="~")
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
