"""The progress bulletin (工作进展通报) of a township for a date range, from the records.

Every figure comes from records other pages already show:

- the headline numbers of the seed article (banners, group studies, seminars,
  lectures and screenings, reminder cards, display boards, commitment letters)
  are :func:`discipline.selectors.discipline_totals` for the same township and
  dates, so the bulletin and the discipline totals page always agree;
- reports (举报): received and closed within the dates, plus the open and
  overdue counts of :func:`discipline.selectors.reports.report_counts` (only for
  roles that may count reports);
- stage progress is the township's current round as it stood at the end date:
  a task counts as done when it is closed and was completed on or before the
  end date; overdue when it was not done by the end date and its deadline had
  passed. With today as the end date these are the battle map's numbers;
- lagging villages: villages with overdue tasks at the end date, least
  progress first;
- next week's deadlines: tasks not done by the end date whose deadline falls in
  the seven days after it.

Eight queries at most whatever the number of villages (the township has one
page of villages; county users choose a township).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse

from discipline.selectors import discipline_totals
from discipline.selectors.reports import report_counts
from stages.choices import CLOSED_STATUSES, TaskStatus
from stages.models import ElectionRound, Stage
from stages.selectors import current_round, round_tasks
from villages.models import Township, Village

LAGGING_LIMIT = 10
NEXT_WEEK_DAYS = 7


@dataclass
class StageLine:
    """One stage of the round: tasks, done at the end date, done in the period."""

    stage: Stage
    total: int = 0
    done: int = 0
    done_in_period: int = 0
    overdue: int = 0
    url: str = ""

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class LaggingVillage:
    """A village behind schedule at the end date."""

    village: Village
    total: int
    done: int
    overdue: int
    worst_stage: Stage | None
    url: str = ""

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class Deadline:
    """One task of the timetable falling due next week, with its villages and days."""

    title: str
    stage: str
    first_due: datetime.date
    villages: list[tuple[str, datetime.date]] = field(default_factory=list)


@dataclass
class Bulletin:
    """Everything the bulletin page, its print view and its .docx show."""

    township: Township
    round: ElectionRound | None
    date_from: datetime.date
    date_to: datetime.date
    headline: list  # [(Column, value)] as on the discipline totals page
    attendance: int
    reports: dict | None  # report_counts() plus received/closed in the period
    stages: list[StageLine]
    village_count: int
    lagging: list[LaggingVillage]
    lagging_total: int
    deadlines: list[Deadline]
    next_week_from: datetime.date
    next_week_to: datetime.date

    @property
    def total(self) -> int:
        return sum(line.total for line in self.stages)

    @property
    def done(self) -> int:
        return sum(line.done for line in self.stages)

    @property
    def done_in_period(self) -> int:
        return sum(line.done_in_period for line in self.stages)

    @property
    def overdue(self) -> int:
        return sum(line.overdue for line in self.stages)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    def headline_value(self, key: str) -> int:
        for column, value in self.headline:
            if column.key == key:
                return value
        return 0


def _done_q(date_to: datetime.date) -> Q:
    """Return the condition "closed, and completed on or before the end date"."""
    return Q(status__in=CLOSED_STATUSES) & (
        Q(completed_on__isnull=True) | Q(completed_on__lte=date_to)
    )


def _counts(date_from: datetime.date, date_to: datetime.date) -> dict:
    done = _done_q(date_to)
    return {
        "total": Count("id"),
        "done": Count("id", filter=done),
        "done_in_period": Count(
            "id",
            filter=Q(
                status=TaskStatus.DONE,
                completed_on__gte=date_from,
                completed_on__lte=date_to,
            ),
        ),
        "overdue": Count("id", filter=~done & Q(due_date__lt=date_to)),
    }


def _reports(*, user, township_id, date_from, date_to) -> dict | None:
    counts = report_counts(user=user, township_id=township_id)
    if counts is None:
        return None
    from discipline.models import Report

    queryset = Report.objects.counted_for(user).filter(township_id=township_id)
    counts.update(
        queryset.aggregate(
            received_in_period=Count(
                "pk",
                filter=Q(received_on__gte=date_from, received_on__lte=date_to),
                distinct=True,
            ),
            closed_in_period=Count(
                "pk",
                filter=Q(closed_on__gte=date_from, closed_on__lte=date_to),
                distinct=True,
            ),
        )
    )
    return counts


def progress_bulletin(
    *,
    user,
    township: Township,
    date_from: datetime.date,
    date_to: datetime.date,
) -> Bulletin:
    """Return the bulletin of a visible township for the dates (both included)."""
    totals = discipline_totals(
        user=user, township_id=township.pk, date_from=date_from, date_to=date_to
    )
    reports = _reports(
        user=user, township_id=township.pk, date_from=date_from, date_to=date_to
    )
    round = current_round(township)
    stages = list(Stage.objects.order_by("order"))
    lines = {stage.pk: StageLine(stage=stage) for stage in stages}
    villages = list(
        Village.objects.visible_to(user).filter(township=township).order_by("code")
    )
    lagging: list[LaggingVillage] = []
    deadlines: list[Deadline] = []
    next_from = date_to + datetime.timedelta(days=1)
    next_to = date_to + datetime.timedelta(days=NEXT_WEEK_DAYS)
    if round is not None:
        tasks = round_tasks(user=user, round_ids=[round.pk])
        per_village: dict[int, dict] = defaultdict(
            lambda: {"total": 0, "done": 0, "overdue": 0, "stages": {}}
        )
        for row in (
            tasks.values("village_id", "stage_id")
            .annotate(**_counts(date_from, date_to))
            .order_by()
        ):
            line = lines.get(row["stage_id"])
            if line is not None:
                line.total += row["total"]
                line.done += row["done"]
                line.done_in_period += row["done_in_period"]
                line.overdue += row["overdue"]
            village = per_village[row["village_id"]]
            village["total"] += row["total"]
            village["done"] += row["done"]
            village["overdue"] += row["overdue"]
            if row["overdue"]:
                village["stages"][row["stage_id"]] = row["overdue"]
        for line in lines.values():
            line.url = reverse("stages:stage_view", args=[round.pk, line.stage.pk])
        stage_by_pk = {stage.pk: stage for stage in stages}
        order = {stage.pk: stage.order for stage in stages}
        for village in villages:
            found = per_village.get(village.pk)
            if not found or not found["overdue"]:
                continue
            worst = max(
                found["stages"].items(), key=lambda item: (item[1], -order[item[0]])
            )[0]
            lagging.append(
                LaggingVillage(
                    village=village,
                    total=found["total"],
                    done=found["done"],
                    overdue=found["overdue"],
                    worst_stage=stage_by_pk.get(worst),
                    url=reverse("stages:village_timeline", args=[round.pk, village.pk]),
                )
            )
        lagging.sort(key=lambda v: (v.percent, -v.overdue, v.village.code))
        grouped: dict[tuple, Deadline] = {}
        for task in (
            tasks.exclude(_done_q(date_to))
            .filter(due_date__gte=next_from, due_date__lte=next_to)
            .select_related("village", "stage")
            .order_by("due_date", "stage__order", "title", "village__code")
        ):
            key = (task.stage_id, task.title)
            entry = grouped.get(key)
            if entry is None:
                entry = grouped[key] = Deadline(
                    title=task.title, stage=task.stage.name, first_due=task.due_date
                )
            entry.villages.append((task.village.name, task.due_date))
        deadlines = list(grouped.values())
    return Bulletin(
        township=township,
        round=round,
        date_from=date_from,
        date_to=date_to,
        headline=totals.headline_cards(),
        attendance=totals.attendance,
        reports=reports,
        stages=list(lines.values()),
        village_count=len(villages),
        lagging=lagging[:LAGGING_LIMIT],
        lagging_total=len(lagging),
        deadlines=deadlines,
        next_week_from=next_from,
        next_week_to=next_to,
    )
