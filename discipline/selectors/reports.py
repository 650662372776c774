"""Reads of reports (举报), always through the confidentiality rule of the querysets."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import access
from ..choices import BLOCKING_CATEGORIES, ReportStatus
from ..models import Report, ReportAction, ReportExtension, ReportSource

# Fields every report reader may search; the discipline role also searches the
# confidential ones. A search never matches a field the user may not read, so a
# hit cannot tell an office clerk who reported.
SEARCH_FIELDS = (
    "number",
    "summary",
    "person__name",
    "subject_name",
    "village__name",
    "findings",
)
CONFIDENTIAL_SEARCH_FIELDS = (
    "source__reporter_name",
    "source__reporter_phone",
    "source__reporter_contact",
    "source__original_content",
)


def blocking_report_person_ids(person_ids) -> set[int]:
    """Return the people among ``person_ids`` with an open 拉票贿选/资格问题 report.

    Contract for the vetting code: such a nominee cannot become 正式候选人 until
    the report is closed. One query. The caller decides what it shows: to users
    scoped to the village it must not say that a report exists
    (see :func:`block_message_for`).
    """
    person_ids = [int(pk) for pk in person_ids]
    if not person_ids:
        return set()
    return set(
        Report.objects.blocking()
        .filter(person_id__in=person_ids)
        .values_list("person_id", flat=True)
        .distinct()
    )


def block_message_for(user) -> str:
    """Return the sentence to show for a blocked nominee, fit for this user's eyes."""
    if access.reads_reports(user):
        return _(
            "An open report of vote buying or an eligibility problem concerns this nominee: "
            "they cannot become a formal candidate until the report is closed."
        )
    return _(
        "This nominee cannot become a formal candidate for now; the township discipline "
        "inspection staff will tell the office when this changes."
    )


def report_list(
    *,
    user,
    q: str = "",
    status: str = "",
    category: str = "",
    village_id: str = "",
    overdue: bool = False,
    today: datetime.date | None = None,
) -> QuerySet:
    """Return the reports a user may see, filtered and searched, with their relations."""
    today = today or timezone.localdate()
    queryset = (
        Report.objects.visible_to(user)
        .select_related("village", "person", "township")
        .order_by("-received_on", "-pk")
    )
    if status in ReportStatus.values:
        queryset = queryset.filter(status=status)
    elif status == "open":
        queryset = queryset.open()
    if category:
        queryset = queryset.filter(category=category)
    if village_id and str(village_id).isdigit():
        queryset = queryset.filter(village_id=int(village_id))
    if overdue:
        queryset = queryset.overdue(today)
    term = (q or "").strip()
    if term:
        fields = SEARCH_FIELDS
        if access.sees_reporter(user):
            fields = fields + CONFIDENTIAL_SEARCH_FIELDS
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": term})
        queryset = queryset.filter(condition)
    return queryset


def report_counts(
    *,
    user,
    today: datetime.date | None = None,
    village=None,
    township_id: int | None = None,
) -> dict | None:
    """Return counts of the reports a user may count (None when they may not). One query."""
    if not access.counts_reports(user):
        return None
    today = today or timezone.localdate()
    queryset = Report.objects.counted_for(user)
    if village is not None:
        queryset = queryset.filter(village=village)
    if township_id is not None:
        queryset = queryset.filter(township_id=township_id)
    open_q = ~Q(status=ReportStatus.CLOSED)
    return queryset.aggregate(
        total=Count("pk", distinct=True),
        open=Count("pk", filter=open_q, distinct=True),
        overdue=Count(
            "pk",
            filter=Q(status=ReportStatus.REGISTERED, received_on__lt=today)
            | Q(status=ReportStatus.ACCEPTED, verify_due__lt=today),
            distinct=True,
        ),
        blocking=Count(
            "pk",
            filter=open_q & Q(category__in=BLOCKING_CATEGORIES, person__isnull=False),
            distinct=True,
        ),
        pending_extensions=Count(
            "extensions", filter=Q(extensions__status="pending"), distinct=True
        ),
    )


def report_for(*, user, pk: int) -> Report:
    """Return a visible report with its relations, or raise Report.DoesNotExist."""
    return (
        Report.objects.visible_to(user)
        .select_related(
            "village__township",
            "person",
            "registered_by",
            "accepted_by",
            "concluded_by",
            "closed_by",
        )
        .get(pk=pk)
    )


def report_source_for(*, user, report: Report) -> ReportSource | None:
    """Return the confidential source of a report, or None unless the user is discipline."""
    return ReportSource.objects.visible_to(user).filter(report=report).first()


def report_actions(report: Report) -> list[ReportAction]:
    return list(report.actions.select_related("taken_by").order_by("taken_on", "pk"))


def report_extensions(report: Report) -> list[ReportExtension]:
    return list(
        report.extensions.select_related("requested_by", "decided_by").order_by(
            "requested_at", "pk"
        )
    )


def nominations_of(report: Report) -> list:
    """Return the nominations of the report's person in its village (empty without candidates)."""
    if report.person_id is None:
        return []
    try:
        from candidates.models import Nomination
    except ImportError:
        return []
    return list(
        Nomination.objects.filter(
            person_id=report.person_id, village_id=report.village_id
        )
        .select_related("round")
        .order_by("pk")
    )


def pending_extensions(*, user) -> QuerySet:
    """Return the extension requests waiting for this leader's decision."""
    if not access.decides_extensions(user):
        return ReportExtension.objects.none()
    return (
        ReportExtension.objects.visible_to(user)
        .filter(status="pending")
        .select_related("report__village", "requested_by")
        .order_by("requested_at")
    )
