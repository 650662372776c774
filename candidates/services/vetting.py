"""Writes of candidate vetting: nominations, joint review (联审), 公示, the formal list.

Every status change goes through :func:`_set_status`, which refuses what the
status machine (``candidates.vetting_rules.TRANSITIONS``) does not allow and
records who and why in the nomination's history.

Reopening on data change: a sign-off stores a fingerprint of the personal data
it reviewed. Pages compare it with the person's data as it is now, so a change
made anywhere (roster pages, import, admin) shows at once as “reopened”.
:func:`review_sync_person` makes it permanent — the item returns to pending with
the reason, the nomination returns to 联审中 — and runs before every guarded
transition here; services that change a Person may call it too.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.roles import Role
from core.scope import get_scope
from core.uploads import validate_upload

from ..choices import (
    POSTS_BY_BODY,
    Body,
    DecisionKind,
    FindingResult,
    NominationStatus,
    ObjectionStatus,
    ProposalStatus,
    ReviewItemStatus,
    Severity,
)
from ..models import (
    Criterion,
    FormalList,
    Nomination,
    Objection,
    PublicNotice,
    ReviewBatch,
    ReviewDecision,
    ReviewFinding,
    ReviewItem,
    RoundCriterion,
)
from ..vetting_rules import (
    FINAL_STATUSES,
    ILLEGAL_TRANSITION,
    REVIEWED_STATUSES,
    OutcomeState,
    fmt_date,
    is_legal,
    person_fingerprint,
    person_review_data,
    reopen_reason,
    transition_hint,
)

__all__ = [
    "formal_list_check",
    "formal_list_confirm",
    "formal_list_propose",
    "formal_list_withdraw",
    "nomination_create",
    "nomination_disqualify",
    "nomination_record_result",
    "nomination_start_inspection",
    "notice_publish",
    "objection_record",
    "objection_resolve",
    "review_decide",
    "review_finding_record",
    "review_item_sign",
    "review_mark_rest_clear",
    "review_send",
    "review_sync_person",
    "review_sync_stale",
    "round_criteria_snapshot",
]

S = NominationStatus

# --- messages (matched by the tests) ------------------------------------------------------

NO_ROUND = gettext_lazy(
    "%(township)s has no election round yet: the organisation office creates the round first."
)
POST_NOT_IN_BODY = gettext_lazy(
    "“%(post)s” is not a post of the %(body)s: choose one of %(posts)s."
)
PERSON_OTHER_TOWNSHIP = gettext_lazy(
    "%(name)s is on the roster of another township: nominate people from this township's roster."
)
ALREADY_NOMINATED = gettext_lazy(
    "%(name)s is already nominated for the %(body)s in this round (status “%(status)s”): a "
    "person is nominated once per committee."
)
NOTHING_SELECTED = gettext_lazy(
    "Select at least one preliminary nominee to send to the joint review."
)
ONE_ROUND_AT_A_TIME = gettext_lazy(
    "Send the nominees of one township and one round at a time."
)
NOT_SENDABLE = gettext_lazy(
    "%(name)s is “%(status)s”: only preliminary nominees (or nominees in review with a "
    "department missing) are sent to the joint review."
)
NOTHING_TO_SEND = gettext_lazy(
    "Every selected nominee already has a review item for every department: nothing was sent."
)
PRECHECK_FAILED = gettext_lazy(
    "%(name)s fails the pre-check (%(problems)s): correct the roster data, or disqualify the "
    "nominee, before sending."
)
NO_CRITERIA = gettext_lazy(
    "No disqualification criterion is in use: run “python manage.py load_defaults” or add the "
    "criteria in the admin."
)
NO_DEPARTMENT = gettext_lazy(
    "No active department checks any criterion: assign departments to the criteria in the admin."
)
NO_REVIEW_DAYS = gettext_lazy(
    "The round's rule set has no time limit for the joint review (review_days): add it to the "
    "rule set in the admin."
)
NOT_REVIEWER = gettext_lazy("You are not a reviewer of %(department)s.")
ITEM_SIGNED = gettext_lazy(
    "%(department)s signed this review on %(date)s; a signed review can no longer be changed."
)
CRITERION_NOT_DEPARTMENT = gettext_lazy(
    "Item %(number)s is not among the criteria %(department)s checks in this round."
)
BAD_RESULT = gettext_lazy("Choose “no problem” or “problem found”.")
ISSUE_NEEDS_FINDING = gettext_lazy(
    "Describe the problem found for item %(number)s (what, when, which decision or judgement)."
)
UNANSWERED = gettext_lazy(
    "Answer every criterion before signing off: %(list)s still open."
)
CONCLUSION_REQUIRED = gettext_lazy(
    "Write the department's conclusion before signing off, e.g. “经查，未发现该同志存在所列情形”."
)
NOMINATION_CLOSED = gettext_lazy(
    "The nomination of %(name)s is closed (“%(status)s”): nothing more is recorded for it."
)
REASON_REQUIRED = gettext_lazy(
    "Give the reason for the disqualification: it is shown on the nomination and in the ledger."
)
NOT_CLEAR = gettext_lazy(
    "The joint review of %(name)s is not clear yet: %(explanation)s"
)
NOT_LEADER = gettext_lazy("Only a member of the leading group may decide.")
NO_WARN_FINDINGS = gettext_lazy(
    "There is no not-advisable (不宜) finding on %(name)s to decide on."
)
DECISION_REASON_REQUIRED = gettext_lazy(
    "Write the reason for the decision: it is kept with the joint review."
)
NOTICE_EMPTY = gettext_lazy(
    "Select at least one nominee under inspection for the notice."
)
NOTICE_NOT_INSPECTION = gettext_lazy(
    "%(name)s is “%(status)s”: only nominees under inspection go on a public notice."
)
NOTICE_WRONG_GROUP = gettext_lazy(
    "%(name)s is nominated in %(village)s for the %(body)s: a notice covers one village and one "
    "committee."
)
NOTICE_TOO_SHORT = gettext_lazy(
    "The notice must be displayed for at least %(days)s working days: choose %(end)s or later "
    "as the last day."
)
OBJECTION_NOT_ON_NOTICE = gettext_lazy("%(name)s is not on this notice.")
OBJECTION_BEFORE_NOTICE = gettext_lazy(
    "The objection is dated before the notice went up (%(start)s): check the date."
)
OBJECTION_CONTENT_REQUIRED = gettext_lazy("Write what the objection says.")
OBJECTION_RESOLVED = gettext_lazy("This objection is already resolved.")
RESOLUTION_REQUIRED = gettext_lazy(
    "Write how the objection was verified and what was decided."
)
BAD_RESOLUTION = gettext_lazy("Choose “dismissed after verification” or “upheld”.")
NOT_OFFICE = gettext_lazy("Only the organisation office proposes the formal list.")
LIST_EMPTY = gettext_lazy(
    "No nominee of %(village)s for the %(body)s is on public notice: publish the notice first."
)
LIST_PROBLEMS = gettext_lazy("The formal list cannot go ahead yet: %(problems)s")
PROBLEM_NOTICE_RUNNING = gettext_lazy("%(name)s: the notice is displayed until %(end)s")
PROBLEM_OBJECTIONS = gettext_lazy("%(name)s: %(count)s objection(s) not resolved")
PROBLEM_REPORT = gettext_lazy(
    "%(name)s: an open report (拉票贿选 or 资格问题) must be closed first"
)
PROBLEM_REVIEW = gettext_lazy("%(name)s: %(explanation)s")
FLAG_COMMITMENT = gettext_lazy("%(name)s has no signed commitment letter (承诺书)")
LIST_NOT_PROPOSED = gettext_lazy(
    "This list is “%(status)s”: only a proposed list can be confirmed or withdrawn."
)
SAME_PERSON = gettext_lazy(
    "You proposed this list, so you cannot confirm it: another leader must confirm it "
    "(maker-checker)."
)
LIST_STALE = gettext_lazy(
    "The list changed after it was proposed (%(why)s), so it is stale: the office must propose "
    "it again."
)
STALE_CHANGED = gettext_lazy("a candidate's data, post or status changed")
STALE_SUPERSEDED = gettext_lazy("superseded by a new proposal")

# --- helpers ---------------------------------------------------------------------------------


def _require_role(user, *roles, message=None):
    if not get_scope(user).has(*roles):
        raise PermissionDenied(message or "")


def _notify(
    *, recipient, kind: str, subject, title: str, body: str = "", url: str = ""
) -> None:
    """Write an in-app notification after commit (no-op until the notifications app exists)."""
    try:
        from notifications.services import notify
    except ImportError:  # pragma: no cover - the app is part of the project
        return
    day = timezone.localdate()
    transaction.on_commit(
        lambda: notify(
            recipient=recipient,
            kind=kind,
            subject=subject,
            day=day,
            title=title,
            body=body,
            url=url,
        )
    )


def _set_status(nomination: Nomination, target: str, *, by, reason: str) -> Nomination:
    """Move a nomination to ``target`` if the status machine allows it; keep who and why."""
    current = nomination.status
    if not is_legal(current, target):
        raise ValidationError(
            ILLEGAL_TRANSITION
            % {
                "name": nomination.person.name,
                "from": NominationStatus(current).label,
                "to": NominationStatus(target).label,
                "hint": transition_hint(current, target),
            },
            code="illegal_transition",
        )
    nomination.status = target
    nomination.status_changed_at = timezone.now()
    nomination._history_user = by
    nomination._change_reason = reason[:100]
    nomination.full_clean()
    nomination.save()
    return nomination


def _review_days(round) -> int:
    try:
        return int(round.rules.get("review_days"))
    except KeyError:
        raise ValidationError(NO_REVIEW_DAYS, code="no_review_days") from None


def _add_working_days(start: date, days: int) -> date:
    from stages.workdays import add_working_days

    return add_working_days(start, days)


# --- nominations ------------------------------------------------------------------------------


@transaction.atomic
def nomination_create(
    *,
    village,
    person,
    body: str,
    post: str,
    route: str,
    by,
    notes: str = "",
    round=None,
) -> Nomination:
    """Nominate a person of the township's roster in a village for a committee and post."""
    from stages.selectors import current_round

    round = round or current_round(village.township_id)
    if round is None:
        raise ValidationError(
            NO_ROUND % {"township": village.township}, code="no_round"
        )
    if body in Body.values and post not in POSTS_BY_BODY[body]:
        raise ValidationError(
            {
                "post": POST_NOT_IN_BODY
                % {
                    "post": _post_label(post),
                    "body": Body(body).label,
                    "posts": "、".join(_post_label(p) for p in POSTS_BY_BODY[body]),
                }
            },
            code="post_not_in_body",
        )
    if person.village.township_id != village.township_id:
        raise ValidationError(
            {"person": PERSON_OTHER_TOWNSHIP % {"name": person.name}},
            code="other_township",
        )
    existing = Nomination.objects.filter(round=round, person=person, body=body).first()
    if existing is not None:
        raise ValidationError(
            {
                "person": ALREADY_NOMINATED
                % {
                    "name": person.name,
                    "body": Body(body).label,
                    "status": existing.get_status_display(),
                }
            },
            code="already_nominated",
        )
    nomination = Nomination(
        round=round,
        village=village,
        person=person,
        body=body,
        post=post,
        route=route,
        notes=notes,
        nominated_by=by,
        status=S.PRELIMINARY,
        status_changed_at=timezone.now(),
    )
    nomination._history_user = by
    nomination.full_clean()
    nomination.save()
    return nomination


