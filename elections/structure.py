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
and the people also on the other committee, for 交叉任职 and 一肩挑), so the
time hardly grows with the number of villages. “35周岁以下” includes 35
(民法典 第一千二百五十九条: “以下”包括本数).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear
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


@dataclass
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
        """Add another village's group (its people are distinct from ours)."""
        for name in ("members", "heads", "deputies", "ordinary", *COUNTERS):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def size(self) -> int:
        return self.members

    @property
    def average_age(self) -> Fraction | None:
        if not self.members:
            return None
        return Fraction(self.age_sum, self.members)


@dataclass
class Side:
    """The committees of one side (outgoing or incoming) of some villages."""

    both: Group = field(default_factory=Group)
    party: Group = field(default_factory=Group)
    vc: Group = field(default_factory=Group)
    one_shoulder: int = 0  # villages whose 书记 is also 主任 (一肩挑)
    with_secretary: int = 0
    cross: int = 0  # people on both committees (交叉任职)

    def group(self, scope: str) -> Group:
        return {"both": self.both, PARTY: self.party, VC: self.vc}[scope]


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


def _term_starts(ids, today: date) -> dict[tuple[int, str], date]:
    """Return the latest applied regular election day per (village, committee)."""
    from .models import Election

    rows = (
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
    return {(row["village_id"], row["body"]): row["start"] for row in rows}


def _in_force(prefix: str, cut) -> Q:
    """Return "in office the day before ``cut``": started before it, not ended before it.

    ``cut`` is an expression: the term's first day, or tomorrow for “now”.
    """
    return (
        Q(**{f"{prefix}start_date__isnull": True})
        | Q(**{f"{prefix}start_date__lt": cut})
    ) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": cut})
    )


