"""Joint review (联审): criteria copies, sending, findings, sign-off, decisions, reopening."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import Role
from core.scope import get_scope
from core.uploads import validate_upload

from ...choices import (
    DecisionKind,
    FindingResult,
    ProposalStatus,
    ReviewItemStatus,
    Severity,
)
from ...models import (
    Criterion,
    FormalList,
    Nomination,
    ReviewBatch,
    ReviewDecision,
    ReviewFinding,
    ReviewItem,
    RoundCriterion,
)
from ...vetting_rules import (
    FINAL_STATUSES,
    REVIEWED_STATUSES,
    OutcomeState,
    fmt_date,
    person_fingerprint,
    person_review_data,
    reopen_reason,
)
from .common import (
    S,
    _add_working_days,
    _close_proposal,
    _notify,
    _require_role,
    _review_days,
    _set_status,
)
from .messages import (
    BAD_RESULT,
    CONCLUSION_REQUIRED,
    CRITERION_NOT_DEPARTMENT,
    DECISION_REASON_REQUIRED,
    ISSUE_NEEDS_FINDING,
    ITEM_SIGNED,
    NO_CRITERIA,
    NO_DEPARTMENT,
    NO_WARN_FINDINGS,
    NOMINATION_CLOSED,
    NOT_CLEAR,
    NOT_LEADER,
    NOT_REVIEWER,
    NOT_SENDABLE,
    NOTHING_SELECTED,
    NOTHING_TO_SEND,
    ONE_ROUND_AT_A_TIME,
    PRECHECK_FAILED,
    UNANSWERED,
)
from .nominations import nomination_disqualify

# --- joint review --------------------------------------------------------------------------------


@transaction.atomic
def round_criteria_snapshot(*, round) -> list[RoundCriterion]:
    """Copy the active criteria into the round, once; return the round's criteria.

    Later edits of the catalogue do not touch these copies, so a round's
    reviews keep the wording and department split they were made under.
    """
    existing = list(RoundCriterion.objects.filter(round=round).order_by("number"))
    if existing:
        return existing
    criteria = list(
        Criterion.objects.filter(active=True)
        .prefetch_related("departments")
        .order_by("number")
    )
    if not criteria:
        raise ValidationError(NO_CRITERIA, code="no_criteria")
    copies = []
    any_department = False
    for criterion in criteria:
        copy = RoundCriterion.objects.create(
            round=round,
            source=criterion,
            number=criterion.number,
            title=criterion.title,
            text=criterion.text,
            severity=criterion.severity,
            window_kind=criterion.window_kind,
            window_years=criterion.window_years,
            legal_basis=criterion.legal_basis,
        )
        departments = [d for d in criterion.departments.all() if d.active]
        copy.departments.set(departments)
        any_department = any_department or bool(departments)
        copies.append(copy)
    if not any_department:
        raise ValidationError(NO_DEPARTMENT, code="no_department")
    return copies


def review_send(
    *, nominations, by, sent_on: date | None = None, note: str = ""
) -> ReviewBatch:
    """Send nominees to the joint review: one item per candidate × department, with a deadline.

    Preliminary nominees move to 联审中. A nominee already in review gets the
    items of departments it is missing (e.g. a department added to the round).
    Nominees failing a pre-check are refused.
    """
    from ...selectors.vetting import prechecks_for, required_departments

    ids = [n.pk for n in nominations]
    if not ids:
        raise ValidationError(NOTHING_SELECTED, code="nothing_selected")
    with transaction.atomic():
        rows = list(
            Nomination.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .select_related("person__village", "village__township", "round__rule_set")
            .order_by("village__code", "pk")
        )
        if len({(n.round_id, n.village.township_id) for n in rows}) != 1:
            raise ValidationError(ONE_ROUND_AT_A_TIME, code="mixed")
        round = rows[0].round
        for n in rows:
            if n.status not in (S.PRELIMINARY, S.IN_REVIEW):
                raise ValidationError(
                    NOT_SENDABLE
                    % {"name": n.person.name, "status": n.get_status_display()},
                    code="not_sendable",
                )
        checks = prechecks_for([n for n in rows if n.status == S.PRELIMINARY])
        for n in rows:
            failed = [c.message for c in checks.get(n.pk, []) if c.level == "fail"]
            if failed:
                raise ValidationError(
                    PRECHECK_FAILED
                    % {"name": n.person.name, "problems": "；".join(failed)},
                    code="precheck_failed",
                )
        round_criteria_snapshot(round=round)
        departments = required_departments(round)
        sent_on = sent_on or timezone.localdate()
        due = _add_working_days(sent_on, _review_days(round))
        batch = ReviewBatch(
            round=round,
            township=rows[0].village.township,
            sent_on=sent_on,
            due_date=due,
            sent_by=by,
            note=note,
        )
        batch._history_user = by
        batch.full_clean()
        batch.save()
        present = {}
        for item in ReviewItem.objects.filter(nomination__in=rows).values(
            "nomination_id", "department_id"
        ):
            present.setdefault(item["nomination_id"], set()).add(item["department_id"])
        created = 0
        for n in rows:
            for department in departments:
                if department.pk in present.get(n.pk, set()):
                    continue
                item = ReviewItem(
                    nomination=n, department=department, batch=batch, due_date=due
                )
                item._history_user = by
                item.save()
                created += 1
            if n.status == S.PRELIMINARY:
                _set_status(
                    n,
                    S.IN_REVIEW,
                    by=by,
                    reason=_("Sent to joint review on %(date)s")
                    % {"date": fmt_date(sent_on)},
                )
        if not created:
            raise ValidationError(NOTHING_TO_SEND, code="nothing_to_send")
        for department in departments:
            for reviewer in department.reviewers.all():
                _notify(
                    recipient=reviewer,
                    kind="candidates.review_sent",
                    subject=batch,
                    title=_("New candidates for joint review: answer by %(due)s")
                    % {"due": fmt_date(due)},
                    body=_("%(department)s: %(count)s candidate(s) of %(township)s.")
                    % {
                        "department": department,
                        "count": len(rows),
                        "township": batch.township,
                    },
                    url=_inbox_url(),
                )
        return batch


def _inbox_url() -> str:
    from django.urls import reverse

    return reverse("candidates:review_inbox")


def _check_reviewer(item: ReviewItem, user) -> None:
    scope = get_scope(user)
    if scope.is_superuser:
        return
    if (
        not scope.has(Role.REVIEWER)
        or not item.department.reviewers.filter(pk=user.pk).exists()
    ):
        raise PermissionDenied(NOT_REVIEWER % {"department": item.department})


def _check_open(item: ReviewItem) -> None:
    nomination = item.nomination
    if nomination.status in FINAL_STATUSES:
        raise ValidationError(
            NOMINATION_CLOSED
            % {
                "name": nomination.person.name,
                "status": nomination.get_status_display(),
            },
            code="nomination_closed",
        )


def _lock_item(item: ReviewItem) -> ReviewItem:
    return (
        ReviewItem.objects.select_for_update(of=("self",))
        .select_related(
            "nomination__person__village", "nomination__round", "department"
        )
        .get(pk=item.pk)
    )


def _reopen(item: ReviewItem, *, reason: str, by) -> None:
    item.status = ReviewItemStatus.PENDING
    item.reopened_reason = reason
    item.reopened_at = timezone.now()
    today = timezone.localdate()
    item.due_date = max(
        item.due_date, _add_working_days(today, _review_days(item.nomination.round))
    )
    item._history_user = by
    item._change_reason = _("Reopened: personal data changed")[:100]
    item.save()


def _ensure_current(item: ReviewItem, *, by) -> None:
    """Reopen a signed item whose reviewed data changed; refuse to edit a current sign-off."""
    if item.status != ReviewItemStatus.SIGNED:
        return
    person = item.nomination.person
    if item.fingerprint != person_fingerprint(person):
        _reopen(item, reason=reopen_reason(item, person), by=by)
        return
    raise ValidationError(
        ITEM_SIGNED
        % {
            "department": item.department,
            "date": fmt_date(timezone.localtime(item.signed_at).date()),
        },
        code="item_signed",
    )


@transaction.atomic
def review_finding_record(
    *,
    item: ReviewItem,
    criterion: RoundCriterion,
    result: str,
    finding: str = "",
    evidence=None,
    by,
) -> ReviewFinding:
    """Record a department's answer for one criterion: 无问题, or 有问题 with finding and evidence."""
    item = _lock_item(item)
    _check_reviewer(item, by)
    _check_open(item)
    _ensure_current(item, by=by)
    if (
        criterion.round_id != item.nomination.round_id
        or not criterion.departments.filter(pk=item.department_id).exists()
    ):
        raise ValidationError(
            CRITERION_NOT_DEPARTMENT
            % {"number": criterion.number, "department": item.department},
            code="criterion_not_department",
        )
    if result not in FindingResult.values:
        raise ValidationError({"result": BAD_RESULT}, code="bad_result")
    finding = (finding or "").strip()
    if result == FindingResult.ISSUE and not finding:
        raise ValidationError(
            {"finding": ISSUE_NEEDS_FINDING % {"number": criterion.number}},
            code="finding_required",
        )
    if evidence:
        try:
            validate_upload(evidence)
        except ValidationError as exc:
            raise ValidationError({"evidence": exc.messages}, code="evidence") from exc
    row = ReviewFinding.objects.filter(
        item=item, criterion=criterion
    ).first() or ReviewFinding(item=item, criterion=criterion)
    row.result = result
    row.finding = finding
    row.recorded_by = by
    if evidence:
        row.evidence = evidence
    row._history_user = by
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def review_mark_rest_clear(*, item: ReviewItem, by) -> int:
    """Answer every criterion not yet answered with 无问题; return how many were answered."""
    from ...selectors.vetting import department_criteria

    item = _lock_item(item)
    _check_reviewer(item, by)
    _check_open(item)
    _ensure_current(item, by=by)
    answered = set(item.findings.values_list("criterion_id", flat=True))
    count = 0
    for criterion in department_criteria(item):
        if criterion.pk in answered:
            continue
        row = ReviewFinding(
            item=item, criterion=criterion, result=FindingResult.CLEAR, recorded_by=by
        )
        row._history_user = by
        row.full_clean()
        row.save()
        count += 1
    return count


