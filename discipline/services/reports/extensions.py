"""Extensions of the verification deadline, decided by the leading group."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from ... import access, deadlines
from ...choices import (
    ExtensionStatus,
    ReportStatus,
)
from ...models import (
    Report,
    ReportExtension,
)
from .common import (
    EXTENSION_DAYS_RANGE,
    EXTENSION_DECIDED,
    EXTENSION_PENDING,
    EXTENSION_REASON_REQUIRED,
    ONLY_LEADER,
    REJECTION_NEEDS_REASON,
    _check_handler,
    _check_no_reporter,
    _require_status,
    _source_or_none,
)


@transaction.atomic
def extension_request(*, report: Report, by, days: int, reason: str) -> ReportExtension:
    """Ask the leading group to extend the verification deadline by working days."""
    from django.conf import settings

    _check_handler(by)
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_status(report, ReportStatus.ACCEPTED, gettext("request an extension"))
    maximum = settings.DISCIPLINE_EXTENSION_MAX_DAYS
    if days is None or not 1 <= int(days) <= maximum:
        raise ValidationError({"days": EXTENSION_DAYS_RANGE % {"max": maximum}})
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError({"reason": EXTENSION_REASON_REQUIRED})
    if report.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise ValidationError(EXTENSION_PENDING)
    try:
        _check_no_reporter(reason, gettext("reason"), _source_or_none(report))
    except ValidationError as exc:
        raise ValidationError({"reason": exc.messages}) from None
    extension = ReportExtension(
        report=report,
        days=int(days),
        reason=reason,
        requested_by=by,
        previous_due=report.verify_due,
    )
    extension.full_clean()
    extension.save()
    return extension


@transaction.atomic
def extension_decide(
    *, extension: ReportExtension, by, approve: bool, note: str = ""
) -> ReportExtension:
    """Approve (the deadline moves by the working days asked) or reject an extension."""
    if not access.decides_extensions(by):
        raise PermissionDenied(ONLY_LEADER)
    extension = ReportExtension.objects.select_for_update().get(pk=extension.pk)
    if extension.status != ExtensionStatus.PENDING:
        raise ValidationError(
            EXTENSION_DECIDED % {"status": extension.get_status_display()}
        )
    report = Report.objects.select_for_update().get(pk=extension.report_id)
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"note": REJECTION_NEEDS_REASON})
    extension.decided_by = by
    extension.decided_at = timezone.now()
    extension.decision_note = note
    if approve:
        _require_status(report, ReportStatus.ACCEPTED, gettext("extend the deadline"))
        extension.status = ExtensionStatus.APPROVED
        extension.new_due = deadlines.add_working_days(
            report.verify_due, extension.days
        )
        report.verify_due = extension.new_due
        report.full_clean()
        report.save()
    else:
        extension.status = ExtensionStatus.REJECTED
    extension.full_clean()
    extension.save()
    return extension
