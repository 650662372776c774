"""Public notice (公示), objections and the maker-checker formal list."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import Role

from ...choices import (
    Body,
    ObjectionStatus,
    ProposalStatus,
)
from ...models import (
    FormalList,
    Nomination,
    Objection,
    PublicNotice,
)
from ...vetting_rules import (
    FINAL_STATUSES,
    OutcomeState,
    fmt_date,
)
from .common import (
    S,
    _add_working_days,
    _close_proposal,
    _require_role,
    _set_status,
)
from .messages import (
    BAD_RESOLUTION,
    FLAG_COMMITMENT,
    LIST_EMPTY,
    LIST_NOT_PROPOSED,
    LIST_PROBLEMS,
    LIST_STALE,
    NO_ROUND,
    NOT_LEADER,
    NOT_OFFICE,
    NOTICE_EMPTY,
    NOTICE_NOT_INSPECTION,
    NOTICE_TOO_SHORT,
    NOTICE_WRONG_GROUP,
    OBJECTION_BEFORE_NOTICE,
    OBJECTION_CONTENT_REQUIRED,
    OBJECTION_NOT_ON_NOTICE,
    OBJECTION_RESOLVED,
    PROBLEM_NOTICE_RUNNING,
    PROBLEM_OBJECTIONS,
    PROBLEM_REPORT,
    PROBLEM_REVIEW,
    RESOLUTION_REQUIRED,
    SAME_PERSON,
    STALE_CHANGED,
    STALE_SUPERSEDED,
)
from .nominations import nomination_disqualify
from .review import review_sync_person

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


def formal_list_check(*, round, village, body, today: date | None = None, user=None):
    """Return (candidates, problems, flags) of a village's formal list for a committee.

    Problems refuse the list: the notice still displayed, an unresolved
    objection, an open 拉票贿选/资格问题 report, a joint review not clear (e.g.
    reopened). Flags go to the leader: a missing commitment letter.
    """
    from ...selectors.vetting import (
        blocking_report_ids,
        formal_list_candidates,
        nominations_for_review,
        outcomes_for,
        report_hold_message,
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
            problems.append(
                str(PROBLEM_REPORT % {"name": name, "hold": report_hold_message(user)})
            )
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
    if body == Body.VILLAGERS_COMMITTEE and candidates:
        # V3 is refused when the election is set up with its seats; here the seats
        # are not known yet, so a post without a surplus is flagged to the leader.
        flags.extend(vc_margin_problems(round, candidates))
    return candidates, problems, flags


def vc_margin_problems(round, candidates) -> list[str]:
    """V3 before the formal VC list is fixed: each post has more candidates than seats.

    The seats are set with the election; here every post with candidates has at
    least one, so it needs at least 1 + the rule set's surplus (主任: exactly one).
    """
    from elections import rules as election_rules
    from villages.choices import Post

    count: dict[str, int] = {}
    for n in candidates:
        count[n.post] = count.get(n.post, 0) + 1
    problems = []
    for post, number in count.items():
        finding = election_rules.vc_candidate_margin(
            post=str(Post(post).label), seats=1, candidates=number, rules=round.rules
        )
        if not finding.passed:
            problems.append(str(finding.message))
    return problems


def formal_list_propose(*, village, body: str, by, round=None) -> FormalList:
    """Propose a village's formal candidate list for a committee (organisation office: the maker)."""
    from stages.selectors import current_round

    from ...selectors.vetting import formal_list_candidates, list_fingerprint

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
            round=round, village=village, body=body, user=by
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
    from ...selectors.vetting import formal_list_candidates, list_fingerprint

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
            round=proposal.round, village=proposal.village, body=proposal.body, user=by
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