def _post_label(post: str) -> str:
    from ..choices import Post

    try:
        return str(Post(post).label)
    except ValueError:
        return post


@transaction.atomic
def nomination_disqualify(*, nomination: Nomination, reason: str, by) -> Nomination:
    """Disqualify a nominee (取消资格) with a reason; open formal-list proposals go stale."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED}, code="reason_required")
    nomination = (
        Nomination.objects.select_for_update()
        .select_related("person")
        .get(pk=nomination.pk)
    )
    nomination.disqualified_reason = reason
    _set_status(
        nomination,
        S.DISQUALIFIED,
        by=by,
        reason=_("Disqualified: %(reason)s") % {"reason": reason},
    )
    for proposal in FormalList.objects.filter(
        nominations=nomination, status=ProposalStatus.PROPOSED
    ):
        _close_proposal(
            proposal, status=ProposalStatus.STALE, reason=str(STALE_CHANGED), by=by
        )
    return nomination


@transaction.atomic
def nomination_record_result(
    *, nomination: Nomination, elected: bool, by
) -> Nomination:
    """Record that a formal candidate was elected or not (called by the elections part)."""
    nomination = (
        Nomination.objects.select_for_update()
        .select_related("person")
        .get(pk=nomination.pk)
    )
    target = S.ELECTED if elected else S.NOT_ELECTED
    return _set_status(
        nomination, target, by=by, reason=str(NominationStatus(target).label)
    )


def nomination_start_inspection(*, nomination: Nomination, by) -> Nomination:
    """Move a nominee whose joint review is clear to 考察 (inspection by the township)."""
    from ..selectors.vetting import nomination_outcome

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
    from ..selectors.vetting import prechecks_for, required_departments

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
    from ..selectors.vetting import department_criteria

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
    from ..selectors.vetting import department_criteria

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
    blocking = [
        f
        for f in findings.values()
        if f.result == FindingResult.ISSUE and f.criterion.severity == Severity.BLOCK
    ]
    if blocking and item.nomination.status not in FINAL_STATUSES:
        reason = "；".join(
            _("Joint review, %(department)s, item %(number)s (%(title)s): %(finding)s")
            % {
                "department": item.department,
                "number": f.criterion.number,
                "title": f.criterion.title,
                "finding": f.finding,
            }
            for f in sorted(blocking, key=lambda f: f.criterion.number)
        )
        nomination_disqualify(nomination=item.nomination, reason=reason, by=by)
    return item


@transaction.atomic
def review_decide(
    *, nomination: Nomination, decision: str, reason: str, by
) -> ReviewDecision:
    """Record a leader's written decision on a candidate's 不宜 findings.

    ``proceed`` lets the review count as clear once every department signed;
    ``disqualify`` disqualifies the candidate with the reason.
    """
    from ..selectors.vetting import nomination_outcome

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


# --- public notice (公示) -----------------------------------------------------------------------------


def notice_publish(
    *,
    village,
    body: str,
    nominations,
    start_date: date,
    by,
    end_date: date | None = None,
    issuer: str = "",
) -> PublicNotice:
    """Put nominees under inspection on a public notice for its display period (→ 公示)."""
    nominations = list(nominations)
    if not nominations:
        raise ValidationError(NOTICE_EMPTY, code="notice_empty")
    for n in nominations:
        review_sync_person(person=n.person, by=by)
    with transaction.atomic():
        rows = list(
            Nomination.objects.select_for_update(of=("self",))
            .filter(pk__in=[n.pk for n in nominations])
            .select_related("person", "village__township", "round__rule_set")
        )
        for n in rows:
            if n.village_id != village.pk or n.body != body:
                raise ValidationError(
                    NOTICE_WRONG_GROUP
                    % {
                        "name": n.person.name,
                        "village": n.village,
                        "body": n.get_body_display(),
                    },
                    code="wrong_group",
                )
            if n.status != S.INSPECTION:
                raise ValidationError(
                    NOTICE_NOT_INSPECTION
                    % {"name": n.person.name, "status": n.get_status_display()},
                    code="not_inspection",
                )
        round = rows[0].round
        try:
            days = int(round.rules.get("notice_days"))
        except KeyError:
            days = 5
        earliest_end = _add_working_days(start_date, days)
        end_date = end_date or earliest_end
        if end_date < earliest_end:
            raise ValidationError(
                {
                    "end_date": NOTICE_TOO_SHORT
                    % {"days": days, "end": fmt_date(earliest_end)}
                },
                code="too_short",
            )
        notice = PublicNotice(
            round=round,
            village=village,
            body=body,
            start_date=start_date,
            end_date=end_date,
            issuer=issuer
            or _("CPC %(township)s Committee") % {"township": village.township.name},
            published_by=by,
        )
        notice._history_user = by
        notice.full_clean()
        notice.save()
        notice.nominations.set(rows)
        for n in rows:
            _set_status(
                n,
                S.PUBLIC_NOTICE,
                by=by,
                reason=_("On public notice until %(end)s")
                % {"end": fmt_date(end_date)},
            )
        return notice


@transaction.atomic
def objection_record(
    *,
    notice: PublicNotice,
    nomination: Nomination,
    received_on: date,
    content: str,
    by,
    channel: str = "",
    raised_by: str = "",
) -> Objection:
    """Record an objection about a candidate received during a public notice."""
    if not notice.nominations.filter(pk=nomination.pk).exists():
        raise ValidationError(
            {"nomination": OBJECTION_NOT_ON_NOTICE % {"name": nomination.person.name}},
            code="not_on_notice",
        )
    if received_on < notice.start_date:
        raise ValidationError(
            {
                "received_on": OBJECTION_BEFORE_NOTICE
                % {"start": fmt_date(notice.start_date)}
            },
            code="before_notice",
        )
    if not (content or "").strip():
        raise ValidationError(
            {"content": OBJECTION_CONTENT_REQUIRED}, code="content_required"
        )
    objection = Objection(
        notice=notice,
        nomination=nomination,
        received_on=received_on,
        content=content.strip(),
        channel=channel,
        raised_by=raised_by,
        recorded_by=by,
    )
    objection._history_user = by
    objection.full_clean()
    objection.save()
    for proposal in FormalList.objects.filter(
        nominations=nomination, status=ProposalStatus.PROPOSED
    ):
        _close_proposal(
            proposal, status=ProposalStatus.STALE, reason=str(STALE_CHANGED), by=by
        )
    return objection


@transaction.atomic
def objection_resolve(
    *, objection: Objection, status: str, resolution: str, by
) -> Objection:
    """Resolve an objection: dismissed after verification, or upheld (the candidate is disqualified)."""
    objection = (
        Objection.objects.select_for_update()
        .select_related("nomination__person")
        .get(pk=objection.pk)
    )
    if objection.status != ObjectionStatus.OPEN:
        raise ValidationError(OBJECTION_RESOLVED, code="resolved")
    if status not in (ObjectionStatus.DISMISSED, ObjectionStatus.UPHELD):
        raise ValidationError({"status": BAD_RESOLUTION}, code="bad_resolution")
    resolution = (resolution or "").strip()
    if not resolution:
        raise ValidationError(
            {"resolution": RESOLUTION_REQUIRED}, code="resolution_required"
        )
    objection.status = status
    objection.resolution = resolution
    objection.resolved_by = by
    objection.resolved_at = timezone.now()
    objection._history_user = by
    objection.full_clean()
    objection.save()
    if (
        status == ObjectionStatus.UPHELD
        and objection.nomination.status not in FINAL_STATUSES
    ):
        nomination_disqualify(
            nomination=objection.nomination,
            reason=_("Objection during the public notice upheld: %(resolution)s")
            % {"resolution": resolution},
            by=by,
        )
    return objection


# --- the formal list (maker-checker) ---------------------------------------------------------------


def formal_list_check(*, round, village, body, today: date | None = None):
    """Return (candidates, problems, flags) of a village's formal list for a committee.

    Problems refuse the list: the notice still displayed, an unresolved
    objection, an open 拉票贿选/资格问题 report, a joint review not clear (e.g.
    reopened). Flags go to the leader: a missing commitment letter.
    """
    from ..selectors.vetting import (
        blocking_report_ids,
        formal_list_candidates,
        nominations_for_review,
        outcomes_for,
        unsigned_commitment_ids,
    )

    today = today or timezone.localdate()
    candidates = formal_list_candidates(round=round, village=village, body=body)
    person_ids = {n.person_id for n in candidates}
    reports = blocking_report_ids(person_ids)
    unsigned = unsigned_commitment_ids(person_ids)
    outcomes = outcomes_for(
        nominations_for_review(
            Nomination.objects.filter(pk__in=[n.pk for n in candidates])
        ),
        today=today,
    )
    problems, flags = [], []
    for n in candidates:
        name = n.person.name
        notices = list(n.notices.all())
        if notices and notices[0].end_date >= today:
            problems.append(
                str(
                    PROBLEM_NOTICE_RUNNING
                    % {"name": name, "end": fmt_date(notices[0].end_date)}
                )
            )
        if n.open_objections:
            problems.append(
                str(
                    PROBLEM_OBJECTIONS % {"name": name, "count": len(n.open_objections)}
                )
            )
        if n.person_id in reports:
            problems.append(str(PROBLEM_REPORT % {"name": name}))
        outcome = outcomes.get(n.pk)
        if outcome is not None and outcome.state != OutcomeState.CLEAR:
            problems.append(
                str(
                    PROBLEM_REVIEW
                    % {"name": name, "explanation": outcome.explanation()}
                )
            )
        if n.person_id in unsigned:
            flags.append(str(FLAG_COMMITMENT % {"name": name}))
    return candidates, problems, flags


def _close_proposal(proposal: FormalList, *, status: str, reason: str, by) -> None:
    proposal.status = status
    proposal.closed_reason = reason
    proposal._history_user = by
    proposal._change_reason = reason[:100]
    proposal.save()


def formal_list_propose(*, village, body: str, by, round=None) -> FormalList:
    """Propose a village's formal candidate list for a committee (organisation office: the maker)."""
    from stages.selectors import current_round

    from ..selectors.vetting import formal_list_candidates, list_fingerprint

    _require_role(by, Role.OFFICE, message=str(NOT_OFFICE))
    round = round or current_round(village.township_id)
    if round is None:
        raise ValidationError(
            NO_ROUND % {"township": village.township}, code="no_round"
        )
    for n in formal_list_candidates(round=round, village=village, body=body):
        review_sync_person(person=n.person, by=by)
    with transaction.atomic():
        candidates, problems, flags = formal_list_check(
            round=round, village=village, body=body
        )
        if not candidates:
            raise ValidationError(
                LIST_EMPTY % {"village": village, "body": Body(body).label},
                code="list_empty",
            )
        if problems:
            raise ValidationError(
                LIST_PROBLEMS % {"problems": "；".join(problems)}, code="list_problems"
            )
        for old in FormalList.objects.select_for_update().filter(
            round=round, village=village, body=body, status=ProposalStatus.PROPOSED
        ):
            _close_proposal(
                old,
                status=ProposalStatus.WITHDRAWN,
                reason=str(STALE_SUPERSEDED),
                by=by,
            )
        proposal = FormalList(
            round=round,
            village=village,
            body=body,
            fingerprint=list_fingerprint(candidates),
            flags="\n".join(flags),
            proposed_by=by,
        )
        proposal._history_user = by
        proposal.full_clean()
        proposal.save()
        proposal.nominations.set(candidates)
        return proposal


