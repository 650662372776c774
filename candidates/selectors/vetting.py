"""Reads of candidate vetting: nominations with their review state, ledgers, inbox,
pre-checks and the formal list. Every query is scoped and shaped here, once.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from villages.choices import Category, PoliticalStatus, VotingStatus

from ..choices import Body, NominationStatus, ObjectionStatus, ReviewItemStatus
from ..models import (
    Department,
    Nomination,
    Objection,
    PublicNotice,
    ReviewDecision,
    ReviewFinding,
    ReviewItem,
    RoundCriterion,
)
from ..vetting_rules import Outcome, compute_outcome, fmt_date, person_fingerprint

__all__ = [
    "PreCheck",
    "blocking_report_ids",
    "criteria_counts",
    "department_criteria",
    "formal_list_candidates",
    "inbox_items",
    "item_state",
    "list_fingerprint",
    "nomination_outcome",
    "nominations_for_review",
    "outcomes_for",
    "prechecks_for",
    "required_departments",
    "required_departments_by_round",
    "round_criteria",
    "status_counts",
    "unsigned_commitment_ids",
    "vetting_ledger",
]


# --- review state -----------------------------------------------------------------------


def required_departments_by_round(round_ids) -> dict[int, list[Department]]:
    """Return, per round, the departments its criteria name (one query for all rounds).

    Before a round's first batch there is no copy of the criteria yet; then the
    active catalogue decides (see :func:`required_departments`).
    """
    through = RoundCriterion.departments.through
    rows = (
        through.objects.filter(roundcriterion__round_id__in=list(round_ids))
        .annotate(round_id=F("roundcriterion__round_id"))
        .select_related("department")
        .order_by("department__order", "department__code")
    )
    result: dict[int, dict[int, Department]] = defaultdict(dict)
    for row in rows:
        result[row.round_id][row.department_id] = row.department
    return {round_id: list(deps.values()) for round_id, deps in result.items()}


def required_departments(round) -> list[Department]:
    """Return the departments that must review a round's candidates.

    The departments of the round's copied criteria; before the first batch,
    the active departments that check an active catalogue item.
    """
    by_round = required_departments_by_round([round.pk])
    if round.pk in by_round:
        return by_round[round.pk]
    return list(
        Department.objects.filter(active=True, criteria__active=True)
        .distinct()
        .order_by("order", "code")
    )


def nominations_for_review(queryset: QuerySet) -> QuerySet:
    """Return nominations with everything the outcome rules read, in a fixed number of queries."""
    return queryset.select_related(
        "person__village", "village__township", "round"
    ).prefetch_related(
        Prefetch(
            "review_items",
            queryset=ReviewItem.objects.select_related("department", "signed_by")
            .prefetch_related(
                Prefetch(
                    "findings",
                    queryset=ReviewFinding.objects.select_related("criterion").order_by(
                        "criterion__number"
                    ),
                )
            )
            .order_by("department__order", "department__code"),
        ),
        Prefetch(
            "review_decisions",
            queryset=ReviewDecision.objects.select_related("decided_by").order_by(
                "-decided_at", "-pk"
            ),
        ),
    )


def outcomes_for(nominations, *, today: date | None = None) -> dict[int, Outcome]:
    """Return the review outcome of each nomination (loaded by :func:`nominations_for_review`)."""
    today = today or timezone.localdate()
    nominations = list(nominations)
    departments = required_departments_by_round({n.round_id for n in nominations})
    fallback = None
    result = {}
    for nomination in nominations:
        required = departments.get(nomination.round_id)
        if required is None:
            if fallback is None:
                fallback = required_departments(nomination.round)
            required = fallback
        result[nomination.pk] = compute_outcome(
            items=nomination.review_items.all(),
            required_departments=required,
            current_fingerprint=person_fingerprint(nomination.person),
            person=nomination.person,
            decisions=list(nomination.review_decisions.all()),
            today=today,
        )
    return result


def nomination_outcome(nomination: Nomination, *, today: date | None = None) -> Outcome:
    """Return the review outcome of one nomination, loading what it needs."""
    loaded = nominations_for_review(Nomination.objects.filter(pk=nomination.pk)).get()
    return outcomes_for([loaded], today=today)[loaded.pk]


@dataclass
class ItemView:
    """A review item as its department sees it: reopened or not, and why."""

    item: ReviewItem
    reopened: bool
    reason: str
    overdue: bool
    answered: int = 0
    total: int = 0


def item_state(item: ReviewItem, *, today: date | None = None) -> ItemView:
    """Return whether an item is reopened (data changed since sign-off) and overdue."""
    from ..vetting_rules import reopen_reason

    today = today or timezone.localdate()
    person = item.nomination.person
    reopened, reason = False, ""
    if (
        item.status == ReviewItemStatus.SIGNED
        and item.fingerprint != person_fingerprint(person)
    ):
        reopened, reason = True, reopen_reason(item, person)
    elif item.status == ReviewItemStatus.PENDING and item.reopened_reason:
        reopened, reason = True, item.reopened_reason
    overdue = item.status == ReviewItemStatus.PENDING and item.due_date < today
    return ItemView(item=item, reopened=reopened, reason=reason, overdue=overdue)


def status_counts(queryset: QuerySet) -> list[dict]:
    """Return ``[{"value", "label", "count"}]`` for every nomination status, in order."""
    counts = dict(queryset.order_by().values_list("status").annotate(n=Count("pk")))
    return [
        {"value": value, "label": label, "count": counts.get(value, 0)}
        for value, label in NominationStatus.choices
    ]


def vetting_ledger(
    *, user, village=None, status: str = "", body: str = "", q: str = "", round_id=None
) -> QuerySet:
    """Return the nominations of a user's scope for the vetting ledger, ready for outcomes."""
    queryset = Nomination.objects.visible_to(user)
    if village is not None:
        queryset = queryset.filter(village=village)
    if status in NominationStatus.values:
        queryset = queryset.filter(status=status)
    if body in Body.values:
        queryset = queryset.filter(body=body)
    if round_id:
        queryset = queryset.filter(round_id=round_id)
    if q:
        queryset = queryset.filter(
            Q(person__name__icontains=q)
            | Q(person__name_pinyin__icontains=q.lower())
            | Q(person__name_initials__icontains=q.lower())
            | Q(person__id_number__endswith=q)
            | Q(village__name__icontains=q)
        )
    return nominations_for_review(queryset).order_by(
        "village__township__code", "village__code", "body", "post", "pk"
    )


