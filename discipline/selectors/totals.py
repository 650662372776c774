"""The township totals of discipline education and publicity (the seed article's numbers).

“在全镇悬挂换届横幅100余条…开展党工委集中学习4次，专题研讨3次，“以案促廉百村行”宣讲
及观看警示教育片106场次。印发换届选举纪律提醒卡400余份，制作“十个严禁”宣传图板50余份，
…签订《严守换届纪律承诺书》400余份” — every figure is computed from the records, per
village (or per township for county users) and in total, in a fixed number of
queries whatever the number of villages.

Counting rules (shown under the table):
- 横幅/条幅 = publicity-log entries of channel 宣传条幅 + materials of kind 横幅;
- an event covering several villages counts once for each of them, and once in
  the total; township-level records (no village) appear on their own row.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from .. import access
from ..choices import Channel, EventKind, LetterKind, MaterialKind
from ..models import (
    CommitmentLetter,
    EducationEvent,
    MaterialDistribution,
    PublicityEntry,
    PublicOpinion,
)
from .reports import report_counts

TOWNSHIP_LEVEL = "township-level"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    group: str = ""


HEADLINE = [
    Column("banners", _("Banners hung")),
    Column(f"event:{EventKind.PARTY_STUDY}", _("Group studies")),
    Column(f"event:{EventKind.SEMINAR}", _("Seminars")),
    Column("lectures_screenings", _("Lectures and film screenings")),
    Column(f"material:{MaterialKind.REMINDER_CARD}", _("Reminder cards")),
    Column(f"material:{MaterialKind.PROHIBITION_BOARD}", _("Display boards")),
    Column(
        f"letter:{LetterKind.DISCIPLINE}", _("Election-discipline commitment letters")
    ),
]


def detail_columns() -> list[Column]:
    columns = [
        Column(f"event:{k}", label, _("Education events"))
        for k, label in EventKind.choices
    ]
    columns += [
        Column(f"material:{k}", label, _("Materials"))
        for k, label in MaterialKind.choices
    ]
    columns += [
        Column(f"channel:{k}", label, _("Publicity")) for k, label in Channel.choices
    ]
    columns += [
        Column(f"letter:{k}", label, _("Commitment letters"))
        for k, label in LetterKind.choices
    ]
    columns.append(
        Column("letters", _("Commitment letters signed"), _("Commitment letters"))
    )
    columns.append(Column("opinions", _("Public opinion records"), _("Public opinion")))
    return columns


@dataclass
class Row:
    key: object
    label: str
    url: str = ""
    values: dict = field(default_factory=lambda: defaultdict(int))

    def get(self, key: str) -> int:
        return self.values.get(key, 0)

    def cells(self, columns) -> list[int]:
        return [self.values.get(column.key, 0) for column in columns]


@dataclass
class Totals:
    group_by: str  # "village" or "township"
    rows: list[Row]
    total: Row
    headline: list[Column]
    details: list[Column]
    attendance: int
    reports: dict | None
    date_from: datetime.date | None
    date_to: datetime.date | None

    def headline_cards(self) -> list[tuple[Column, int]]:
        return [(column, self.total.get(column.key)) for column in self.headline]


def _dated(queryset, field_name, date_from, date_to):
    if date_from:
        queryset = queryset.filter(**{f"{field_name}__gte": date_from})
    if date_to:
        queryset = queryset.filter(**{f"{field_name}__lte": date_to})
    return queryset


def _derive(row: Row) -> None:
    values = row.values
    values["banners"] = values.get(f"channel:{Channel.BANNER}", 0) + values.get(
        f"material:{MaterialKind.BANNER}", 0
    )
    values["lectures_screenings"] = values.get(
        f"event:{EventKind.CASE_LECTURE}", 0
    ) + values.get(f"event:{EventKind.WARNING_FILM}", 0)
    values["letters"] = sum(values.get(f"letter:{k}", 0) for k in LetterKind.values)


def discipline_totals(
    *,
    user,
    township_id: int | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> Totals:
    """Return the totals a user may see: per village of one township, or per township.

    ``township_id`` given (or the user sees one township only): one row per
    village plus a township-level row; otherwise one row per visible township.
    """
    from villages.models import Township, Village

    townships = list(
        Township.objects.visible_to(user).order_by("code").values_list("pk", "name")
    )
    if township_id is None and len(townships) == 1:
        township_id = townships[0][0]
    by_village = township_id is not None
    events = _dated(
        EducationEvent.objects.visible_to(user), "held_on", date_from, date_to
    )
    materials = _dated(
        MaterialDistribution.objects.visible_to(user),
        "distributed_on",
        date_from,
        date_to,
    )
    publicity = _dated(
        PublicityEntry.objects.visible_to(user), "happened_on", date_from, date_to
    )
    letters = _dated(
        CommitmentLetter.objects.visible_to(user), "signed_on", date_from, date_to
    )
    opinions = _dated(
        PublicOpinion.objects.visible_to(user), "discovered_on", date_from, date_to
    )

    rows: dict[object, Row] = {}
    if by_village:
        events = events.filter(township_id=township_id)
        materials = materials.filter(township_id=township_id)
        publicity = publicity.filter(township_id=township_id)
        letters = letters.filter(township_id=township_id)
        opinions = opinions.filter(township_id=township_id)
        for pk, name in (
            Village.objects.visible_to(user)
            .filter(township_id=township_id)
            .order_by("code")
            .values_list("pk", "name")
        ):
            rows[pk] = Row(key=pk, label=name)
        group = "village_id"
    else:
        for pk, name in townships:
            rows[pk] = Row(key=pk, label=name)
        group = "township_id"
    township_row = Row(key=TOWNSHIP_LEVEL, label=str(_("Township level (no village)")))

    def row_for(key):
        if key is None:
            return township_row
        return rows.get(key)

    total = Row(key="total", label=str(_("Total")))

    # Events: per village through the villages table; the total counts each event once.
    event_totals = events.values("kind").annotate(
        n=Count("pk"), people=Sum("attendance")
    )
    attendance = 0
    for item in event_totals:
        total.values[f"event:{item['kind']}"] += item["n"]
        attendance += item["people"] or 0
    if by_village:
        through = EducationEvent.villages.through.objects.filter(
            educationevent__in=events
        )
        covered = through.values("village_id", "educationevent__kind").annotate(
            n=Count("pk")
        )
        for item in covered:
            row = rows.get(item["village_id"])
            if row is not None:
                row.values[f"event:{item['educationevent__kind']}"] += item["n"]
        no_village = (
            events.filter(villages__isnull=True).values("kind").annotate(n=Count("pk"))
        )
        for item in no_village:
            township_row.values[f"event:{item['kind']}"] += item["n"]
    else:
        for item in events.values("township_id", "kind").annotate(n=Count("pk")):
            row = rows.get(item["township_id"])
            if row is not None:
                row.values[f"event:{item['kind']}"] += item["n"]

    for queryset, prefix, kind_field, measure in (
        (materials, "material", "kind", Sum("quantity")),
        (publicity, "channel", "channel", Sum("count")),
        (letters, "letter", "kind", Count("pk")),
    ):
        for item in queryset.values(group, kind_field).annotate(n=measure):
            key = f"{prefix}:{item[kind_field]}"
            total.values[key] += item["n"] or 0
            row = row_for(item[group])
            if row is not None:
                row.values[key] += item["n"] or 0
    for item in opinions.values(group).annotate(n=Count("pk")):
        total.values["opinions"] += item["n"]
        row = row_for(item[group])
        if row is not None:
            row.values["opinions"] += item["n"]

    ordered = list(rows.values())
    if by_village and township_row.values:
        ordered.append(township_row)
    for row in [*ordered, total]:
        _derive(row)
    reports = None
    if access.counts_reports(user):
        reports = report_counts(user=user, township_id=township_id)
    return Totals(
        group_by="village" if by_village else "township",
        rows=ordered,
        total=total,
        headline=HEADLINE,
        details=detail_columns(),
        attendance=attendance,
        reports=reports,
        date_from=date_from,
        date_to=date_to,
    )
