"""Template tags for the election panel on the village page."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from core.scope import get_scope

from ..models import RecommendationMeeting
from ..selectors.elections import BodyResult, village_results
from ..views.common import READERS

register = template.Library()


@dataclass
class VillagePanel:
    results: list[BodyResult]
    meetings: list[RecommendationMeeting]
    can_edit: bool


@register.simple_tag(takes_context=True)
def village_election_panel(context, village):
    """Return the village's elections of the current round, or None if not for this user."""
    request = context.get("request")
    if request is None or village is None:
        return None
    scope = get_scope(request.user)
    if not scope.has(*READERS):
        return None
    meetings = list(
        RecommendationMeeting.objects.visible_to(request.user)
        .filter(village=village)
        .order_by("-held_on", "-pk")[:5]
    )
    return VillagePanel(
        results=village_results(village, user=request.user),
        meetings=meetings,
        can_edit=scope.can_edit_village(village),
    )


@dataclass
class WithdrawalPanel:
    withdrawals: list
    can_edit: bool
    body: str


@register.simple_tag(takes_context=True)
def formal_list_withdrawals(context, village, body):
    """Return the withdrawals (候选人退出) to announce on a village's formal-list page."""
    from candidates.choices import Body

    from ..models import CandidateWithdrawal

    request = context.get("request")
    if request is None or village is None:
        return None
    scope = get_scope(request.user)
    return WithdrawalPanel(
        withdrawals=list(
            CandidateWithdrawal.objects.visible_to(request.user)
            .filter(nomination__village=village, nomination__body=body)
            .select_related("nomination__person", "replacement__person", "recorded_by")
            .order_by("-received_on", "-pk")
        ),
        can_edit=body == Body.VILLAGERS_COMMITTEE and scope.can_edit_village(village),
        body=body,
    )
