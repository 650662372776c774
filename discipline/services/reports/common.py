"""Messages and helpers shared by the report services (tests match the messages)."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from core.uploads import validate_upload

from ... import access
from ...choices import (
    ReportStatus,
)
from ...models import (
    Report,
    ReportAttachment,
    ReportSource,
)

# --- messages (tests match these) ------------------------------------------------------

NOT_ALLOWED_STEP = _(
    "This report is “%(status)s”; “%(step)s” is possible only when it is “%(required)s”."
)
PERSON_NOT_IN_VILLAGE = _(
    "%(person)s is on the roster of %(person_village)s, not of %(village)s: choose the "
    "village where the person lives, or leave the person empty and type the name."
)
PERSON_AND_NAME = _("Choose the person from the roster or type a name, not both.")
FUTURE_DATE = _(
    "The date %(date)s is in the future: enter the day it actually happened."
)
BEFORE_RECEIVED = _(
    "The date %(date)s is before the report was received (%(received)s): correct the date."
)
NAMED_NEEDS_NAME = _(
    "A named report needs the reporter's name: type it, or tick “anonymous”."
)
ANONYMOUS_WITH_NAME = _(
    "An anonymous report cannot carry a name: clear the name, or untick “anonymous”."
)
TEXT_REVEALS_REPORTER = _(
    "The %(field)s mentions the reporter (%(what)s). The leading group and the office read "
    "it: remove anything that identifies the reporter."
)
FINDINGS_REQUIRED = _(
    "Write the findings of the verification before recording a conclusion."
)
ACTION_NEEDS_SUBSTANTIATED = _(
    "The report was found “%(conclusion)s”: actions are taken only on substantiated reports."
)
ACTION_NEEDS_PERSON = _(
    "“%(action)s” acts on a person, but this report names no roster person. Record a "
    "referral or criticism instead, or correct the person concerned first."
)
NOMINATION_REQUIRED = _(
    "Choose the nomination to disqualify (the person's nominations in this village are listed)."
)
NOMINATION_NOT_OF_PERSON = _(
    "The nomination chosen is not %(person)s's nomination in %(village)s: choose one of theirs."
)
REFERRAL_NEEDS_TARGET = _(
    "Say to whom the case is referred, e.g. 县纪委监委 or 派出所."
)
CANDIDATES_MISSING = _(
    "The candidates module is not available, so “%(action)s” cannot be applied. Ask the "
    "office to set up nominations first."
)
HANDLED_NEEDS_ACTION = _(
    "The report was found “%(conclusion)s”: record at least one action (取消资格, 当选无效, "
    "批评教育 or 移送) before marking it handled."
)
UNFOUNDED_NEEDS_NOTE = _(
    "The report was unsubstantiated: write how it was handled (e.g. 向被举报人所在党组织说明、予以澄清)."
)
FEEDBACK_NEEDS_REPORTER_NOTE = _(
    "The reporter left a name or contact: record when and how they were told the result."
)
FEEDBACK_NOTE_REQUIRED = _("Write the feedback given (to whom, when).")
EXTENSION_DAYS_RANGE = _(
    "An extension adds between 1 and %(max)s working days: enter a number in that range."
)
EXTENSION_REASON_REQUIRED = _(
    "Give the reason for the extension (at least 10 characters): the leader decides on it."
)
EXTENSION_PENDING = _(
    "An extension request is already waiting for the leader's decision: wait for it."
)
EXTENSION_DECIDED = _("This extension request was already decided (%(status)s).")
REJECTION_NEEDS_REASON = _("Give the reason for rejecting the extension.")
ONLY_DISCIPLINE = _("Only the discipline inspection staff handle reports.")
ONLY_LEADER = _("Only a member of the leading group approves or rejects extensions.")

NUMBER_PREFIX = "JB"


def _check_handler(by) -> None:
    if not access.handles_reports(by):
        raise PermissionDenied(ONLY_DISCIPLINE)


def _require_status(report: Report, required: str, step) -> None:
    if report.status != required:
        raise ValidationError(
            NOT_ALLOWED_STEP
            % {
                "status": report.get_status_display(),
                "step": step,
                "required": ReportStatus(required).label,
            },
            code="status",
        )


def _check_day(day: datetime.date, *, not_before: datetime.date | None = None) -> None:
    today = timezone.localdate()
    if day > today:
        raise ValidationError(FUTURE_DATE % {"date": day.isoformat()}, code="future")
    if not_before is not None and day < not_before:
        raise ValidationError(
            BEFORE_RECEIVED
            % {"date": day.isoformat(), "received": not_before.isoformat()},
            code="before",
        )


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def _check_no_reporter(text: str, field_label, source: ReportSource | None) -> None:
    """Refuse a text meant for non-discipline readers that names the reporter."""
    if source is None or not text:
        return
    name = (source.reporter_name or "").strip()
    if len(name) >= 2 and name in text:
        raise ValidationError(
            TEXT_REVEALS_REPORTER
            % {"field": field_label, "what": pgettext("reporter", "name")},
            code="reveals",
        )
    phone = _digits(source.reporter_phone)
    if len(phone) >= 7 and phone in _digits(text):
        raise ValidationError(
            TEXT_REVEALS_REPORTER
            % {"field": field_label, "what": pgettext("reporter", "phone")},
            code="reveals",
        )


def _source_or_none(report: Report) -> ReportSource | None:
    try:
        return report.source
    except ReportSource.DoesNotExist:
        return None


def _next_number(township_id: int, year: int) -> str:
    prefix = f"{NUMBER_PREFIX}{year}-"
    numbers = Report.objects.filter(
        township_id=township_id, number__startswith=prefix
    ).values_list("number", flat=True)
    highest = 0
    for number in numbers:
        tail = number[len(prefix) :]
        if tail.isdigit():
            highest = max(highest, int(tail))
    return f"{prefix}{highest + 1:03d}"


def _save_attachments(report: Report, files, by) -> list[ReportAttachment]:
    saved = []
    for uploaded in files or ():
        validate_upload(uploaded)
        attachment = ReportAttachment(
            report=report,
            file=uploaded,
            original_name=uploaded.name[:200],
            uploaded_by=by,
        )
        attachment.full_clean()
        attachment.save()
        saved.append(attachment)
    return saved