@transaction.atomic
def review_item_sign(*, item: ReviewItem, conclusion: str, by) -> ReviewItem:
    """Sign a department's review off with its written conclusion.

    Stores the fingerprint of the personal data reviewed. A confirmed finding
    on a ``block`` (不得) criterion disqualifies the candidate at once, with the
    finding as the reason.
    """
    from ...selectors.vetting import department_criteria

    item = _lock_item(item)
    _check_reviewer(item, by)
    _check_open(item)
    _ensure_current(item, by=by)
    findings = {f.criterion_id: f for f in item.findings.select_related("criterion")}
    missing = [c for c in department_criteria(item) if c.pk not in findings]
    if missing:
        raise ValidationError(
            UNANSWERED
            % {
                "list": "、".join(
                    _("item %(number)s") % {"number": c.number} for c in missing
                )
            },
            code="unanswered",
        )
    conclusion = (conclusion or "").strip()
    if not conclusion:
        raise ValidationError(
            {"conclusion": CONCLUSION_REQUIRED}, code="conclusion_required"
        )
    person = item.nomination.person
    data = person_review_data(person)
    item.status = ReviewItemStatus.SIGNED
    item.conclusion = conclusion
    item.signed_by = by
    item.signed_at = timezone.now()
    item.reviewed_data = data
    item.fingerprint = person_fingerprint(person)
    item.reopened_reason = ""
    item.reopened_at = None
    item._history_user = by
    item._change_reason = _("Signed off")
    item.full_clean()
    item.save()
    blocking = blocking_findings(item, findings=findings.values())
    if blocking:
        reason = "；".join(
            _("Joint review, %(department)s, item %(number)s (%(title)s): %(finding)s")
            % {
                "department": item.department,
                "number": f.criterion.number,
                "title": f.criterion.title,
                "finding": f.finding,
            }
            for f in blocking
        )
        nomination = nomination_disqualify(
            nomination=item.nomination, reason=reason, by=by
        )
        _notify_disqualified(nomination=nomination, item=item, reason=reason)
    return item


