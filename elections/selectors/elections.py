"""Reads of candidate elections: lists, an election's page, the village panel.

Every query is scoped with ``visible_to(user)`` and shaped here, once, so the
list pages cost the same number of queries for 4 villages or 400.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from villages.choices import Category, Gender

from .. import rules
from ..choices import Body, CountStatus, ElectionKind, StaffRole, TallyStatus
from ..models import (
    Election,
    ElectionCandidate,
    ElectionStaff,
    MeetingVote,
    RecommendationMeeting,
)

__all__ = [
    "BasisRow",
    "election_committee_person_ids",
    "election_list",
    "election_page",
    "meeting_list",
    "meeting_page",
    "rule_basis",
    "village_results",
]

HANDOVER_TEMPLATE = "vc-handover"


def election_committee_person_ids(round_ids, village_ids) -> set[int]:
    """Return the people on a village election committee in these rounds and villages.

    Used by the vetting pre-checks: a nominee on the 村民选举委员会 must withdraw
    from it (组织法 第十二条).
    """
    return set(
        ElectionStaff.objects.filter(
            role=StaffRole.COMMITTEE,
            election__round_id__in=list(round_ids),
            election__village_id__in=list(village_ids),
        ).values_list("person_id", flat=True)
    )


# --- lists -----------------------------------------------------------------------------------------


def election_list(
    *,
    user,
    q: str = "",
    body: str = "",
    status: str = "",
    village_id: str = "",
    township_id: str = "",
) -> QuerySet:
    """Return the elections a user may see, newest first, with village and counts."""
    queryset = (
        Election.objects.visible_to(user)
        .select_related("village__township", "round")
        .annotate(
            candidate_count=Count("candidates", distinct=True),
            elected_count=Count(
                "candidates",
                filter=Q(
                    candidates__result=TallyStatus.ELECTED, candidates__void=False
                ),
                distinct=True,
            ),
        )
        .order_by("-held_on", "village__code", "-pk")
    )
    if body in Body.values:
        queryset = queryset.filter(body=body)
    if status in CountStatus.values:
        queryset = queryset.filter(status=status)
    if str(village_id).isdigit():
        queryset = queryset.filter(village_id=int(village_id))
    if str(township_id).isdigit():
        queryset = queryset.filter(village__township_id=int(township_id))
    if q:
        queryset = queryset.filter(
            Q(village__name__icontains=q)
            | Q(village__name_pinyin__icontains=q.lower())
            | Q(village__name_initials__icontains=q.lower())
            | Q(candidates__person__name__icontains=q)
        ).distinct()
    return queryset


def meeting_list(*, user, q: str = "", village_id: str = "") -> QuerySet:
    """Return the recommendation meetings a user may see, newest first."""
    queryset = (
        RecommendationMeeting.objects.visible_to(user)
        .select_related("village__township", "round")
        .annotate(
            recommended_count=Count(
                "votes", filter=Q(votes__result=TallyStatus.ELECTED)
            )
        )
        .order_by("-held_on", "village__code", "-pk")
    )
    if str(village_id).isdigit():
        queryset = queryset.filter(village_id=int(village_id))
    if q:
        queryset = queryset.filter(
            Q(village__name__icontains=q)
            | Q(village__name_initials__icontains=q.lower())
        )
    return queryset


# --- legal basis --------------------------------------------------------------------------------------


@dataclass
class BasisRow:
    """A rule-set row shown beside a result: the number and its legal basis."""

    rule: str
    label: str
    value: str
    text: str
    key: str = ""


def rule_basis(round, codes) -> dict[str, list[BasisRow]]:
    """Return, per rule code, the rule-set rows it read with their legal basis texts.

    Rules that read no row (V7, V8, V11, P4) show their fixed statutory text.
    """
    book = round.rules
    result: dict[str, list[BasisRow]] = {}
    for code in sorted(set(codes)):
        rows = []
        for key in rules.RULE_KEYS.get(code, ()):
            try:
                row = book.rule(key)
            except (KeyError, AttributeError):
                continue
            rows.append(
                BasisRow(
                    code,
                    str(row.get_key_display()),
                    row.display_value,
                    row.legal_basis,
                    key,
                )
            )
        if not rows and code in rules.FIXED_BASIS:
            rows.append(BasisRow(code, code, "", str(rules.FIXED_BASIS[code])))
        result[code] = rows
    return result


# --- an election's page ------------------------------------------------------------------------------


@dataclass
class Line:
    """The candidates of one post on the ballot, with its seats."""

    post: str
    label: str
    seats: int
    candidates: list[ElectionCandidate] = field(default_factory=list)


@dataclass
class HandoverCheck:
    """V10: the handover of the villagers' committee within handover_days_after."""

    deadline: date
    task: object | None
    state: str  # done_in_time / done_late / open / overdue / no_task


