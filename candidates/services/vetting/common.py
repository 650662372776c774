"""Helpers shared by the vetting services: status changes, roles, notifications."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.scope import get_scope

from ...choices import (
    NominationStatus,
)
from ...models import (
    FormalList,
    Nomination,
)
from ...vetting_rules import (
    ILLEGAL_TRANSITION,
    is_legal,
    transition_hint,
)
from .messages import (
    NO_REVIEW_DAYS,
)

S = NominationStatus

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


def _post_label(post: str) -> str:
    from ...choices import Post

    try:
        return str(Post(post).label)
    except ValueError:
        return post


def _close_proposal(proposal: FormalList, *, status: str, reason: str, by) -> None:
    proposal.status = status
    proposal.closed_reason = reason
    proposal._history_user = by
    proposal._change_reason = reason[:100]
    proposal.save()
