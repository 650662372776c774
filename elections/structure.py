"""Structure analysis of the new committees (两升一降, SPEC §3.7, DOMAIN.md S1).

Compares, per village and summed over a township or county, the committees in
office before this round's election (“上届”) with those in office now (“本届”):
members, average age and its change, under 35, women and their share,
高中(中专)及以上 / 大专及以上 / 本科及以上 / 研究生, 一肩挑, 交叉任职, and Party
members among the villagers' committee — the figures a township publishes
(肥西县柿树岗乡, DOMAIN.md §2.3).

A committee's term starts on the day of its latest applied regular election;
the outgoing members are those in office the day before, the incoming those in
office now. Until a village has elected, both are the committee in office, so
its figures do not change. Ages are taken on the new term's first day for both,
so the change in average age reflects who sits on the committee.

The counting is done by the database: one query reads each village's term
starts, one aggregates the roster per village and committee into the counters
below (people, women, aged 35 or under, education, Party members, age sum, posts,
and the people also on the other committee, for 交叉任职 and 一肩挑). Each
roster row is joined to its committee's term start, so its cost does not
depend on how many villages are analysed. “35周岁以下” includes 35
(民法典 第一千二百五十九条: “以下”包括本数).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from django.db import connection
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from villages.choices import (
    BACHELOR_OR_ABOVE,
    COLLEGE_OR_ABOVE,
    SENIOR_OR_ABOVE,
    Category,
    Education,
    Gender,
    PoliticalStatus,
    Post,
)

from .choices import Body, CountStatus, ElectionKind

# "35周岁以下": 民法典 第一千二百五十九条 — “以上”“以下”“以内”“届满”，包括本数,
# so a member aged exactly 35 counts.
YOUNG_AGE = 35
PARTY = Category.PARTY_COMMITTEE
VC = Category.VILLAGERS_COMMITTEE
CATEGORY_BODY = {PARTY: Body.PARTY_COMMITTEE, VC: Body.VILLAGERS_COMMITTEE}

# Scopes of the table: both committees together, then each.
SCOPES = (
    ("both", gettext_lazy("“two committees” members")),
    (PARTY, gettext_lazy("Party organisation committee")),
    (VC, gettext_lazy("villagers' committee")),
)


@dataclass(frozen=True)
class Member:
    """One committee seat as the analysis sees it."""

    person_id: int
    category: str
    post: str
    gender: str
    education: str
    political_status: str
    age: int


PARTY_STATUSES = frozenset({PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY})
COUNTERS = (
    "women",
    "young",
    "senior",
    "college",
    "bachelor",
    "postgraduate",
    "party",
    "age_sum",
)


@dataclass(slots=True)
class Group:
    """Counts of one set of committee members (people counted once).

    Only counters: sums over hundreds of villages cost one addition per counter
    and village.
    """

    members: int = 0
    heads: int = 0
    deputies: int = 0
    ordinary: int = 0
    women: int = 0
    young: int = 0
    senior: int = 0
    college: int = 0
    bachelor: int = 0
    postgraduate: int = 0
    party: int = 0
    age_sum: int = 0

    def add(self, member: Member) -> None:
        """Count one member (callers add each person once per group)."""
        self.members += 1
        self.women += member.gender == Gender.FEMALE
        self.young += member.age <= YOUNG_AGE
        self.senior += member.education in SENIOR_OR_ABOVE
        self.college += member.education in COLLEGE_OR_ABOVE
        self.bachelor += member.education in BACHELOR_OR_ABOVE
        self.postgraduate += member.education == Education.POSTGRADUATE
        self.party += member.political_status in PARTY_STATUSES
        self.age_sum += member.age

    def merge(self, other: Group, village_id: int | None = None) -> None:
        """Add another village's group (its people are distinct from ours).

        Called once per village, scope and side when summing hundreds of villages.
        """
        self.members += other.members
        self.heads += other.heads
        self.deputies += other.deputies
        self.ordinary += other.ordinary
        self.women += other.women
        self.young += other.young
        self.senior += other.senior
        self.college += other.college
        self.bachelor += other.bachelor
        self.postgraduate += other.postgraduate
        self.party += other.party
        self.age_sum += other.age_sum

    @property
    def size(self) -> int:
        return self.members

    @property
    def average_age(self) -> Fraction | None:
        if not self.members:
            return None
        return Fraction(self.age_sum, self.members)


SCOPE_ATTRIBUTES = {"both": "both", PARTY: "party", VC: "vc"}


@dataclass(slots=True)
class Side:
    """The committees of one side (outgoing or incoming) of some villages."""

    both: Group = field(default_factory=Group)
    party: Group = field(default_factory=Group)
    vc: Group = field(default_factory=Group)
    one_shoulder: int = 0  # villages whose 书记 is also 主任 (一肩挑)
    with_secretary: int = 0
    cross: int = 0  # people on both committees (交叉任职)

    def group(self, scope: str) -> Group:
        return getattr(self, SCOPE_ATTRIBUTES[scope])


@dataclass
class Row:
    """One indicator: outgoing, incoming and the change, formatted for people."""

    key: str
    label: str
    outgoing: object
    incoming: object
    kind: str = "count"  # count / share / age

    @property
    def change(self):
        if self.outgoing is None or self.incoming is None:
            return None
        return self.incoming - self.outgoing

    @staticmethod
    def _fmt(value, kind, signed=False) -> str:
        if value is None:
            return "—"
        if kind == "share":
            text = f"{float(value) * 100:.1f}%"
        elif kind == "age":
            text = f"{float(value):.1f}"
        else:
            text = str(int(value))
        if signed and value > 0:
            text = "+" + text
        return text

    @property
    def outgoing_text(self) -> str:
        return self._fmt(self.outgoing, self.kind)

    @property
    def incoming_text(self) -> str:
        return self._fmt(self.incoming, self.kind)

    @property
    def change_text(self) -> str:
        change = self.change
        if change is None:
            return "—"
        if self.kind == "share":
            text = f"{float(change) * 100:.1f}"
            return (
                (("+" if change > 0 else "") + text + _(" points")) if change else "0"
            )
        return self._fmt(change, self.kind, signed=True)

    @property
    def trend(self) -> str:
        change = self.change
        if not change:
            return "flat"
        return "up" if change > 0 else "down"


def _share(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


def indicator_rows(out: Side, inc: Side, scope: str) -> list[Row]:
    """Return the indicators of one scope (both committees, Party, VC)."""
    a, b = out.group(scope), inc.group(scope)

    def pair(name):
        return getattr(a, name), getattr(b, name)

    rows = [Row("members", _("Number of members"), a.size, b.size)]
    if scope == PARTY:
        rows += [
            Row("heads", _("Secretaries"), *pair("heads")),
            Row("deputies", _("Deputy secretaries"), *pair("deputies")),
        ]
    elif scope == VC:
        rows += [
            Row("heads", _("Directors"), *pair("heads")),
            Row("deputies", _("Deputy directors"), *pair("deputies")),
            Row("ordinary", _("Committee members"), *pair("ordinary")),
        ]
    rows += [
        Row("average_age", _("Average age"), a.average_age, b.average_age, "age"),
        Row("under_35", _("Aged under 35"), *pair("young")),
        Row("women", _("Women members"), *pair("women")),
        Row(
            "women_share",
            _("Share of women"),
            _share(a.women, a.size),
            _share(b.women, b.size),
            "share",
        ),
        Row(
            "senior",
            _("Senior high school (incl. technical) or above"),
            *pair("senior"),
        ),
        Row("college", _("Junior college or above"), *pair("college")),
        Row("bachelor", _("Bachelor or above"), *pair("bachelor")),
        Row("postgraduate", _("Postgraduate"), *pair("postgraduate")),
        Row(
            "college_share",
            _("Share with junior college or above"),
            _share(a.college, a.size),
            _share(b.college, b.size),
            "share",
        ),
    ]
    if scope in ("both", VC):
        rows += [
            Row(
                "cross",
                _("Serving on both committees (交叉任职)"),
                out.cross,
                inc.cross,
            ),
        ]
    if scope == "both":
        rows += [
            Row(
                "one_shoulder",
                _("Villages with 一肩挑"),
                out.one_shoulder,
                inc.one_shoulder,
            ),
            Row(
                "one_shoulder_rate",
                _("一肩挑 rate"),
                _share(out.one_shoulder, out.with_secretary),
                _share(inc.one_shoulder, inc.with_secretary),
                "share",
            ),
        ]
    if scope == VC:
        rows += [
            Row("vc_party", _("Party members among them"), *pair("party")),
            Row(
                "vc_party_share",
                _("Share of Party members"),
                _share(a.party, a.size),
                _share(b.party, b.size),
                "share",
            ),
        ]
    return rows


# --- loading ------------------------------------------------------------------------------------


@dataclass
class VillageStructure:
    """One village's outgoing and incoming committees."""

    village: object
    outgoing: Side
    incoming: Side
    elected: set[str]  # committees with an applied regular election
    term_start: dict[str, date]

    @property
    def fully_elected(self) -> bool:
        return {PARTY, VC} <= self.elected


