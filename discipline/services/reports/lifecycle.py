"""The report lifecycle: 受理 → 核查 → 结论 → 处置 → 反馈 → 办结."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from ... import deadlines
from ...choices import (
    SUBSTANTIATED,
    ActionKind,
    Conclusion,
    ExtensionStatus,
    ReportStatus,
)
from ...models import (
    Report,
    ReportAction,
)
from .common import (
    ACTION_NEEDS_PERSON,
    ACTION_NEEDS_SUBSTANTIATED,
    CANDIDATES_MISSING,
    FEEDBACK_NEEDS_REPORTER_NOTE,
    FEEDBACK_NOTE_REQUIRED,
    FINDINGS_REQUIRED,
    HANDLED_NEEDS_ACTION,
    NOMINATION_NOT_OF_PERSON,
    NOMINATION_REQUIRED,
    REFERRAL_NEEDS_TARGET,
    UNFOUNDED_NEEDS_NOTE,
    _check_day,
    _check_handler,
    _check_no_reporter,
    _require_status,
    _source_or_none,
)


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
    ``elections.services.election_void``; if they refuse, nothing is written.
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
            from elections.services import election_void
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
