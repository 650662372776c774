"""候选人退出 (DOMAIN.md §4; 浙江 第十九条): a formal candidate withdraws in writing.

Accepted when the written statement was received no later than
vc_withdrawal_days before the election day (the rule set; default 3), refused
after. The withdrawal is recorded (date, statement, reason, who) and never
deleted; the nomination becomes “withdrew”, the candidate leaves the ballot of
the election waiting for its vote (the removal is in the ballot's history), and
the next candidate in order (递补: a nominee of the same post who passed the
vetting and the public notice, most votes at the recommendation first) may take
the place. V3 is checked again and kept with the record: a post left with no
more candidates than seats is flagged on the formal-list page and refused when
the election is set up again.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from candidates.models import Nomination

from .. import rules
from ..choices import Body, CountStatus, ElectionKind, NominationStatus, Post
from ..models import CandidateWithdrawal, Election, ElectionCandidate
from .elections import _line_posts, _require_edit, _seats_of

__all__ = [
    "candidate_withdraw",
    "replacement_choices",
    "withdrawal_election",
]

WITHDRAW_VC_ONLY = gettext_lazy(
    "Withdrawal under the election measures is recorded for candidates of the villagers' "
    "committee."
)
WITHDRAW_NOT_FORMAL = gettext_lazy(
    "%(name)s is “%(status)s”: only a formal candidate (正式候选人) can withdraw."
)
WITHDRAW_NO_ELECTION = gettext_lazy(
    "The election of %(village)s is not set up yet, so its day is not known: set up the "
    "election first, then record the withdrawal."
)
WITHDRAW_NOT_IN_WRITING = gettext_lazy(
    "A candidate withdraws in writing: record the withdrawal once the signed statement "
    "is received."
)
WITHDRAW_REASON_REQUIRED = gettext_lazy("Write the reason the candidate gives.")
WITHDRAW_FUTURE = gettext_lazy(
    "The statement cannot be received on %(date)s, a day still to come."
)
WITHDRAW_TOO_LATE = gettext_lazy(
    "The written statement was received on %(received)s; a candidate may withdraw no "
    "later than %(days)s days before the election day %(day)s (by %(deadline)s). The "
    "withdrawal is refused: %(name)s stays on the ballot."
)
REPLACEMENT_INVALID = gettext_lazy(
    "%(name)s cannot replace the candidate: only a nominee for %(post)s of the same "
    "village and committee who passed the vetting and the public notice may (递补)."
)
CHANGE_REASON = gettext_lazy("Withdrew in writing (候选人退出)")
REPLACEMENT_REASON = gettext_lazy("Replaces a withdrawn candidate (递补)")


def withdrawal_election(nomination: Nomination) -> Election | None:
    """Return the regular election the candidate stands in (the newest set up)."""
    return (
        Election.objects.filter(
            round_id=nomination.round_id,
            village_id=nomination.village_id,
            body=nomination.body,
            kind=ElectionKind.REGULAR,
        )
        .order_by("-held_on", "-pk")
        .first()
    )


def replacement_choices(nomination: Nomination):
    """The nominees who may replace a withdrawn candidate (递补), in order.

    Same round, village, committee and post; vetted and publicised (公示) but not
    on the formal list; most votes at the recommendation meeting first.
    """
    return (
        Nomination.objects.filter(
            round_id=nomination.round_id,
            village_id=nomination.village_id,
            body=nomination.body,
            post=nomination.post,
            status=NominationStatus.PUBLIC_NOTICE,
        )
        .exclude(pk=nomination.pk)
        .select_related("person")
        .annotate(best_votes=Max("meeting_votes__votes"))
        .order_by(F("best_votes").desc(nulls_last=True), "pk")
    )


def _margin(election: Election) -> tuple[bool, str]:
    """V3 on the ballot after the change: (short, messages of the short posts)."""
    book = election.round.rules
    on_ballot: dict[str, int] = {}
    for post in election.candidates.values_list("post", flat=True):
        on_ballot[post] = on_ballot.get(post, 0) + 1
    messages = []
    for _field, post in _line_posts(election.body):
        seats = _seats_of(election, post)
        if not seats:
            continue
        finding = rules.vc_candidate_margin(
            post=str(Post(post).label),
            seats=seats,
            candidates=on_ballot.get(post, 0),
            rules=book,
        )
        if not finding.passed:
            messages.append(str(finding.message))
    return bool(messages), "；".join(messages)


@transaction.atomic
def candidate_withdraw(
    *,
    nomination: Nomination,
    received_on: date,
    statement_received: bool,
    reason: str,
    by,
    replacement: Nomination | None = None,
    today: date | None = None,
) -> CandidateWithdrawal:
    """Record a formal candidate's written withdrawal and the optional 递补.

    Refused (nothing written): not a VC formal candidate, no election day yet,
    no written statement, no reason, a date to come, received after the
    deadline, a replacement who is not next in line for the post.
    """
    from candidates.services.vetting.common import _set_status

    from ..rules.base import date_text

    nomination = (
        Nomination.objects.select_for_update()
        .select_related("person", "village", "round")
        .get(pk=nomination.pk)
    )
    _require_edit(by, nomination.village)
    today = today or timezone.localdate()
    name = nomination.person.name
    if nomination.body != Body.VILLAGERS_COMMITTEE:
        raise ValidationError(WITHDRAW_VC_ONLY)
    if nomination.status != NominationStatus.FORMAL:
        raise ValidationError(
            WITHDRAW_NOT_FORMAL
            % {"name": name, "status": nomination.get_status_display()}
        )
    election = withdrawal_election(nomination)
    if election is None or election.status != CountStatus.PLANNED:
        raise ValidationError(WITHDRAW_NO_ELECTION % {"village": nomination.village})
    errors: dict[str, list[str]] = {}
    if not statement_received:
        errors.setdefault("statement_received", []).append(str(WITHDRAW_NOT_IN_WRITING))
    reason = (reason or "").strip()
    if not reason:
        errors.setdefault("reason", []).append(str(WITHDRAW_REASON_REQUIRED))
    book = election.round.rules
    deadline = rules.withdrawal_deadline(election_day=election.held_on, rules=book)
    if received_on > today:
        errors.setdefault("received_on", []).append(
            str(WITHDRAW_FUTURE % {"date": date_text(received_on)})
        )
    elif received_on > deadline:
        errors.setdefault("received_on", []).append(
            str(
                WITHDRAW_TOO_LATE
                % {
                    "received": date_text(received_on),
                    "days": rules.base.whole(book, rules.base.VC_WITHDRAWAL_DAYS),
                    "day": date_text(election.held_on),
                    "deadline": date_text(deadline),
                    "name": name,
                }
            )
        )
    if replacement is not None and not any(
        r.pk == replacement.pk for r in replacement_choices(nomination)
    ):
        errors.setdefault("replacement", []).append(
            str(
                REPLACEMENT_INVALID
                % {
                    "name": replacement.person.name,
                    "post": nomination.get_post_display(),
                }
            )
        )
    if errors:
        raise ValidationError(errors)

    _set_status(
        nomination, NominationStatus.WITHDRAWN, by=by, reason=str(CHANGE_REASON)
    )
    ballot = ElectionCandidate.objects.filter(
        election__status=CountStatus.PLANNED,
        election__village_id=nomination.village_id,
        nomination=nomination,
    )
    for row in ballot:
        row._history_user = by
        row._change_reason = str(CHANGE_REASON)
        row.delete()
    if replacement is not None:
        replacement = Nomination.objects.select_for_update().get(pk=replacement.pk)
        _set_status(
            replacement, NominationStatus.FORMAL, by=by, reason=str(REPLACEMENT_REASON)
        )
        bulk_create_with_history(
            [
                ElectionCandidate(
                    election=election,
                    person=replacement.person,
                    nomination=replacement,
                    post=replacement.post,
                )
            ],
            ElectionCandidate,
            default_user=by,
        )
    short, note = _margin(election)
    withdrawal = CandidateWithdrawal(
        nomination=nomination,
        election_day=election.held_on,
        received_on=received_on,
        statement_received=True,
        reason=reason,
        replacement=replacement,
        margin_short=short,
        margin_note=note or _("V3: every post still has more candidates than seats."),
        recorded_by=by,
    )
    withdrawal._history_user = by
    withdrawal.full_clean()
    withdrawal.save()
    return withdrawal