@dataclass
class ElectionPage:
    election: Election
    lines: list[Line]
    staff: list[ElectionStaff]
    findings: list[dict]
    basis: dict[str, list[BasisRow]]
    chain: list[Election]
    followups: list[Election]
    committee: list | None
    composition: list[rules.Finding]
    handover: HandoverCheck | None
    can_runoff: bool
    can_revote: bool
    can_posts: bool
    can_reduce: bool


def _post_lines(election: Election, candidates) -> list[Line]:
    from ..services.elections import _line_posts, _post_label, _seats_of

    lines = []
    if election.is_party and election.kind != ElectionKind.POSTS:
        posts = [("seats_member", "member")]
    else:
        posts = _line_posts(election.body)
    for _field, post in posts:
        on_line = [c for c in candidates if c.post == post]
        seats = _seats_of(election, post)
        if on_line or seats:
            lines.append(Line(post, _post_label(post), seats, on_line))
    return lines


def handover_check(
    election: Election, *, today: date | None = None
) -> HandoverCheck | None:
    """V10: compare the village's handover task with the deadline the rule set gives."""
    if (
        election.body != Body.VILLAGERS_COMMITTEE
        or election.status != CountStatus.APPLIED
    ):
        return None
    from stages.models import VillageTask

    today = today or timezone.localdate()
    deadline = rules.handover_deadline(
        elected_on=election.held_on, rules=election.round.rules
    )
    task = (
        VillageTask.objects.filter(
            round_id=election.round_id,
            village_id=election.village_id,
            template__code=HANDOVER_TEMPLATE,
        )
        .select_related("template")
        .first()
    )
    if task is None:
        state = "overdue" if today > deadline else "no_task"
    elif task.status == "done":
        state = (
            "done_in_time"
            if task.completed_on and task.completed_on <= deadline
            else "done_late"
        )
    elif task.status == "not_applicable":
        state = "done_in_time"
    else:
        state = "overdue" if today > deadline else "open"
    return HandoverCheck(deadline=deadline, task=task, state=state)


def committee_after(election: Election) -> tuple[list, list[rules.Finding]]:
    """Return the committee in office after an applied election and its V1 check (VC only)."""
    from villages.models import RosterMembership

    category = {
        Body.PARTY_COMMITTEE: Category.PARTY_COMMITTEE,
        Body.VILLAGERS_COMMITTEE: Category.VILLAGERS_COMMITTEE,
        Body.SUPERVISION_COMMITTEE: Category.SUPERVISION_COMMITTEE,
    }[election.body]
    members = list(
        RosterMembership.objects.current()
        .filter(village_id=election.village_id, category=category)
        .select_related("person")
        .order_by("post", "person__name")
    )
    composition: list[rules.Finding] = []
    if election.body == Body.VILLAGERS_COMMITTEE:
        women = sum(1 for m in members if m.person.gender == Gender.FEMALE)
        composition = rules.vc_composition(
            size=len(members), women=women, rules=election.round.rules
        )
    return members, composition