def blocking_findings(item: ReviewItem, *, findings=None) -> list[ReviewFinding]:
    """Return the findings that would disqualify the candidate when the item is signed.

    A problem (有问题) on a “must not” (不得) criterion disqualifies at once,
    unless the nomination is already closed. The sign-off page asks the
    reviewer to confirm before signing such an item.
    """
    if item.nomination.status in FINAL_STATUSES:
        return []
    if findings is None:
        findings = item.findings.select_related("criterion")
    return sorted(
        (
            f
            for f in findings
            if f.result == FindingResult.ISSUE
            and f.criterion.severity == Severity.BLOCK
        ),
        key=lambda f: f.criterion.number,
    )


def disqualification_recipients(nomination: Nomination):
    """Return the active office and leading-group users of the nominee's township."""
    from core.models import User

    return (
        User.objects.filter(
            is_active=True,
            township_id=nomination.village.township_id,
            groups__name__in=[Role.OFFICE, Role.LEADER],
        )
        .distinct()
        .order_by("pk")
    )


def _notify_disqualified(*, nomination: Nomination, item: ReviewItem, reason: str):
    """Tell the office and the leading group, in their inbox, who was disqualified."""
    title = _("Disqualified by joint review: %(name)s (%(village)s)") % {
        "name": nomination.person.name,
        "village": nomination.village.name,
    }
    body = _("%(department)s signed off: %(reason)s") % {
        "department": item.department,
        "reason": reason,
    }
    for recipient in disqualification_recipients(nomination):
        _notify(
            recipient=recipient,
            kind="candidates.disqualified_by_review",
            subject=nomination,
            title=title,
            body=body,
            url=nomination.get_absolute_url(),
        )


