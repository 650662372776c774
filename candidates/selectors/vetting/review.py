"""Review state: outcomes per candidate, the ledger, the department inbox."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from ...choices import Body, NominationStatus, ReviewItemStatus
from ...models import (
    Department,
    Nomination,
    ReviewDecision,
    ReviewFinding,
    ReviewItem,
    RoundCriterion,
)
from ...vetting_rules import (
    FINAL_STATUSES,
    Outcome,
    compute_outcome,
    person_fingerprint,
)

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
            closed=nomination.status in FINAL_STATUSES,
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
    from ...vetting_rules import reopen_reason

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