# --- department inbox ---------------------------------------------------------------------


def inbox_items(*, user, state: str = "") -> QuerySet:
    """Return the review items of the reviewer's departments, with candidate and progress."""
    queryset = (
        ReviewItem.objects.for_reviewer(user)
        .select_related(
            "nomination__person__village",
            "nomination__village__township",
            "nomination__round",
            "department",
        )
        .annotate(answered=Count("findings"))
    )
    if state == "pending":
        queryset = queryset.filter(status=ReviewItemStatus.PENDING)
    elif state == "signed":
        queryset = queryset.filter(status=ReviewItemStatus.SIGNED)
    elif state == "overdue":
        queryset = queryset.filter(
            status=ReviewItemStatus.PENDING, due_date__lt=timezone.localdate()
        )
    return queryset.order_by("status", "due_date", "nomination__village__code", "pk")


def round_criteria(round) -> list[RoundCriterion]:
    """Return the criteria copied into a round, with the departments that check each."""
    return list(
        RoundCriterion.objects.filter(round=round)
        .prefetch_related(
            Prefetch(
                "departments", queryset=Department.objects.order_by("order", "code")
            )
        )
        .order_by("number")
    )


def criteria_counts(items) -> dict[tuple[int, int], int]:
    """Return how many criteria each (round, department) has, for items' progress (one query)."""
    items = list(items)
    if not items:
        return {}
    through = RoundCriterion.departments.through
    rows = (
        through.objects.filter(
            roundcriterion__round_id__in={i.nomination.round_id for i in items},
            department_id__in={i.department_id for i in items},
        )
        .values_list("roundcriterion__round_id", "department_id")
        .annotate(n=Count("pk"))
    )
    return {(round_id, department_id): n for round_id, department_id, n in rows}


def department_criteria(item: ReviewItem) -> QuerySet:
    """Return the round's criteria that the item's department checks (and only those)."""
    return (
        RoundCriterion.objects.filter(round_id=item.nomination.round_id)
        .for_department(item.department_id)
        .order_by("number")
    )


# --- pre-checks ---------------------------------------------------------------------------


@dataclass
class PreCheck:
    """One roster-based check shown before review: ok, warn, fail or info."""

    code: str
    level: str
    label: str
    message: str

    @property
    def colour(self) -> str:
        return {"ok": "success", "warn": "warning", "fail": "danger"}.get(
            self.level, "secondary"
        )


