"""Writes of public-opinion records (舆情)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import access, deadlines
from ..models import PublicOpinion

FUTURE_DATE = _("The date %(date)s is in the future: enter the day it happened.")
DUE_BEFORE_FOUND = _(
    "The deadline %(due)s is before the day it was found (%(found)s): choose a later date."
)
CLOSE_NEEDS_HANDLING = _(
    "Record the verification and how it was handled before closing the record."
)
ALREADY_CLOSED = _("This record is already closed.")
NO_TOWNSHIP = _("Choose the village: your account belongs to no township.")


def _township_of(by, village) -> int:
    if village is not None:
        return village.township_id
    if by.township_id is None:
        raise ValidationError({"village": NO_TOWNSHIP})
    return by.township_id


@transaction.atomic
def opinion_save(
    *, by, data: dict, instance: PublicOpinion | None = None
) -> PublicOpinion:
    """Create or update a 舆情 record; the deadline defaults from the risk level."""
    village = data.get("village")
    township_id = _township_of(by, village)
    if not access.can_edit_record(by, village=village, township_id=township_id):
        raise PermissionDenied
    if instance is not None:
        if not access.can_edit_record(
            by, village=instance.village, township_id=instance.township_id
        ):
            raise PermissionDenied
        if instance.closed:
            raise ValidationError(ALREADY_CLOSED)
    opinion = instance or PublicOpinion(recorded_by=by)
    opinion.township_id = township_id
    for name, value in data.items():
        setattr(opinion, name, value)
    today = timezone.localdate()
    for field in ("discovered_on", "verified_on"):
        day = getattr(opinion, field)
        if day and day > today:
            raise ValidationError({field: FUTURE_DATE % {"date": day.isoformat()}})
    if opinion.due_on is None and opinion.discovered_on and opinion.risk_level:
        opinion.due_on = deadlines.opinion_due(
            opinion.discovered_on, opinion.risk_level
        )
    if (
        opinion.due_on
        and opinion.discovered_on
        and opinion.due_on < opinion.discovered_on
    ):
        raise ValidationError(
            {
                "due_on": DUE_BEFORE_FOUND
                % {
                    "due": opinion.due_on.isoformat(),
                    "found": opinion.discovered_on.isoformat(),
                }
            }
        )
    if opinion.handler_id is None and (opinion.handling or opinion.verification):
        opinion.handler = by
    opinion.full_clean()
    opinion.save()
    return opinion


@transaction.atomic
def opinion_close(*, opinion: PublicOpinion, by, closed_on=None) -> PublicOpinion:
    """Close a 舆情 record once it has been verified and handled."""
    if not access.can_edit_record(
        by, village=opinion.village, township_id=opinion.township_id
    ):
        raise PermissionDenied
    opinion = PublicOpinion.objects.select_for_update().get(pk=opinion.pk)
    if opinion.closed:
        raise ValidationError(ALREADY_CLOSED)
    if not opinion.verification.strip() or not opinion.handling.strip():
        raise ValidationError(CLOSE_NEEDS_HANDLING)
    closed_on = closed_on or timezone.localdate()
    if closed_on > timezone.localdate():
        raise ValidationError(FUTURE_DATE % {"date": closed_on.isoformat()})
    opinion.closed = True
    opinion.closed_on = closed_on
    opinion.full_clean()
    opinion.save()
    return opinion
