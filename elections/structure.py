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
so the change in average age reflects who sits on the committee. Everything is
read in three queries, whatever the number of villages.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from django.db.models import Max, Q
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

YOUNG_AGE = 35  # "35周岁以下" — the age band of the published indicator
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

    Counters are kept as people are added, so sums over hundreds of villages
    cost one addition per counter and village.
    """

    people: dict = field(default_factory=dict)
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
        if member.person_id not in self.people:
            self.people[member.person_id] = member
            self.women += member.gender == Gender.FEMALE
            self.young += member.age < YOUNG_AGE
            self.senior += member.education in SENIOR_OR_ABOVE
            self.college += member.education in COLLEGE_OR_ABOVE
            self.bachelor += member.education in BACHELOR_OR_ABOVE
            self.postgraduate += member.education == Education.POSTGRADUATE
            self.party += member.political_status in PARTY_STATUSES
            self.age_sum += member.age
        if member.post in (Post.SECRETARY, Post.DIRECTOR):
            self.heads += 1
        elif member.post in (Post.DEPUTY_SECRETARY, Post.DEPUTY_DIRECTOR):
            self.deputies += 1
        else:
            self.ordinary += 1

    def merge(self, other: Group, village_id: int) -> None:
        """Add another village's group (its people are distinct from ours)."""
        for person_id, member in other.people.items():
            self.people[(village_id, person_id)] = member
        for name in ("heads", "deputies", "ordinary", *COUNTERS):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def size(self) -> int:
        return len(self.people)

    @property
    def average_age(self) -> Fraction | None:
        if not self.people:
            return None
        return Fraction(self.age_sum, len(self.people))


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


def _side(members: list[Member]) -> Side:
    side = Side()
    for member in members:
        side.both.add(member)
        (side.party if member.category == PARTY else side.vc).add(member)
    secretaries = {
        m.person_id for m in members if m.category == PARTY and m.post == Post.SECRETARY
    }
    directors = {
        m.person_id for m in members if m.category == VC and m.post == Post.DIRECTOR
    }
    side.with_secretary = 1 if secretaries else 0
    side.one_shoulder = 1 if secretaries & directors else 0
    side.cross = len(set(side.party.people) & set(side.vc.people))
    return side


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


def _age(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _in_force(start: date | None, end: date | None, day: date) -> bool:
    """Return whether a membership is in force on a day (as RosterMembership.current)."""
    return (start is None or start <= day) and (end is None or end > day)


def analyse(villages, *, today: date | None = None) -> Analysis:
    """Compute the structure analysis of a list (or queryset) of villages."""
    from villages.models import RosterMembership

    from .models import Election

    today = today or timezone.localdate()
    villages = list(villages)
    ids = [v.pk for v in villages]
    term_start: dict[tuple[int, str], date] = {}
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
    )
    for row in rows:
        term_start[(row["village_id"], row["body"])] = row["start"]
    earliest = min([*term_start.values(), today]) - timedelta(days=1)
    # Plain tuples, not model instances: thousands of members are read per page.
    memberships = (
        RosterMembership.objects.filter(village_id__in=ids, category__in=[PARTY, VC])
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=today))
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=earliest))
        .order_by("village_id", "pk")
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
    by_village = defaultdict(list)
    for row in memberships:
        by_village[row[0]].append(row)

    result = []
    for village in villages:
        out_members, in_members = [], []
        elected = set()
        starts = {}
        for category, body in CATEGORY_BODY.items():
            start = term_start.get((village.pk, body))
            reference = start or today
            before = start - timedelta(days=1) if start else today
            if start:
                elected.add(category)
                starts[category] = start
            for (
                _village_id,
                person_id,
                row_category,
                post,
                start_date,
                end_date,
                gender,
                education,
                political_status,
                birth_date,
            ) in by_village.get(village.pk, ()):
                if row_category != category:
                    continue
                member = Member(
                    person_id=person_id,
                    category=category,
                    post=post,
                    gender=gender,
                    education=education,
                    political_status=political_status,
                    age=_age(birth_date, reference),
                )
                if _in_force(start_date, end_date, before):
                    out_members.append(member)
                if _in_force(start_date, end_date, today):
                    in_members.append(member)
        out_side, in_side = _side(out_members), _side(in_members)
        result.append(VillageStructure(village, out_side, in_side, elected, starts))
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
