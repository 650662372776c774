"""Helpers shared by the stages views: scoped lookups and role gates."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from core.roles import Role
from core.scope import get_scope
from villages.models import Village

from ..models import ElectionRound, Stage

READERS = (
    Role.OFFICE,
    Role.LEADER,
    Role.INSPECTOR,
    Role.DISCIPLINE,
    Role.COUNTY,
    Role.GUIDE,
)


def require_reader(request) -> None:
    """Refuse users whose roles do not read the timetable (e.g. a review department)."""
    if not get_scope(request.user).has(*READERS):
        raise PermissionDenied


def require_manager(request) -> None:
    """Refuse anyone but the organisation office."""
    if not get_scope(request.user).can_manage:
        raise PermissionDenied


def visible_round(request, pk: int) -> ElectionRound:
    """Return a round inside the user's scope, or 404."""
    return get_object_or_404(
        ElectionRound.objects.visible_to(request.user).select_related(
            "township", "rule_set"
        ),
        pk=pk,
    )


def visible_village(request, round: ElectionRound, pk: int) -> Village:
    """Return a village of the round's township inside the user's scope, or 404."""
    return get_object_or_404(
        Village.objects.visible_to(request.user).select_related("township"),
        pk=pk,
        township_id=round.township_id,
    )


def stage_or_404(pk: int) -> Stage:
    return get_object_or_404(Stage, pk=pk)


def page_querystring(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