def _optional_ids(module_name: str, function_name: str, *args) -> set[int] | None:
    """Call a function of another app if it exists yet; None when it does not."""
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return None
    function = getattr(module, function_name, None)
    if function is None:
        return None
    return set(function(*args))


def blocking_report_ids(person_ids) -> set[int]:
    """Return the people with an open 拉票贿选/资格问题 report (empty until discipline provides it)."""
    return (
        _optional_ids(
            "discipline.selectors", "blocking_report_person_ids", list(person_ids)
        )
        or set()
    )


def unsigned_commitment_ids(person_ids) -> set[int]:
    """Return the people without a signed commitment letter (empty until discipline provides it)."""
    return (
        _optional_ids(
            "discipline.selectors", "unsigned_commitment_person_ids", list(person_ids)
        )
        or set()
    )


def _election_committee_ids(nominations) -> set[int] | None:
    """Return people on their village's election committee, if the elections part records it."""
    village_ids = sorted({n.village_id for n in nominations})
    round_ids = sorted({n.round_id for n in nominations})
    return _optional_ids(
        "candidates.selectors.elections",
        "election_committee_person_ids",
        round_ids,
        village_ids,
    )


def _election_days(nominations) -> dict[tuple[int, int], object]:
    from stages.models import VillageElection

    pairs = {(n.round_id, n.village_id) for n in nominations}
    rows = VillageElection.objects.filter(
        round_id__in={r for r, _v in pairs}, village_id__in={v for _r, v in pairs}
    )
    return {(row.round_id, row.village_id): row for row in rows}


