"""Helpers of the report views: the lifecycle bar and the access checks."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import pgettext_lazy

from ... import access, selectors
from ...choices import ReportStatus
from ...models import Report
from ..common import require_reader

LIFECYCLE = [
    (ReportStatus.REGISTERED, pgettext_lazy("report step", "Registered")),
    (ReportStatus.ACCEPTED, pgettext_lazy("report step", "Accepted")),
    ("verify", pgettext_lazy("report step", "Verification")),
    (ReportStatus.CONCLUDED, pgettext_lazy("report step", "Conclusion")),
    (ReportStatus.HANDLED, pgettext_lazy("report step", "Handling")),
    (ReportStatus.FED_BACK, pgettext_lazy("report step", "Feedback")),
    (ReportStatus.CLOSED, pgettext_lazy("report step", "Closed")),
]
# How far along the lifecycle each status is (index of the last finished step).
PROGRESS = {
    ReportStatus.REGISTERED: 0,
    ReportStatus.ACCEPTED: 1,
    ReportStatus.CONCLUDED: 3,
    ReportStatus.HANDLED: 4,
    ReportStatus.FED_BACK: 5,
    ReportStatus.CLOSED: 6,
}


def _handler_only(request) -> None:
    if not access.handles_reports(request.user):
        raise PermissionDenied


def _visible_report(request, pk) -> Report:
    require_reader(request)
    try:
        return selectors.report_for(user=request.user, pk=pk)
    except Report.DoesNotExist:
        raise Http404 from None
