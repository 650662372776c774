"""Reads of the cadre roster: the roster list, search, a village's ledger (明白账)
and the township's ledger summary. Every query is scoped and shaped here, once."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from core.scope import get_scope
from core.text import normalise

from ..choices import (
    AGE_BANDS,
    BACHELOR_OR_ABOVE,
    COLLEGE_OR_ABOVE,
    SENIOR_OR_ABOVE,
    Category,
    Gender,
    ImportKind,
    PartyMemberKind,
    Post,
    TalentKind,
    VotingStatus,
)
from ..models import ImportJob, Person, Relationship, RosterMembership, Village

POST_ORDER = {
    Post.SECRETARY: 0,
    Post.DIRECTOR: 1,
    Post.DEPUTY_SECRETARY: 2,
    Post.DEPUTY_DIRECTOR: 3,
    Post.MEMBER: 4,
    "": 5,
}
_ID_TAIL = re.compile(r"^\d{3,17}[\dXx]?$")


def shows_personal_data(user) -> bool:
    """Return whether a user sees full ID and phone numbers (settings.PERSONAL_DATA_FULL_ROLES)."""
    from django.conf import settings

    return get_scope(user).has(*settings.PERSONAL_DATA_FULL_ROLES)


def search_condition(term: str) -> Q:
    """Return the condition for a search by name, pinyin, initials or ID-number tail.

    ``张三``, ``zhangsan``, ``zs`` and ``1234`` (last digits of the ID number) all work.
    """
    term = normalise(term).replace(" ", "")
    if not term:
        return Q()
    condition = Q(name__contains=term)
    if _ID_TAIL.match(term):
        condition |= Q(id_number__endswith=term.upper())
    lowered = term.lower()
    if lowered.isascii() and lowered.isalpha():
        condition |= Q(name_pinyin__startswith=lowered) | Q(
            name_initials__startswith=lowered
        )
        if len(lowered) >= 3:
            condition |= Q(name_pinyin__contains=lowered)
    return condition


def current_memberships_prefetch(on: datetime.date) -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=RosterMembership.objects.current(on).order_by(
            "category", "post", "pk"
        ),
        to_attr="current_memberships",
    )


def roster_people(
    *,
    user,
    q: str = "",
    village_id: str = "",
    category: str = "",
    post: str = "",
    education: str = "",
    age_band: str = "",
    gender: str = "",
    political_status: str = "",
    on: datetime.date | None = None,
) -> QuerySet[Person]:
    """Return the people a user may see, filtered, with village and current memberships.

    The number of queries does not depend on the number of villages or people:
    one for the page, one for the current memberships of its people.
    """
    on = on or timezone.localdate()
    queryset = (
        Person.objects.visible_to(user)
        .select_related("village", "village__township")
        .prefetch_related(current_memberships_prefetch(on))
        .order_by("village__township__code", "village__code", "name", "pk")
    )
    if q:
        queryset = queryset.filter(search_condition(q))
    if village_id.isdigit():
        queryset = queryset.filter(village_id=int(village_id))
    if category or post:
        memberships = RosterMembership.objects.current(on).filter(person=OuterRef("pk"))
        if category:
            memberships = memberships.filter(category=category)
        if post:
            memberships = memberships.filter(post=post)
        queryset = queryset.filter(Exists(memberships))
    if education:
        queryset = queryset.filter(education=education)
    if gender:
        queryset = queryset.filter(gender=gender)
    if political_status:
        queryset = queryset.filter(political_status=political_status)
    if age_band in AGE_BANDS:
        low, high = AGE_BANDS[age_band]
        youngest_birth = _years_before(on, low)
        oldest_birth = _years_before(on, high + 1) + datetime.timedelta(days=1)
        queryset = queryset.filter(
            birth_date__gte=oldest_birth, birth_date__lte=youngest_birth
        )
    return queryset


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def person_detail_queryset(
    *, user, on: datetime.date | None = None
) -> QuerySet[Person]:
    """Return the people a user may open, with everything the detail page shows."""
    return (
        Person.objects.visible_to(user)
        .select_related("village", "village__township")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=RosterMembership.objects.select_related("village").order_by(
                    "-start_date", "category", "pk"
                ),
            ),
            Prefetch(
                "relations",
                queryset=Relationship.objects.select_related("relative__village"),
            ),
        )
    )


# --- the ledger (明白账) -----------------------------------------------------------


@dataclass
class LedgerMember:
    person: Person
    membership: RosterMembership
    age: int
    one_shoulder: bool = False
    cross: bool = False


@dataclass
class PartyCounts:
    total: int = 0
    full: int = 0
    probationary: int = 0
    probation: int = 0
    detained: int = 0
    excluded: int = 0
    women: int = 0

    @property
    def entitled(self) -> int:
        """应到会: full members minus those excluded with approval."""
        return self.full - self.excluded

    @property
    def voting(self) -> int:
        """有选举权: full members not under probation, detained or excluded."""
        return self.full - self.excluded - self.probation - self.detained


@dataclass
class CommitteeStats:
    count: int = 0
    women: int = 0
    average_age: float | None = None
    under_35: int = 0
    senior_or_above: int = 0
    college_or_above: int = 0
    bachelor_or_above: int = 0


@dataclass
class Ledger:
    """The 明白账 of one village on one day."""

    village: Village
    on: datetime.date
    committees: dict[str, list[LedgerMember]] = field(default_factory=dict)
    stats: dict[str, CommitteeStats] = field(default_factory=dict)
    reserves: list[LedgerMember] = field(default_factory=list)
    talents: dict[str, list[LedgerMember]] = field(default_factory=dict)
    party: PartyCounts = field(default_factory=PartyCounts)
    one_shoulder: bool = False
    cross_count: int = 0

    @property
    def committee_rows(self):
        """Yield (category, label, members, stats) for the three committees."""
        labels = dict(Category.choices)
        for category in (
            Category.PARTY_COMMITTEE,
            Category.VILLAGERS_COMMITTEE,
            Category.SUPERVISION_COMMITTEE,
        ):
            yield (
                category,
                labels[category],
                self.committees.get(category, []),
                self.stats.get(category),
            )

    @property
    def talent_count(self) -> int:
        return sum(len(members) for members in self.talents.values())

    @property
    def talent_rows(self):
        labels = dict(TalentKind.choices)
        for kind, members in sorted(self.talents.items()):
            yield labels.get(kind, kind), members


def _stats(members: list[LedgerMember]) -> CommitteeStats:
    stats = CommitteeStats(count=len(members))
    if not members:
        return stats
    stats.women = sum(1 for m in members if m.person.gender == Gender.FEMALE)
    stats.average_age = round(sum(m.age for m in members) / len(members), 1)
    stats.under_35 = sum(1 for m in members if m.age < 35)
    stats.senior_or_above = sum(
        1 for m in members if m.person.education in SENIOR_OR_ABOVE
    )
    stats.college_or_above = sum(
        1 for m in members if m.person.education in COLLEGE_OR_ABOVE
    )
    stats.bachelor_or_above = sum(
        1 for m in members if m.person.education in BACHELOR_OR_ABOVE
    )
    return stats


def build_ledgers(villages: list[Village], on: datetime.date) -> dict[int, Ledger]:
    """Return the ledgers of several villages in two queries.

    Committee members, reserve cadres and talents come with their people; the
    Party members — most of a roster — are only counted, so they are counted in
    the database instead of being loaded one by one.
    """
    ledgers = {village.pk: Ledger(village=village, on=on) for village in villages}
    current = RosterMembership.objects.current(on).filter(village_id__in=list(ledgers))
    _count_party_members(ledgers, current)
    memberships = (
        current.exclude(category=Category.PARTY_MEMBER)
        .select_related("person")
        .order_by("village_id", "category", "pk")
    )
    posts_of: dict[tuple[int, int], set] = defaultdict(set)
    rows: list[tuple[Ledger, LedgerMember]] = []
    for membership in memberships:
        ledger = ledgers[membership.village_id]
        person = membership.person
        member = LedgerMember(
            person=person, membership=membership, age=person.age_on(on)
        )
        rows.append((ledger, member))
        posts_of[(ledger.village.pk, person.pk)].add(
            (membership.category, membership.post)
        )
    for ledger, member in rows:
        category = member.membership.category
        posts = posts_of[(ledger.village.pk, member.person.pk)]
        if category in (Category.PARTY_COMMITTEE, Category.VILLAGERS_COMMITTEE):
            member.one_shoulder = {
                (Category.PARTY_COMMITTEE, Post.SECRETARY),
                (Category.VILLAGERS_COMMITTEE, Post.DIRECTOR),
            } <= posts
            categories = {c for c, _p in posts}
            member.cross = {
                Category.PARTY_COMMITTEE,
                Category.VILLAGERS_COMMITTEE,
            } <= categories
        if category in (
            Category.PARTY_COMMITTEE,
            Category.VILLAGERS_COMMITTEE,
            Category.SUPERVISION_COMMITTEE,
        ):
            ledger.committees.setdefault(category, []).append(member)
        elif category == Category.RESERVE_CADRE:
            ledger.reserves.append(member)
        elif category == Category.TALENT:
            ledger.talents.setdefault(member.membership.talent_kind, []).append(member)
    for ledger in ledgers.values():
        for category, members in ledger.committees.items():
            members.sort(
                key=lambda m: (POST_ORDER.get(m.membership.post, 9), m.person.name)
            )
            ledger.stats[category] = _stats(members)
        ledger.one_shoulder = any(
            m.one_shoulder for m in ledger.committees.get(Category.PARTY_COMMITTEE, [])
        )
        ledger.cross_count = sum(
            1 for m in ledger.committees.get(Category.PARTY_COMMITTEE, []) if m.cross
        )
        ledger.reserves.sort(key=lambda m: m.person.name)
    return ledgers


def _count_party_members(ledgers: dict[int, Ledger], current: QuerySet) -> None:
    """Fill each ledger's Party counts with one grouped query (党员 are counted, not listed)."""
    full = ~Q(party_member_kind=PartyMemberKind.PROBATIONARY)
    rows = (
        current.filter(category=Category.PARTY_MEMBER)
        .values("village_id")
        .annotate(
            total=Count("pk"),
            women=Count("pk", filter=Q(person__gender=Gender.FEMALE)),
            probationary=Count(
                "pk", filter=Q(party_member_kind=PartyMemberKind.PROBATIONARY)
            ),
            full=Count("pk", filter=full),
            excluded=Count("pk", filter=full & Q(excluded_from_quorum=True)),
            probation=Count(
                "pk",
                filter=full
                & Q(excluded_from_quorum=False, voting_status=VotingStatus.PROBATION),
            ),
            detained=Count(
                "pk",
                filter=full
                & Q(excluded_from_quorum=False, voting_status=VotingStatus.DETAINED),
            ),
        )
        .order_by()
    )
    for row in rows:
        counts = ledgers[row.pop("village_id")].party
        for name, value in row.items():
            setattr(counts, name, value)


def village_ledger(*, village: Village, on: datetime.date | None = None) -> Ledger:
    """Return the 明白账 of a village (the caller has checked the user's scope)."""
    on = on or timezone.localdate()
    return build_ledgers([village], on)[village.pk]


def township_ledgers(*, user, on: datetime.date | None = None) -> list[Ledger]:
    """Return the ledger of every village the user may see, in two queries."""
    on = on or timezone.localdate()
    villages = list(
        Village.objects.visible_to(user)
        .select_related("township")
        .order_by("township__code", "code")
    )
    ledgers = build_ledgers(villages, on)
    return [ledgers[village.pk] for village in villages]


def import_jobs(*, user) -> QuerySet[ImportJob]:
    """Return the import jobs of the user's township(s), newest first."""
    return (
        ImportJob.objects.visible_to(user)
        .filter(kind=ImportKind.ROSTER)
        .select_related("created_by", "township")
    )