def _aggregates(ids, today: date) -> list[dict]:
    """Aggregate the roster per village and committee, outgoing and incoming (1 query).

    Per side: people and their counters; for villagers'-committee rows also the
    same counters of the people who sit on the Party committee on that side
    (subtracted from the sum of both committees, where a person counts once with
    the Party committee's figures) and the directors who are also 书记 (一肩挑);
    for Party rows the secretaries.
    """
    from villages.models import RosterMembership

    from .models import Election

    tomorrow = today + timedelta(days=1)

    def term_start(body):
        return Subquery(
            Election.objects.filter(
                village_id=OuterRef("village_id"),
                body=body,
                kind=ElectionKind.REGULAR,
                status=CountStatus.APPLIED,
                held_on__lte=today,
            )
            .order_by("-held_on")
            .values("held_on")[:1],
            output_field=DateField(),
        )

    def partner(cut_name, **extra):
        return Exists(
            RosterMembership.objects.filter(
                village_id=OuterRef("village_id"),
                person_id=OuterRef("person_id"),
                category=PARTY,
                **extra,
            ).filter(_in_force("", OuterRef(cut_name)))
        )

    base = (
        RosterMembership.objects.filter(village_id__in=ids, category__in=[PARTY, VC])
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=today))
        .alias(
            party_start=term_start(Body.PARTY_COMMITTEE),
            vc_start=term_start(Body.VILLAGERS_COMMITTEE),
        )
        .alias(
            own_start=Case(
                When(category=PARTY, then=F("party_start")),
                default=F("vc_start"),
                output_field=DateField(),
            ),
        )
        .alias(
            reference=Coalesce("own_start", Value(today), output_field=DateField()),
            cut_out=Coalesce("own_start", Value(tomorrow), output_field=DateField()),
            cut_in=Value(tomorrow, output_field=DateField()),
            party_cut_out=Coalesce(
                "party_start", Value(tomorrow), output_field=DateField()
            ),
        )
        .alias(
            ref_year=ExtractYear("reference"),
            ref_month=ExtractMonth("reference"),
            ref_day=ExtractDay("reference"),
            born_year=ExtractYear("person__birth_date"),
            born_month=ExtractMonth("person__birth_date"),
            born_day=ExtractDay("person__birth_date"),
        )
        .alias(
            age=F("ref_year")
            - F("born_year")
            - Case(
                When(
                    Q(ref_month__lt=F("born_month"))
                    | Q(ref_month=F("born_month"), ref_day__lt=F("born_day")),
                    then=Value(1),
                ),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .alias(
            partner_out=Case(
                When(category=VC, then=partner("party_cut_out")),
                default=Value(False),
                output_field=BooleanField(),
            ),
            partner_in=Case(
                When(category=VC, then=partner("cut_in")),
                default=Value(False),
                output_field=BooleanField(),
            ),
            secretary_out=Case(
                When(
                    category=VC,
                    post=Post.DIRECTOR,
                    then=partner("party_cut_out", post=Post.SECRETARY),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
            secretary_in=Case(
                When(
                    category=VC,
                    post=Post.DIRECTOR,
                    then=partner("cut_in", post=Post.SECRETARY),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
    )
    traits = {
        "members": Q(),
        "women": Q(person__gender=Gender.FEMALE),
        "young": Q(age__lte=YOUNG_AGE),
        "senior": Q(person__education__in=SENIOR_OR_ABOVE),
        "college": Q(person__education__in=COLLEGE_OR_ABOVE),
        "bachelor": Q(person__education__in=BACHELOR_OR_ABOVE),
        "postgraduate": Q(person__education=Education.POSTGRADUATE),
        "party": Q(person__political_status__in=PARTY_STATUSES),
    }
    posts = {
        "heads": Q(post__in=(Post.SECRETARY, Post.DIRECTOR)),
        "deputies": Q(post__in=(Post.DEPUTY_SECRETARY, Post.DEPUTY_DIRECTOR)),
        "ordinary": ~Q(
            post__in=(
                Post.SECRETARY,
                Post.DIRECTOR,
                Post.DEPUTY_SECRETARY,
                Post.DEPUTY_DIRECTOR,
            )
        ),
    }
    fields = {}
    for side in SIDES:
        here = _in_force("", F(f"cut_{side}"))
        cross = here & Q(**{f"partner_{side}": True})
        for name, condition in traits.items():
            fields[f"{side}_{name}"] = Count(
                "person_id", distinct=True, filter=here & condition
            )
            fields[f"{side}_x_{name}"] = Count(
                "person_id", distinct=True, filter=cross & condition
            )
        fields[f"{side}_age_sum"] = Sum("age", filter=here, default=0)
        fields[f"{side}_x_age_sum"] = Sum("age", filter=cross, default=0)
        for name, condition in posts.items():
            fields[f"{side}_{name}"] = Count("pk", filter=here & condition)
        fields[f"{side}_secretaries"] = Count(
            "pk", filter=here & Q(category=PARTY, post=Post.SECRETARY)
        )
        fields[f"{side}_one_shoulder"] = Count(
            "pk", filter=here & Q(**{f"secretary_{side}": True})
        )
    return list(base.values("village_id", "category").annotate(**fields).order_by())


def _group(row: dict, side: str, prefix: str = "") -> Group:
    group = Group()
    for name in PERSON_COUNTERS:
        setattr(group, name, row[f"{side}_{prefix}{name}"] or 0)
    if not prefix:
        for name in ("heads", "deputies", "ordinary"):
            setattr(group, name, row[f"{side}_{name}"])
    return group


def _side_of(rows: dict[str, dict], side: str) -> Side:
    """Build a village's Side from its Party and villagers'-committee aggregates."""
    result = Side()
    party_row, vc_row = rows.get(PARTY), rows.get(VC)
    if party_row:
        result.party = _group(party_row, side)
    if vc_row:
        result.vc = _group(vc_row, side)
    both = Group()
    both.merge(result.party)
    both.merge(result.vc)
    if vc_row:
        # people on both committees count once, with their Party-committee figures
        shared = _group(vc_row, side, "x_")
        for name in PERSON_COUNTERS:
            setattr(both, name, getattr(both, name) - getattr(shared, name))
        result.cross = shared.members
        result.one_shoulder = 1 if vc_row[f"{side}_one_shoulder"] else 0
    result.both = both
    if party_row and party_row[f"{side}_secretaries"]:
        result.with_secretary = 1
    return result


def analyse(villages, *, today: date | None = None) -> Analysis:
    """Compute the structure analysis of a list (or queryset) of villages (2 queries)."""
    today = today or timezone.localdate()
    villages = list(villages)
    ids = [v.pk for v in villages]
    starts_by_key = _term_starts(ids, today) if ids else {}
    rows: dict[int, dict[str, dict]] = defaultdict(dict)
    if ids:
        for row in _aggregates(ids, today):
            rows[row["village_id"]][row["category"]] = row
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
                village, _side_of(found, "out"), _side_of(found, "in"), elected, starts
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
        chosen = [item for item in items if scope in scopes_done(item)]
        covered[scope] = len(chosen)
        for item in chosen or items:
            # Nobody has completed this scope yet: both sides are the committees in office.
            accumulate(
                out, item.outgoing if chosen else item.incoming, item.village.pk, scope
            )
            accumulate(inc, item.incoming, item.village.pk, scope)
    return out, inc, covered


def accumulate(total: Side, side: Side, village_id: int, scope: str) -> None:
    """Add one scope of a village's side to a total; people are keyed by (village, person)."""
    total.group(scope).merge(side.group(scope), village_id)
    if scope == "both":
        total.one_shoulder += side.one_shoulder
        total.with_secretary += side.with_secretary
        total.cross += side.cross