def election_page(election: Election, *, today: date | None = None) -> ElectionPage:
    """Return everything an election's page shows, in a fixed number of queries."""
    candidates = list(
        election.candidates.select_related(
            "person", "nomination", "voided_by"
        ).order_by("post", "-votes", "pk")
    )
    staff = list(election.staff.select_related("person").order_by("role", "pk"))
    chain_root = election
    while chain_root.parent_id:
        chain_root = chain_root.parent
    from ..services.elections import _chain

    chain = _chain(chain_root)
    followups = [e for e in chain if e.parent_id == election.pk]
    codes = [f["rule"] for f in election.findings] + [
        c.rule for c in candidates if c.rule
    ]
    committee, composition = (None, [])
    if election.status == CountStatus.APPLIED:
        committee, composition = committee_after(election)
        codes += [f.rule for f in composition]
    has_open_followup = {e.kind for e in followups}
    counted_valid = election.status != CountStatus.PLANNED and bool(election.valid)
    has_ties = any(c.result == TallyStatus.TIE for c in candidates)
    open_shortfall = (
        bool(election.shortfall) and election.shortfall_decision != "reduce"
    )
    return ElectionPage(
        election=election,
        lines=_post_lines(election, candidates),
        staff=staff,
        findings=election.findings,
        basis=rule_basis(election.round, codes),
        chain=chain,
        followups=followups,
        committee=committee,
        composition=composition,
        handover=handover_check(election, today=today),
        can_runoff=counted_valid
        and open_shortfall
        and ElectionKind.RUNOFF not in has_open_followup
        and election.kind != ElectionKind.POSTS,
        can_revote=counted_valid
        and has_ties
        and ElectionKind.REVOTE not in has_open_followup,
        can_posts=election.is_party
        and election.kind == ElectionKind.REGULAR
        and election.status == CountStatus.APPLIED
        and ElectionKind.POSTS not in has_open_followup,
        can_reduce=election.is_party
        and counted_valid
        and open_shortfall
        and election.kind != ElectionKind.POSTS
        and ElectionKind.RUNOFF not in has_open_followup,
    )


@dataclass
class MeetingPage:
    meeting: RecommendationMeeting
    votes: list[MeetingVote]
    basis: dict[str, list[BasisRow]]


def meeting_page(meeting: RecommendationMeeting) -> MeetingPage:
    """Return a recommendation meeting with its votes and the legal basis of P5."""
    votes = list(
        meeting.votes.select_related("person", "nomination").order_by("-votes", "pk")
    )
    return MeetingPage(
        meeting=meeting, votes=votes, basis=rule_basis(meeting.round, ["P5"])
    )


# --- the village page's panel -------------------------------------------------------------------------


@dataclass
class BodyResult:
    body: str
    label: str
    election: Election | None
    members: list = field(default_factory=list)
    women_missing: bool = False


def village_results(village, *, user) -> list[BodyResult]:
    """Return, per committee, the latest election of the village's current round and its winners."""
    from stages.selectors import current_round

    round = current_round(village.township_id)
    if round is None:
        return []
    elections = list(
        Election.objects.visible_to(user)
        .filter(round=round, village=village)
        .prefetch_related(
            Prefetch(
                "candidates",
                queryset=ElectionCandidate.objects.filter(
                    result=TallyStatus.ELECTED
                ).select_related("person"),
                to_attr="winners",
            )
        )
        .order_by("held_on", "pk")
    )
    result = []
    for body, label in Body.choices:
        mine = [e for e in elections if e.body == body]
        latest = mine[-1] if mine else None
        # Later votes win: the committee's posts election turns a 委员 into the 书记.
        winners = {
            c.person_id: c
            for e in mine
            if e.status == CountStatus.APPLIED
            for c in e.winners
        }
        result.append(
            BodyResult(
                body,
                label,
                latest,
                list(winners.values()),
                women_missing=any(e.women_missing for e in mine),
            )
        )
    return result