@dataclass
class Analysis:
    """The structure analysis of some villages, with per-village detail."""

    villages: list[VillageStructure]
    outgoing: Side
    incoming: Side
    as_of: date
    covered: dict[str, int] = field(default_factory=dict)

    @property
    def village_count(self) -> int:
        return len(self.villages)

    @property
    def elected_count(self) -> int:
        return sum(1 for v in self.villages if v.fully_elected)

    def table(self) -> list[tuple[str, str, list[Row], int]]:
        """Return (scope, label, indicator rows, villages covered) per scope."""
        return [
            (
                key,
                str(label),
                indicator_rows(self.outgoing, self.incoming, key),
                self.covered.get(key, 0),
            )
            for key, label in SCOPES
        ]

    def row(self, scope: str, key: str) -> Row:
        for row in indicator_rows(self.outgoing, self.incoming, scope):
            if row.key == key:
                return row
        raise KeyError(key)

    def summary(self) -> str:
        """Return the published sentence, like 柿树岗乡's: counts, women, education, age."""
        vc = {r.key: r for r in indicator_rows(self.outgoing, self.incoming, VC)}
        both = {r.key: r for r in indicator_rows(self.outgoing, self.incoming, "both")}
        age = vc["average_age"]
        age_change = age.change
        rate = both["one_shoulder_rate"].incoming
        return _(
            "%(elected)s of %(villages)s villages have elected. Villagers' committee "
            "members: %(members)s — %(directors)s directors, %(deputies)s deputy directors, "
            "%(ordinary)s members; %(cross)s serve on both committees; %(women)s women, "
            "share %(women_change)s on the last term; %(senior)s with senior high school "
            "or above, %(college)s junior college or above, %(bachelor)s bachelor or above, "
            "%(postgraduate)s postgraduate; %(young)s aged under 35; average age "
            "%(age)s, %(age_change)s years on the last term; 一肩挑 rate %(rate)s."
        ) % {
            "elected": self.elected_count,
            "villages": self.village_count,
            "members": vc["members"].incoming,
            "directors": vc["heads"].incoming,
            "deputies": vc["deputies"].incoming,
            "ordinary": vc["ordinary"].incoming,
            "cross": vc["cross"].incoming,
            "women": vc["women"].incoming,
            "women_change": vc["women_share"].change_text,
            "senior": vc["senior"].incoming,
            "college": vc["college"].incoming,
            "bachelor": vc["bachelor"].incoming,
            "postgraduate": vc["postgraduate"].incoming,
            "young": vc["under_35"].incoming,
            "age": age.incoming_text,
            "age_change": "—" if age_change is None else f"{float(age_change):+.1f}",
            "rate": "—" if rate is None else f"{float(rate) * 100:.1f}%",
        }


