"""Reads of the exit audits and handovers: lists, their deadlines, the 十不选 item 8 hook."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from stages.choices import RuleKey

from ..choices import AuditFinding
from ..models import Handover, OutgoingAudit

__all__ = [
    "AuditPublication",
    "audit_election_day",
    "audit_list",
    "audit_publication",
    "exit_audit_findings",
    "handover_list",
    "handover_state",
    "with_publication",
]

DEFAULT_PUBLISH_DAYS = 10


@dataclass
class AuditPublication:
    """Whether an audit's results were published in time before the VC election."""

    state: str  # on_time / late / open / overdue / no_day
    deadline: date | None
    election_day: date | None
    days: int

    @property
    def colour(self) -> str:
        return {
            "on_time": "success",
            "late": "danger",
            "overdue": "danger",
            "open": "warning",
        }.get(self.state, "secondary")


def _publish_days(round, cache: dict) -> int:
    if round.pk not in cache:
        value = round.rules.get(RuleKey.AUDIT_PUBLISH_DAYS_BEFORE)
        cache[round.pk] = int(value) if value is not None else DEFAULT_PUBLISH_DAYS
    return cache[round.pk]


def audit_publication(
    audit: OutgoingAudit,
    *,
    election_day: date | None,
    today: date | None = None,
    cache: dict | None = None,
) -> AuditPublication:
    """组织法第三十五条: results published vc_audit_publish_days before the VC election."""
    today = today or timezone.localdate()
    days = _publish_days(audit.round, {} if cache is None else cache)
    if election_day is None:
        state = "on_time" if audit.published_on else "no_day"
        return AuditPublication(state, None, None, days)
    deadline = election_day - timedelta(days=days)
    if audit.published_on:
        state = "on_time" if audit.published_on <= deadline else "late"
    else:
        state = "overdue" if today > deadline else "open"
    return AuditPublication(state, deadline, election_day, days)


def _with_election_day(queryset):
    from stages.models import VillageElection

    day = VillageElection.objects.filter(
        round_id=OuterRef("round_id"), village_id=OuterRef("village_id")
    ).values("vc_election_date")[:1]
    return queryset.annotate(election_day=Subquery(day))


def audit_list(
    *, user, q: str = "", village_id="", finding: str = ""
) -> QuerySet[OutgoingAudit]:
    """Return the exit audits the user may read, searched and filtered (one query a page)."""
    queryset = _with_election_day(
        OutgoingAudit.objects.visible_to(user).select_related(
            "village", "person", "round__rule_set"
        )
    )
    q = (q or "").strip()
    if q:
        queryset = queryset.filter(
            Q(person__name__icontains=q)
            | Q(village__name__icontains=q)
            | Q(auditor__icontains=q)
        )
    if str(village_id).isdigit():
        queryset = queryset.filter(village_id=int(village_id))
    if finding in AuditFinding.values:
        queryset = queryset.filter(finding=finding)
    return queryset.order_by("village__name", "person__name", "pk")


def with_publication(audits, *, today: date | None = None) -> list[OutgoingAudit]:
    """Attach ``publication`` to each audit of a page (rules read once per round)."""
    cache: dict = {}
    audits = list(audits)
    for audit in audits:
        audit.publication = audit_publication(
            audit,
            election_day=getattr(audit, "election_day", None),
            today=today,
            cache=cache,
        )
    return audits


def audit_election_day(audit: OutgoingAudit) -> date | None:
    from stages.models import VillageElection

    return (
        VillageElection.objects.filter(
            round_id=audit.round_id, village_id=audit.village_id
        )
        .values_list("vc_election_date", flat=True)
        .first()
    )


def exit_audit_findings(person_ids) -> dict[int, list[OutgoingAudit]]:
    """十不选 item 8: the exit audits of these people that found problems (one query).

    Called by the vetting pre-checks of the candidates app (looked up by name,
    so candidates never imports elections).
    """
    result: dict[int, list[OutgoingAudit]] = {}
    for audit in OutgoingAudit.objects.filter(
        person_id__in=list(person_ids), finding=AuditFinding.PROBLEMS
    ).order_by("-audited_on", "-pk"):
        result.setdefault(audit.person_id, []).append(audit)
    return result


# --- handovers -------------------------------------------------------------------------


def handover_state(handover: Handover, *, today: date | None = None) -> str:
    """done_in_time / done_late / open / overdue (V10 against the stored due date)."""
    today = today or timezone.localdate()
    if handover.signed_on:
        return "done_in_time" if handover.signed_on <= handover.due_on else "done_late"
    return "overdue" if today > handover.due_on else "open"


HANDOVER_COLOURS = {
    "done_in_time": "success",
    "done_late": "warning",
    "open": "secondary",
    "overdue": "danger",
}


def handover_list(
    *, user, q: str = "", state: str = "", today: date | None = None
) -> QuerySet[Handover]:
    """Return the handovers the user may read; ``state=overdue`` keeps the late open ones."""
    today = today or timezone.localdate()
    queryset = (
        Handover.objects.visible_to(user)
        .select_related("village")
        .annotate(
            item_count=Count("items"),
            items_done=Count(
                "items", filter=Q(items__handed_over=True, items__received=True)
            ),
        )
    )
    q = (q or "").strip()
    if q:
        queryset = queryset.filter(
            Q(village__name__icontains=q)
            | Q(handed_over_by__icontains=q)
            | Q(received_by__icontains=q)
        )
    if state == "overdue":
        queryset = queryset.filter(signed_on__isnull=True, due_on__lt=today)
    elif state == "open":
        queryset = queryset.filter(signed_on__isnull=True)
    elif state == "signed":
        queryset = queryset.filter(signed_on__isnull=False)
    return queryset.order_by("due_on", "village__name", "pk")
