"""Intake of reports (登记): the report, its confidential source and files."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from ... import access
from ...choices import (
    ReportStatus,
)
from ...models import (
    Report,
    ReportAttachment,
    ReportSource,
)
from .common import (
    ANONYMOUS_WITH_NAME,
    NAMED_NEEDS_NAME,
    ONLY_DISCIPLINE,
    PERSON_AND_NAME,
    PERSON_NOT_IN_VILLAGE,
    _check_day,
    _check_handler,
    _check_no_reporter,
    _next_number,
    _save_attachments,
    _source_or_none,
)


@transaction.atomic
def report_register(
    *,
    by,
    village,
    channel: str,
    category: str,
    summary: str,
    received_on: datetime.date,
    original_content: str,
    person=None,
    subject_name: str = "",
    anonymous: bool = True,
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_contact: str = "",
    files=(),
) -> Report:
    """Register (登记) a report and its confidential source; return the report."""
    _check_handler(by)
    from villages.models import Village

    if (
        village.pk in access.recused_village_ids(by)
        or not Village.objects.visible_to(by).filter(pk=village.pk).exists()
    ):
        # Nobody registers a report about a village they guide (回避).
        raise PermissionDenied(ONLY_DISCIPLINE)
    subject_name = (subject_name or "").strip()
    reporter_name = (reporter_name or "").strip()
    if person is not None and subject_name:
        raise ValidationError({"subject_name": PERSON_AND_NAME})
    if person is not None and person.village_id != village.pk:
        raise ValidationError(
            {
                "person": PERSON_NOT_IN_VILLAGE
                % {
                    "person": person.name,
                    "person_village": person.village,
                    "village": village,
                }
            }
        )
    try:
        _check_day(received_on)
    except ValidationError as exc:
        raise ValidationError({"received_on": exc.messages}) from None
    if anonymous and reporter_name:
        raise ValidationError({"reporter_name": ANONYMOUS_WITH_NAME})
    if not anonymous and not reporter_name:
        raise ValidationError({"reporter_name": NAMED_NEEDS_NAME})
    source = ReportSource(
        anonymous=anonymous,
        reporter_name=reporter_name,
        reporter_phone=(reporter_phone or "").strip(),
        reporter_contact=(reporter_contact or "").strip(),
        original_content=original_content,
    )
    try:
        _check_no_reporter(summary, gettext("summary"), source)
    except ValidationError as exc:
        raise ValidationError({"summary": exc.messages}) from None

    for attempt in range(3):
        report = Report(
            township_id=village.township_id,
            number=_next_number(village.township_id, received_on.year),
            village=village,
            person=person,
            subject_name=subject_name,
            channel=channel,
            category=category,
            summary=summary.strip(),
            received_on=received_on,
            registered_by=by,
            status=ReportStatus.REGISTERED,
        )
        report.full_clean()
        try:
            with transaction.atomic():
                report.save()
            break
        except IntegrityError:
            # Two clerks registered at the same moment: take the next number.
            if attempt == 2:
                raise
    source.report = report
    source.full_clean()
    source.save()
    _save_attachments(report, files, by)
    return report


@transaction.atomic
def report_attach(*, report: Report, by, files) -> list[ReportAttachment]:
    """Add files (letter scans, photos) to a report."""
    _check_handler(by)
    return _save_attachments(report, files, by)


@transaction.atomic
def report_update_source(
    *,
    report: Report,
    by,
    anonymous: bool,
    reporter_name: str,
    reporter_phone: str,
    reporter_contact: str,
    original_content: str,
) -> ReportSource:
    """Correct the confidential source of a report (discipline only)."""
    _check_handler(by)
    source = _source_or_none(report) or ReportSource(report=report)
    reporter_name = (reporter_name or "").strip()
    if anonymous and reporter_name:
        raise ValidationError({"reporter_name": ANONYMOUS_WITH_NAME})
    if not anonymous and not reporter_name:
        raise ValidationError({"reporter_name": NAMED_NEEDS_NAME})
    source.anonymous = anonymous
    source.reporter_name = reporter_name
    source.reporter_phone = (reporter_phone or "").strip()
    source.reporter_contact = (reporter_contact or "").strip()
    source.original_content = original_content
    _check_no_reporter(report.summary, gettext("summary"), source)
    source.full_clean()
    source.save()
    return source
