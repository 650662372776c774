"""Nominations: create, disqualify, start inspection, record the result."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ...choices import (
    POSTS_BY_BODY,
    Body,
    NominationStatus,
    ProposalStatus,
)
from ...models import (
    FormalList,
    Nomination,
)
from .common import (
    S,
    _close_proposal,
    _post_label,
    _set_status,
)
from .messages import (
    ALREADY_NOMINATED,
    NO_ROUND,
    PERSON_OTHER_TOWNSHIP,
    POST_NOT_IN_BODY,
    REASON_REQUIRED,
    STALE_CHANGED,
)

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
    try:
        with transaction.atomic():
            nomination.save()
    except IntegrityError:
        # The same nomination committed by a parallel request (a double submit).
        existing = Nomination.objects.filter(round=round, person=person, body=body)
        existing = existing.first()
        if existing is None:
            raise
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
        ) from None
    return nomination


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
