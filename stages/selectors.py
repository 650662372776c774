"""Reads of the stages app: every query scoped and shaped here, once."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Value, When

from .choices import RoundStatus
from .models import ElectionRound


def current_round(township) -> ElectionRound | None:
    """Return the township's current round: the latest under way, else the latest one.

    ``township`` may be a Township or its primary key. The rule set is joined so
    ``round.rules.get(key)`` costs one more query at most.
    """
    township_id = getattr(township, "pk", township)
    if township_id is None:
        return None
    return (
        ElectionRound.objects.filter(township_id=township_id)
        .exclude(status=RoundStatus.CLOSED)
        .select_related("rule_set", "township")
        .annotate(
            active_first=Case(
                When(status=RoundStatus.ACTIVE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("active_first", "-start_date", "-pk")
        .first()
    ) or (
        ElectionRound.objects.filter(township_id=township_id)
        .select_related("rule_set", "township")
        .order_by("-start_date", "-pk")
        .first()
    )
