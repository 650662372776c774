"""Writes of reports (举报): intake, the lifecycle, actions on nominations, extensions.

登记 → 受理 → 核查 → 结论 → 处置 → 反馈 → 办结. Every step checks the current
status and says in Chinese what is wrong and how to go on; a refused step
writes nothing. Only the discipline role handles reports; the leading group
decides extensions (see ``discipline.access``).
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from core.uploads import validate_upload

from .. import access, deadlines
from ..choices import (
    SUBSTANTIATED,
    ActionKind,
    Conclusion,
    ExtensionStatus,
    ReportStatus,
)
from ..models import (
    Report,
    ReportAction,
    ReportAttachment,
    ReportExtension,
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


@transaction.atomic
def report_accept(
    *, report: Report, by, accepted_on: datetime.date | None = None
) -> Report:
    """Accept (受理) a report and start its verification with a working-day deadline."""
    _check_handler(by)
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_status(report, ReportStatus.REGISTERED, gettext("accept"))
    accepted_on = accepted_on or timezone.localdate()
    _check_day(accepted_on, not_before=report.received_on)
    days = deadlines.report_verify_days(report.township_id)
    report.status = ReportStatus.ACCEPTED
    report.accepted_on = accepted_on
    report.accepted_by = by
    report.verify_days = days
    report.verify_due = deadlines.add_working_days(accepted_on, days)
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_conclude(
    *,
    report: Report,
    by,
    conclusion: str,
    findings: str,
    concluded_on: datetime.date | None = None,
) -> Report:
    """Record the conclusion (属实/部分属实/不属实) and the findings of the verification."""
    _check_handler(by)
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_status(report, ReportStatus.ACCEPTED, gettext("conclude"))
    findings = (findings or "").strip()
    if not findings:
        raise ValidationError({"findings": FINDINGS_REQUIRED})
    concluded_on = concluded_on or timezone.localdate()
    _check_day(concluded_on, not_before=report.received_on)
    try:
        _check_no_reporter(findings, gettext("findings"), _source_or_none(report))
    except ValidationError as exc:
        raise ValidationError({"findings": exc.messages}) from None
    report.status = ReportStatus.CONCLUDED
    report.conclusion = Conclusion(conclusion)
    report.findings = findings
    report.concluded_on = concluded_on
    report.concluded_by = by
    report.full_clean()
    report.save()
    # A request to extend a verification that is over has nothing left to decide.
    for extension in report.extensions.filter(status=ExtensionStatus.PENDING):
        extension.status = ExtensionStatus.WITHDRAWN
        extension.decision_note = gettext("Withdrawn: the verification was concluded.")
        extension.save()
    return report


def _nominations_of(report: Report):
    try:
        from candidates.models import Nomination
    except ImportError:
        return None
    return Nomination.objects.filter(
        person_id=report.person_id, village_id=report.village_id
    )


@transaction.atomic
def report_action_add(
    *,
    report: Report,
    by,
    kind: str,
    description: str,
    taken_on: datetime.date | None = None,
    nomination=None,
    referred_to: str = "",
) -> ReportAction:
    """Take an action (处置) on a substantiated report; act on the nomination/result.

    取消资格 calls ``candidates.services.nomination_disqualify`` and 当选无效 calls
    ``candidates.services.election_void``; if they refuse, nothing is written.
    The reason handed to them is the action's description, which is shown in
    vetting: it must not mention the report or the reporter.
    """
    _check_handler(by)
    report = Report.objects.select_for_update().get(pk=report.pk)
    action_label = ActionKind(kind).label
    _require_status(report, ReportStatus.CONCLUDED, gettext("take an action"))
    if report.conclusion not in SUBSTANTIATED:
        raise ValidationError(
            ACTION_NEEDS_SUBSTANTIATED % {"conclusion": report.get_conclusion_display()}
        )
    taken_on = taken_on or timezone.localdate()
    _check_day(taken_on, not_before=report.received_on)
    description = (description or "").strip()
    source = _source_or_none(report)
    try:
        _check_no_reporter(description, gettext("description"), source)
    except ValidationError as exc:
        raise ValidationError({"description": exc.messages}) from None
    action = ReportAction(
        report=report,
        kind=kind,
        description=description,
        taken_on=taken_on,
        taken_by=by,
        referred_to=(referred_to or "").strip(),
    )
    if (
        kind in (ActionKind.DISQUALIFY, ActionKind.VOID_ELECTION)
        and report.person_id is None
    ):
        raise ValidationError(ACTION_NEEDS_PERSON % {"action": action_label})
    if kind == ActionKind.REFER and not action.referred_to:
        raise ValidationError({"referred_to": REFERRAL_NEEDS_TARGET})
    if kind == ActionKind.DISQUALIFY:
        nominations = _nominations_of(report)
        try:
            from candidates.services import nomination_disqualify
        except ImportError:
            nomination_disqualify = None
        if nominations is None or nomination_disqualify is None:
            raise ValidationError(CANDIDATES_MISSING % {"action": action_label})
        if nomination is None:
            raise ValidationError({"nomination": NOMINATION_REQUIRED})
        if not nominations.filter(pk=nomination.pk).exists():
            raise ValidationError(
                {
                    "nomination": NOMINATION_NOT_OF_PERSON
                    % {"person": report.person.name, "village": report.village}
                }
            )
        nomination_disqualify(nomination=nomination, reason=description, by=by)
        action.nomination_id = nomination.pk
        action.effect = gettext("Nomination “%(nomination)s” disqualified.") % {
            "nomination": nomination
        }
    elif kind == ActionKind.VOID_ELECTION:
        try:
            from candidates.services import election_void
        except ImportError:
            raise ValidationError(
                CANDIDATES_MISSING % {"action": action_label}
            ) from None
        election_void(
            person=report.person, village=report.village, reason=description, by=by
        )
        action.effect = gettext(
            "Election of %(person)s in %(village)s declared void."
        ) % {
            "person": report.person.name,
            "village": report.village,
        }
    elif kind == ActionKind.REFER:
        action.effect = gettext("Referred to %(target)s.") % {
            "target": action.referred_to
        }
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def report_mark_handled(
    *,
    report: Report,
    by,
    handling_note: str = "",
    handled_on: datetime.date | None = None,
) -> Report:
    """Finish the handling step (处置): actions taken, or the report was unfounded."""
    _check_handler(by)
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_status(report, ReportStatus.CONCLUDED, gettext("finish handling"))
    handling_note = (handling_note or "").strip()
    if report.conclusion in SUBSTANTIATED and not report.actions.exists():
        raise ValidationError(
            HANDLED_NEEDS_ACTION % {"conclusion": report.get_conclusion_display()}
        )
    if report.conclusion == Conclusion.FALSE and not handling_note:
        raise ValidationError({"handling_note": UNFOUNDED_NEEDS_NOTE})
    handled_on = handled_on or timezone.localdate()
    _check_day(handled_on, not_before=report.received_on)
    try:
        _check_no_reporter(handling_note, gettext("handling"), _source_or_none(report))
    except ValidationError as exc:
        raise ValidationError({"handling_note": exc.messages}) from None
    report.status = ReportStatus.HANDLED
    report.handled_on = handled_on
    report.handling_note = handling_note
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_feedback(
    *,
    report: Report,
    by,
    feedback_note: str,
    reporter_feedback: str = "",
    feedback_on: datetime.date | None = None,
) -> Report:
    """Record the feedback (反馈) to the nominee's Party organisation and to the reporter."""
    _check_handler(by)
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_status(report, ReportStatus.HANDLED, gettext("record feedback"))
    feedback_note = (feedback_note or "").strip()
    reporter_feedback = (reporter_feedback or "").strip()
    if not feedback_note:
        raise ValidationError({"feedback_note": FEEDBACK_NOTE_REQUIRED})
    source = _source_or_none(report)
    if (
        source is not None
        and (not source.anonymous or source.reachable)
        and not reporter_feedback
    ):
        raise ValidationError({"reporter_feedback": FEEDBACK_NEEDS_REPORTER_NOTE})
    try:
        _check_no_reporter(feedback_note, gettext("feedback"), source)
    except ValidationError as exc:
        raise ValidationError({"feedback_note": exc.messages}) from None
    feedback_on = feedback_on or timezone.localdate()
    _check_day(feedback_on, not_before=report.received_on)
    report.status = ReportStatus.FED_BACK
    report.feedback_on = feedback_on
    report.feedback_note = feedback_note
    report.full_clean()
    report.save()
    if source is not None and reporter_feedback:
        source.reporter_feedback = reporter_feedback
        source.save()
    return report


@transaction.atomic
def report_close(
    *, report: Report, by, closed_on: datetime.date | None = None
) -> Report:
    """Close (办结) a report; an open block on its person ends here."""
    _check_handler(by)
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_status(report, ReportStatus.FED_BACK, gettext("close"))
    closed_on = closed_on or timezone.localdate()
    _check_day(closed_on, not_before=report.received_on)
    report.status = ReportStatus.CLOSED
    report.closed_on = closed_on
    report.closed_by = by
    report.full_clean()
    report.save()
    return report


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