def formal_list_confirm(*, formal_list: FormalList, by) -> FormalList:
    """Confirm a proposed formal list (a leader other than the proposer: the checker).

    Refused when the same person proposed it; when any candidate changed since
    the proposal the list is marked stale and refused.
    """
    from ..selectors.vetting import formal_list_candidates, list_fingerprint

    _require_role(by, Role.LEADER, message=str(NOT_LEADER))
    if formal_list.proposed_by_id == by.pk:
        raise ValidationError(SAME_PERSON, code="same_person")
    if formal_list.status != ProposalStatus.PROPOSED:
        raise ValidationError(
            LIST_NOT_PROPOSED % {"status": formal_list.get_status_display()},
            code="not_proposed",
        )
    for n in formal_list.nominations.select_related("person__village"):
        review_sync_person(person=n.person, by=by)
    stale = False
    with transaction.atomic():
        proposal = FormalList.objects.select_for_update().get(pk=formal_list.pk)
        if proposal.status != ProposalStatus.PROPOSED:
            raise ValidationError(
                LIST_NOT_PROPOSED % {"status": proposal.get_status_display()},
                code="not_proposed",
            )
        current = formal_list_candidates(
            round=proposal.round, village=proposal.village, body=proposal.body
        )
        if list_fingerprint(current) != proposal.fingerprint:
            _close_proposal(
                proposal, status=ProposalStatus.STALE, reason=str(STALE_CHANGED), by=by
            )
            stale = True
    if stale:
        raise ValidationError(LIST_STALE % {"why": STALE_CHANGED}, code="stale")
    with transaction.atomic():
        proposal = FormalList.objects.select_for_update().get(pk=formal_list.pk)
        candidates, problems, _flags = formal_list_check(
            round=proposal.round, village=proposal.village, body=proposal.body
        )
        if problems:
            raise ValidationError(
                LIST_PROBLEMS % {"problems": "；".join(problems)}, code="list_problems"
            )
        for n in candidates:
            _set_status(n, S.FORMAL, by=by, reason=_("Formal list confirmed"))
        proposal.status = ProposalStatus.CONFIRMED
        proposal.confirmed_by = by
        proposal.confirmed_at = timezone.now()
        proposal._history_user = by
        proposal.full_clean()
        proposal.save()
        return proposal


@transaction.atomic
def formal_list_withdraw(*, formal_list: FormalList, by) -> FormalList:
    """Withdraw a proposed formal list (office or leader) so that it can be proposed anew."""
    _require_role(by, Role.OFFICE, Role.LEADER)
    proposal = FormalList.objects.select_for_update().get(pk=formal_list.pk)
    if proposal.status != ProposalStatus.PROPOSED:
        raise ValidationError(
            LIST_NOT_PROPOSED % {"status": proposal.get_status_display()},
            code="not_proposed",
        )
    _close_proposal(
        proposal, status=ProposalStatus.WITHDRAWN, reason=_("Withdrawn"), by=by
    )
    return proposal