SIDES = ("out", "in")
PERSON_COUNTERS = ("members", *COUNTERS)


def _term_starts_query(ids, today: date):
    """Return the query of the latest applied regular election day per committee."""
    from .models import Election

    return (
        Election.objects.filter(
            village_id__in=ids,
            kind=ElectionKind.REGULAR,
            status=CountStatus.APPLIED,
            body__in=[Body.PARTY_COMMITTEE, Body.VILLAGERS_COMMITTEE],
            held_on__lte=today,
        )
        .values("village_id", "body")
        .annotate(start=Max("held_on"))
        .order_by()
    )


def _term_starts(ids, today: date) -> dict[tuple[int, str], date]:
    """Return the latest applied regular election day per (village, committee)."""
    return {
        (row["village_id"], row["body"]): row["start"]
        for row in _term_starts_query(ids, today)
    }


def _in_force(start: date | None, end: date | None, cut: date) -> bool:
    """Return whether a membership is in office the day before ``cut``: started
    before it and not ended before it (the same test as :func:`_aggregates`)."""
    return (start is None or start < cut) and (end is None or end >= cut)


def _age(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _date_parts_sql(expression: str, params: list) -> tuple[str, list, str, list]:
    """Return SQL and params of the year and of the month and day of a date expression.

    ``params`` are the expression's own. The month and day compare like the
    date within a year (“MMDD”: text on SQLite, a number elsewhere).
    """
    if connection.vendor == "sqlite":
        # strftime is built in: no Python callback per row
        return (
            f"CAST(strftime(%s, {expression}) AS INTEGER)",
            ["%Y", *params],
            f"strftime(%s, {expression})",
            ["%m%d", *params],
        )
    if connection.vendor == "postgresql":
        # date_part is a float: cheaper than EXTRACT's numeric and to_char
        return (
            f"CAST(date_part('year', {expression}) AS INTEGER)",
            [*params],
            f"CAST(date_part('month', {expression}) * 100 "
            f"+ date_part('day', {expression}) AS INTEGER)",
            [*params, *params],
        )
    return (
        f"CAST(EXTRACT(YEAR FROM {expression}) AS INTEGER)",
        [*params],
        f"(EXTRACT(MONTH FROM {expression}) * 100 + EXTRACT(DAY FROM {expression}))",
        [*params, *params],
    )


def _village_filter_sql(ids) -> tuple[str, list]:
    """Return “IN (…)” SQL for a list of ids or a ``values("pk")`` queryset."""
    if isinstance(ids, QuerySet):
        sql, params = ids.query.sql_with_params()
        return f"IN ({sql})", list(params)
    ids = [int(pk) for pk in ids]
    return f"IN ({', '.join(['%s'] * len(ids))})", ids


def _starts_sql(ids, today: date, starts: dict[tuple[int, str], date]):
    """Return SQL and params of the term starts (village, committee, day).

    SQLite indexes the query's result for the join by itself. PostgreSQL gets
    the starts already read as a ``VALUES`` list, so the planner knows its
    size even before statistics are gathered (a fresh import): a hash join,
    never a rescan per roster row. The list is written as literals —
    integers, two fixed committee names and ISO dates, nothing a user typed —
    so a county of any size stays within the parameter limit.
    """
    if connection.vendor == "sqlite":
        return _term_starts_query(ids, today).query.sql_with_params()
    if not starts:
        return (
            "SELECT CAST(NULL AS BIGINT), CAST(NULL AS VARCHAR(30)), "
            "CAST(NULL AS DATE) WHERE 1 = 0",
            [],
        )
    bodies = {Body.PARTY_COMMITTEE: PARTY, Body.VILLAGERS_COMMITTEE: VC}
    values = ", ".join(
        f"({int(village_id)}, '{bodies[body]}', CAST('{day.isoformat()}' AS DATE))"
        for (village_id, body), day in starts.items()
    )
    return "VALUES " + values, []


def _aggregates(ids, today: date, starts: dict[tuple[int, str], date]) -> list[dict]:
    """Aggregate the roster per village and committee, outgoing and incoming (1 query).

    Per side: people and their counters (women, aged 35 or under, education,
    Party members, age sum), posts, and secretaries. Ages are taken on the
    committee's term start (or today) for both sides. People on both committees
    are handled by :func:`_shared` (a person counts once in the “two committees”).

    Each roster row is joined to its committee's term start (``starts``, from
    :func:`_term_starts`), so the work per row is the same whatever the number
    of villages; the rows are first reduced to one per
    (village, committee, person) — a person counts once — then summed.
    """
    from villages.models import Person, RosterMembership

    ops = connection.ops
    tomorrow = today + timedelta(days=1)
    village_in, village_params = _village_filter_sql(ids)
    starts_sql, starts_params = _starts_sql(ids, today, starts)
    out_cut = "COALESCE(s.start_day, %s)"
    ref = "COALESCE(s.start_day, %s)"
    day = ops.adapt_datefield_value
    ref_year, ref_year_params, ref_md, ref_md_params = _date_parts_sql(
        ref, [day(today)]
    )
    born_year, born_year_params, born_md, born_md_params = _date_parts_sql(
        "p.birth_date", []
    )
    in_force = (
        "CASE WHEN (m.start_date IS NULL OR m.start_date < {cut}) "
        "AND (m.end_date IS NULL OR m.end_date >= {cut}) THEN 1 ELSE 0 END"
    )
    # 0/1 flags of each roster row, computed once (the row set is materialised)
    flags = {
        "women": ("p.gender = %s", [Gender.FEMALE]),
        "senior": _in_sql("p.education", SENIOR_OR_ABOVE),
        "college": _in_sql("p.education", COLLEGE_OR_ABOVE),
        "bachelor": _in_sql("p.education", BACHELOR_OR_ABOVE),
        "postgraduate": ("p.education = %s", [Education.POSTGRADUATE]),
        "party": _in_sql("p.political_status", PARTY_STATUSES),
        "head": _in_sql("m.post", (Post.SECRETARY, Post.DIRECTOR)),
        "deputy": _in_sql("m.post", (Post.DEPUTY_SECRETARY, Post.DEPUTY_DIRECTOR)),
        "secretary": (
            "m.category = %s AND m.post = %s",
            [PARTY, Post.SECRETARY],
        ),
    }
    flag_columns, flag_params = [], []
    for name, (condition, values) in flags.items():
        flag_columns.append(f"CASE WHEN {condition} THEN 1 ELSE 0 END AS f_{name}")
        flag_params += values
    rows_sql = (
        "SELECT m.village_id, m.category, m.person_id, "
        + in_force.format(cut=out_cut)
        + " AS is_out, "
        + in_force.format(cut="%s")
        + " AS is_in, "
        + f"{ref_year} - {born_year} - CASE WHEN {born_md} > {ref_md} "
        "THEN 1 ELSE 0 END AS age, "
        + ", ".join(flag_columns)
        + f" FROM {RosterMembership._meta.db_table} m "
        f"INNER JOIN {Person._meta.db_table} p ON p.id = m.person_id "
        "LEFT JOIN s ON s.village_id = m.village_id AND s.body = m.category "
        f"WHERE m.village_id {village_in} AND m.category IN (%s, %s) "
        "AND (m.start_date IS NULL OR m.start_date <= %s)"
    )
    rows_params = [
        day(tomorrow),
        day(tomorrow),
        day(tomorrow),
        day(tomorrow),
        *ref_year_params,
        *born_year_params,
        *born_md_params,
        *ref_md_params,
        *flag_params,
        *village_params,
        PARTY,
        VC,
        day(today),
    ]
    # One row per (village, committee, person) — a person counts once — with
    # whether they are in office on each side, in how many rows (the age sum
    # and the posts count every row in office), then summed per committee.
    traits = ("women", "senior", "college", "bachelor", "postgraduate", "party")
    person_columns = [f"MAX(age) AS age, MAX(age) <= {YOUNG_AGE:d} AS young"]
    person_columns += [f"MAX(f_{name}) AS {name}" for name in traits]
    outer_columns = []
    for side in SIDES:
        person_columns += [
            f"MAX(is_{side}) AS {side}_any",
            f"SUM(is_{side}) AS {side}_rows",
            f"SUM(is_{side} * f_head) AS {side}_heads",
            f"SUM(is_{side} * f_deputy) AS {side}_deputies",
            f"SUM(is_{side} * f_secretary) AS {side}_secretaries",
        ]
        outer_columns += [
            f"SUM({side}_any) AS {side}_members",
            f"SUM(age * {side}_rows) AS {side}_age_sum",
            f"SUM(CASE WHEN young THEN {side}_any ELSE 0 END) AS {side}_young",
            *(f"SUM({side}_any * {name}) AS {side}_{name}" for name in traits),
            f"SUM({side}_heads) AS {side}_heads",
            f"SUM({side}_deputies) AS {side}_deputies",
            f"SUM({side}_rows) - SUM({side}_heads) - SUM({side}_deputies) "
            f"AS {side}_ordinary",
            f"SUM({side}_secretaries) AS {side}_secretaries",
        ]
    sql = (
        "WITH s (village_id, body, start_day) AS MATERIALIZED ("
        + starts_sql
        + "), r AS MATERIALIZED ("
        + rows_sql
        + "), per_person AS MATERIALIZED (SELECT village_id, category, "
        + ", ".join(person_columns)
        + " FROM r GROUP BY village_id, category, person_id) "
        "SELECT village_id, category, "
        + ", ".join(outer_columns)
        + " FROM per_person GROUP BY village_id, category"
    )
    params = [*starts_params, *rows_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _in_sql(column: str, values) -> tuple[str, list]:
    values = sorted(str(v) for v in values)
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values


def _shared(ids, today: date, starts) -> dict[tuple[int, str], dict]:
    """Return, per (village, side), the people on both committees (1 query).

    Only the memberships of people who sit on both committees of a village are
    read. For each side: how many, the counters of their villagers'-committee
    seat (subtracted from the “two committees” sum, where they count once with
    their Party-committee figures), and whether the 书记 is also 主任 (一肩挑).
    """
    from villages.models import RosterMembership

    tomorrow = today + timedelta(days=1)
    in_villages = RosterMembership.objects.filter(village_id__in=ids)
    rows = (
        in_villages.filter(
            Q(
                category=PARTY,
                person_id__in=in_villages.filter(category=VC).values("person_id"),
            )
            | Q(
                category=VC,
                person_id__in=in_villages.filter(category=PARTY).values("person_id"),
            )
        )
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=today))
        .values_list(
            "village_id",
            "person_id",
            "category",
            "post",
            "start_date",
            "end_date",
            "person__gender",
            "person__education",
            "person__political_status",
            "person__birth_date",
        )
    )
    seats: dict[tuple[int, int], list] = defaultdict(list)
    for row in rows:
        seats[(row[0], row[1])].append(row)
    result: dict[tuple[int, str], dict] = {}
    for (village_id, _person_id), found in seats.items():
        party_start = starts.get((village_id, Body.PARTY_COMMITTEE))
        vc_start = starts.get((village_id, Body.VILLAGERS_COMMITTEE))
        for side in SIDES:
            party_cut = (party_start or tomorrow) if side == "out" else tomorrow
            vc_cut = (vc_start or tomorrow) if side == "out" else tomorrow
            party = [
                r for r in found if r[2] == PARTY and _in_force(r[4], r[5], party_cut)
            ]
            vc = [r for r in found if r[2] == VC and _in_force(r[4], r[5], vc_cut)]
            if not (party and vc):
                continue
            entry = result.setdefault(
                (village_id, side), {"group": Group(), "one_shoulder": 0}
            )
            seat = vc[0]
            entry["group"].add(
                Member(
                    person_id=seat[1],
                    category=VC,
                    post=seat[3],
                    gender=seat[6],
                    education=seat[7],
                    political_status=seat[8],
                    age=_age(seat[9], vc_start or today),
                )
            )
            if any(r[3] == Post.SECRETARY for r in party) and any(
                r[3] == Post.DIRECTOR for r in vc
            ):
                entry["one_shoulder"] = 1
    return result