def prechecks_for(
    nominations, *, today: date | None = None
) -> dict[int, list[PreCheck]]:
    """Return the pre-checks of each nomination (queries do not grow with the count).

    Age on the election day (18 at least, a warning above the local upper age),
    full Party membership with the right to stand for Party posts, close
    relatives among the same committee's nominees, a seat on the village
    election committee, an open report, and an unsigned commitment letter.
    """
    from villages.models import Relationship, RosterMembership

    nominations = list(nominations)
    if not nominations:
        return {}
    today = today or timezone.localdate()
    person_ids = {n.person_id for n in nominations}
    days = _election_days(nominations)
    restricted = dict(
        RosterMembership.objects.current(on=today)
        .filter(
            person_id__in=person_ids,
            category=Category.PARTY_MEMBER,
            voting_status__in=[VotingStatus.PROBATION, VotingStatus.DETAINED],
        )
        .values_list("person_id", "voting_status")
    )
    # Other nominees of the same village, committee and round, to find relatives among them.
    peers = defaultdict(dict)
    for row in (
        Nomination.objects.active()
        .filter(
            round_id__in={n.round_id for n in nominations},
            village_id__in={n.village_id for n in nominations},
        )
        .select_related("person")
    ):
        peers[(row.round_id, row.village_id, row.body)][row.person_id] = row.person
    peer_ids = {pid for group in peers.values() for pid in group}
    relations = defaultdict(list)
    for rel in Relationship.objects.filter(
        Q(person_id__in=person_ids, relative_id__in=peer_ids)
        | Q(relative_id__in=person_ids, person_id__in=peer_ids)
    ):
        relations[rel.person_id].append((rel.relative_id, rel.get_kind_display()))
        relations[rel.relative_id].append((rel.person_id, rel.get_kind_display()))
    reports = blocking_report_ids(person_ids)
    unsigned = unsigned_commitment_ids(person_ids)
    committee = _election_committee_ids(nominations)
    min_age = settings.VETTING_MIN_AGE
    max_age = settings.VETTING_MAX_AGE

    result = {}
    for n in nominations:
        person = n.person
        checks = []
        election = days.get((n.round_id, n.village_id))
        election_day = None
        if election is not None:
            election_day = (
                election.party_election_date
                if n.body == Body.PARTY_COMMITTEE
                else election.vc_election_date
            )
        basis = _("on the election day %(day)s")
        if election_day is None:
            election_day = n.round.target_end_date
            basis = _(
                "on %(day)s (election day not set; the round's target end date is used)"
            )
        age = person.age_on(election_day)
        age_text = (
            _("Age %(age)s") % {"age": age}
            + " "
            + basis % {"day": fmt_date(election_day)}
        )
        if age < min_age:
            checks.append(
                PreCheck(
                    "age",
                    "fail",
                    _("Age"),
                    age_text
                    + _(": under %(min)s, no right to stand.") % {"min": min_age},
                )
            )
        elif age > max_age:
            checks.append(
                PreCheck(
                    "age",
                    "warn",
                    _("Age"),
                    age_text
                    + _(": above the usual upper age of %(max)s.") % {"max": max_age},
                )
            )
        else:
            checks.append(PreCheck("age", "ok", _("Age"), age_text + "."))

        if n.body == Body.PARTY_COMMITTEE:
            if person.political_status != PoliticalStatus.MEMBER:
                checks.append(
                    PreCheck(
                        "party",
                        "fail",
                        _("Party membership"),
                        _(
                            "A Party post needs a full Party member; %(name)s is “%(status)s”."
                        )
                        % {
                            "name": person.name,
                            "status": person.get_political_status_display(),
                        },
                    )
                )
            elif person.pk in restricted:
                checks.append(
                    PreCheck(
                        "party",
                        "fail",
                        _("Party membership"),
                        _("No right to stand: %(status)s.")
                        % {"status": VotingStatus(restricted[person.pk]).label},
                    )
                )
            else:
                checks.append(
                    PreCheck(
                        "party", "ok", _("Party membership"), _("Full Party member.")
                    )
                )

        group = peers.get((n.round_id, n.village_id, n.body), {})
        found = [
            _("%(name)s (%(kind)s)") % {"name": group[rid].name, "kind": kind}
            for rid, kind in relations.get(person.pk, [])
            if rid in group and rid != person.pk
        ]
        if found:
            checks.append(
                PreCheck(
                    "relatives",
                    "warn",
                    _("Close relatives"),
                    _(
                        "Close relatives nominated for the same committee: %(list)s. Only one may serve (回避)."
                    )
                    % {"list": "、".join(found)},
                )
            )
        else:
            checks.append(
                PreCheck(
                    "relatives",
                    "ok",
                    _("Close relatives"),
                    _("No recorded close relative among this committee's nominees."),
                )
            )

        if committee is None:
            checks.append(
                PreCheck(
                    "committee",
                    "info",
                    _("Election committee"),
                    _("Election committee members are not recorded yet."),
                )
            )
        elif person.pk in committee:
            checks.append(
                PreCheck(
                    "committee",
                    "warn",
                    _("Election committee"),
                    _(
                        "Sits on the village election committee: must withdraw from it once nominated (组织法第十二条)."
                    ),
                )
            )
        else:
            checks.append(
                PreCheck(
                    "committee",
                    "ok",
                    _("Election committee"),
                    _("Not on the election committee."),
                )
            )

        if person.pk in reports:
            checks.append(
                PreCheck(
                    "report",
                    "warn",
                    _("Reports"),
                    _(
                        "An open report (拉票贿选 or 资格问题) concerns this person; it blocks the formal candidacy until closed."
                    ),
                )
            )
        if person.pk in unsigned:
            checks.append(
                PreCheck(
                    "commitment",
                    "warn",
                    _("Commitment letter"),
                    _("No signed commitment letter (承诺书) is recorded."),
                )
            )
        if person.village_id != n.village_id:
            checks.append(
                PreCheck(
                    "village",
                    "info",
                    _("Village"),
                    _("On the roster of %(village)s, not of the nominating village.")
                    % {"village": person.village},
                )
            )
        result[n.pk] = checks
    return result


# --- public notice and formal list ----------------------------------------------------------------


def formal_list_candidates(*, round, village, body) -> list[Nomination]:
    """Return the nominations on public notice for a village and committee, with what the checks read."""
    return list(
        Nomination.objects.filter(
            round=round,
            village=village,
            body=body,
            status=NominationStatus.PUBLIC_NOTICE,
        )
        .select_related("person__village", "village", "round")
        .prefetch_related(
            Prefetch(
                "notices",
                queryset=PublicNotice.objects.order_by("-end_date", "-pk"),
            ),
            Prefetch(
                "objections",
                queryset=Objection.objects.filter(status=ObjectionStatus.OPEN),
                to_attr="open_objections",
            ),
        )
        .order_by("post", "person__name", "pk")
    )


@dataclass
class ListEntry:
    nomination: Nomination
    problems: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


def list_fingerprint(nominations) -> str:
    """Return the fingerprint of a formal list: who, for which post, with which personal data."""
    rows = sorted(
        (
            n.pk,
            n.person_id,
            n.body,
            n.post,
            n.status,
            person_fingerprint(n.person),
        )
        for n in nominations
    )
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()
