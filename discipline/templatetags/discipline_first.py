"""The discipline inspector's first screen (SPEC §3.9): what is due today or overdue."""

from django import template
from django.db.models import Q
from django.utils import timezone

from core.roles import Role
from core.scope import get_scope

from .. import access
from ..choices import ReportStatus
from ..models import PublicOpinion, Report

register = template.Library()

ROWS = 10


@register.simple_tag(takes_context=True)
def discipline_due(context):
    """Return reports due today and overdue, and open public opinion (3 queries).

    Only for discipline staff who read reports; None for everyone else.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    scope = get_scope(user)
    if not scope.has(Role.DISCIPLINE) or not access.reads_reports(scope):
        return None
    today = timezone.localdate()
    due_today = Q(status=ReportStatus.REGISTERED, received_on=today) | Q(
        status=ReportStatus.ACCEPTED, verify_due=today
    )
    overdue = Q(status=ReportStatus.REGISTERED, received_on__lt=today) | Q(
        status=ReportStatus.ACCEPTED, verify_due__lt=today
    )
    reports = list(
        Report.objects.visible_to(user)
        .filter(due_today | overdue)
        .select_related("village")
        .order_by("verify_due", "received_on", "pk")[: ROWS * 2]
    )
    for report in reports:
        report.due = (
            report.received_on
            if report.status == ReportStatus.REGISTERED
            else report.verify_due
        )
        report.is_overdue = report.due < today
    opinions = PublicOpinion.objects.visible_to(user).open()
    urgent = list(opinions.order_by("due_on", "pk")[:5])
    for opinion in urgent:
        opinion.is_overdue = opinion.due_on < today
    return {
        "today": [r for r in reports if not r.is_overdue][:ROWS],
        "overdue": [r for r in reports if r.is_overdue][:ROWS],
        "opinions_open": opinions.count(),
        "opinions": urgent,
    }