GROUP_COLUMNS = {
    side: [
        (name, f"{side}_{name}")
        for name in (*PERSON_COUNTERS, "heads", "deputies", "ordinary")
    ]
    for side in SIDES
}


def _group(row: dict, side: str) -> Group:
    # PostgreSQL sums are Decimal; None when no row of the committee counts
    return Group(
        **{name: int(row[column] or 0) for name, column in GROUP_COLUMNS[side]}
    )


def _side_of(rows: dict[str, dict], shared: dict | None, side: str) -> Side:
    """Build a village's Side from its committees' aggregates and shared people."""
    result = Side()
    party_row, vc_row = rows.get(PARTY), rows.get(VC)
    if party_row:
        result.party = _group(party_row, side)
        result.with_secretary = 1 if party_row[f"{side}_secretaries"] else 0
    if vc_row:
        result.vc = _group(vc_row, side)
    both = Group()
    both.merge(result.party)
    both.merge(result.vc)
    if shared:
        # people on both committees count once, with their Party-committee figures
        for name in PERSON_COUNTERS:
            setattr(both, name, getattr(both, name) - getattr(shared["group"], name))
        result.cross = shared["group"].members
        result.one_shoulder = shared["one_shoulder"]
    result.both = both
    return result


def analyse(villages, *, today: date | None = None) -> Analysis:
    """Compute the structure analysis of a list (or queryset) of villages (3 queries)."""
    today = today or timezone.localdate()
    # A queryset is filtered in SQL (a subquery) rather than by hundreds of ids.
    id_filter = villages.values("pk") if isinstance(villages, QuerySet) else None
    villages = list(villages)
    ids = [v.pk for v in villages]
    if id_filter is None:
        id_filter = ids
    starts_by_key = _term_starts(id_filter, today) if ids else {}
    rows: dict[int, dict[str, dict]] = defaultdict(dict)
    shared = {}
    if ids:
        for row in _aggregates(id_filter, today, starts_by_key):
            rows[row["village_id"]][row["category"]] = row
        shared = _shared(id_filter, today, starts_by_key)
    result = []
    for village in villages:
        elected, starts = set(), {}
        for category, body in CATEGORY_BODY.items():
            start = starts_by_key.get((village.pk, body))
            if start:
                elected.add(category)
                starts[category] = start
        found = rows.get(village.pk, {})
        result.append(
            VillageStructure(
                village,
                _side_of(found, shared.get((village.pk, "out")), "out"),
                _side_of(found, shared.get((village.pk, "in")), "in"),
                elected,
                starts,
            )
        )
    total_out, total_in, covered = totals(result)
    return Analysis(
        villages=result,
        outgoing=total_out,
        incoming=total_in,
        as_of=today,
        covered=covered,
    )