@transaction.atomic
def review_decide(
    *, nomination: Nomination, decision: str, reason: str, by
) -> ReviewDecision:
    """Record a leader's written decision on a candidate's 不宜 findings.

    ``proceed`` lets the review count as clear once every department signed;
    ``disqualify`` disqualifies the candidate with the reason.
    """
    from ...selectors.vetting import nomination_outcome

    _require_role(by, Role.LEADER, message=str(NOT_LEADER))
    nomination = (
        Nomination.objects.select_for_update()
        .select_related("person")
        .get(pk=nomination.pk)
    )
    if nomination.status in FINAL_STATUSES:
        raise ValidationError(
            NOMINATION_CLOSED
            % {
                "name": nomination.person.name,
                "status": nomination.get_status_display(),
            },
            code="nomination_closed",
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": DECISION_REASON_REQUIRED}, code="reason_required"
        )
    if decision not in DecisionKind.values:
        raise ValidationError({"decision": BAD_RESULT}, code="bad_decision")
    outcome = nomination_outcome(nomination)
    if not outcome.warn_findings:
        raise ValidationError(
            NO_WARN_FINDINGS % {"name": nomination.person.name}, code="no_warn_findings"
        )
    row = ReviewDecision(
        nomination=nomination,
        decision=decision,
        reason=reason,
        findings_key=outcome.findings_key,
        decided_by=by,
    )
    row._history_user = by
    row.full_clean()
    row.save()
    if decision == DecisionKind.DISQUALIFY:
        nomination_disqualify(
            nomination=nomination,
            reason=_("Leading group decision on not-advisable findings: %(reason)s")
            % {"reason": reason},
            by=by,
        )
    return row


@transaction.atomic
def review_sync_person(*, person, by=None) -> list[ReviewItem]:
    """Reopen every sign-off whose reviewed data no longer matches the person; say why.

    Items go back to pending with the changed fields as the reason and a new
    deadline; a nomination past the review (考察, 公示, 正式候选人) returns to
    联审中; open formal-list proposals with it go stale. Returns the items reopened.
    """
    current = person_fingerprint(person)
    items = list(
        ReviewItem.objects.select_for_update(of=("self",))
        .filter(
            nomination__person=person,
            status=ReviewItemStatus.SIGNED,
            nomination__status__in=REVIEWED_STATUSES,
        )
        .exclude(fingerprint=current)
        .select_related(
            "nomination__person__village", "nomination__round", "department"
        )
    )
    touched = {}
    for item in items:
        reason = reopen_reason(item, person)
        _reopen(item, reason=reason, by=by)
        touched[item.nomination_id] = (item.nomination, reason)
        for reviewer in item.department.reviewers.all():
            _notify(
                recipient=reviewer,
                kind="candidates.review_reopened",
                subject=item,
                title=_("Joint review reopened: %(name)s") % {"name": person.name},
                body=reason,
                url=item.get_absolute_url(),
            )
    for nomination, reason in touched.values():
        if nomination.status in (S.INSPECTION, S.PUBLIC_NOTICE, S.FORMAL):
            _set_status(
                nomination,
                S.IN_REVIEW,
                by=by,
                reason=_("Review reopened: personal data changed"),
            )
        for proposal in FormalList.objects.filter(
            nominations=nomination, status=ProposalStatus.PROPOSED
        ):
            _close_proposal(proposal, status=ProposalStatus.STALE, reason=reason, by=by)
    return items


def review_sync_stale(*, township=None, by=None) -> int:
    """Reopen stale sign-offs of every candidate (of a township); return how many were reopened."""
    queryset = ReviewItem.objects.filter(
        status=ReviewItemStatus.SIGNED, nomination__status__in=REVIEWED_STATUSES
    ).select_related("nomination__person__village")
    if township is not None:
        queryset = queryset.filter(nomination__village__township=township)
    people = {}
    for item in queryset:
        person = item.nomination.person
        if item.fingerprint != person_fingerprint(person):
            people[person.pk] = person
    return sum(
        len(review_sync_person(person=person, by=by)) for person in people.values()
    )


def nomination_start_inspection(*, nomination: Nomination, by) -> Nomination:
    """Move a nominee whose joint review is clear to 考察 (inspection by the township).

    The step that follows the joint review, so it lives with it: the review acts
    on nominations (``nomination_disqualify``), never the other way round.
    """
    from ...selectors.vetting import nomination_outcome

    review_sync_person(person=nomination.person, by=by)
    with transaction.atomic():
        nomination = (
            Nomination.objects.select_for_update()
            .select_related("person")
            .get(pk=nomination.pk)
        )
        if nomination.status == S.IN_REVIEW:
            outcome = nomination_outcome(nomination)
            if outcome.state != OutcomeState.CLEAR:
                raise ValidationError(
                    NOT_CLEAR
                    % {
                        "name": nomination.person.name,
                        "explanation": outcome.explanation(),
                    },
                    code="review_not_clear",
                )
        return _set_status(
            nomination,
            S.INSPECTION,
            by=by,
            reason=_("Joint review clear; inspection begins"),
        )