def scopes_done(item: VillageStructure) -> set[str]:
    """Return the scopes a village has completed (both committees, Party, VC)."""
    done = set(item.elected)
    if item.fully_elected:
        done.add("both")
    return done


def totals(items: list[VillageStructure]) -> tuple[Side, Side, dict[str, int]]:
    """Sum villages into outgoing and incoming sides, scope by scope.

    A scope (both committees, Party, VC) is summed over the villages that have
    completed it, so a half-finished round never mixes a new Party committee
    with an old villagers' committee. Before any village has completed a
    scope, that scope shows the committees in office (unchanged) in every
    village. Returns the sides and, per scope, how many villages they cover.
    """
    out, inc = Side(), Side()
    covered = {}
    for scope in ("both", PARTY, VC):
        if scope == "both":
            chosen = [item for item in items if item.fully_elected]
        else:
            chosen = [item for item in items if scope in item.elected]
        covered[scope] = len(chosen)
        attribute = SCOPE_ATTRIBUTES[scope]
        out_group, in_group = getattr(out, attribute), getattr(inc, attribute)
        for item in chosen or items:
            # Nobody has completed this scope yet: both sides are the committees in office.
            old = item.outgoing if chosen else item.incoming
            out_group.merge(getattr(old, attribute))
            in_group.merge(getattr(item.incoming, attribute))
            if attribute == "both":
                for total, side in ((out, old), (inc, item.incoming)):
                    total.one_shoulder += side.one_shoulder
                    total.with_secretary += side.with_secretary
                    total.cross += side.cross
    return out, inc, covered


def accumulate(total: Side, side: Side, village_id: int, scope: str) -> None:
    """Add one scope of a village's side to a total; people are keyed by (village, person)."""
    total.group(scope).merge(side.group(scope), village_id)
    if scope == "both":
        total.one_shoulder += side.one_shoulder
        total.with_secretary += side.with_secretary
        total.cross += side.cross
