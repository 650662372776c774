"""Shared pieces of the election views: who reads, who writes, scoped lookups.

A row outside the user's scope answers 404 (``visible_to``); a visible row the
role may not change answers 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from core.roles import Role
from core.scope import get_scope
from villages.models import Village

from ..models import Election, RecommendationMeeting

# Who reads meetings, elections and results (a guide only their villages, by scope).
READERS = (
    Role.OFFICE,
    Role.LEADER,
    Role.INSPECTOR,
    Role.DISCIPLINE,
    Role.GUIDE,
    Role.COUNTY,
)


def require_reader(request) -> None:
    """Answer 403 to roles that do not read elections (reviewers)."""
    if not get_scope(request.user).has(*READERS):
        raise PermissionDenied


def can_edit(request, village) -> bool:
    """Return whether the user records this village's meetings and elections."""
    return get_scope(request.user).can_edit_village(village)


def visible_village(request, pk) -> Village:
    require_reader(request)
    return get_object_or_404(
        Village.objects.visible_to(request.user).select_related("township"), pk=pk
    )


def editable_village(request, pk) -> Village:
    village = visible_village(request, pk)
    if not can_edit(request, village):
        raise PermissionDenied
    return village


def visible_election(request, pk) -> Election:
    require_reader(request)
    return get_object_or_404(
        Election.objects.visible_to(request.user).select_related(
            "village__township",
            "round__rule_set",
            "parent",
            "recorded_by",
            "counted_by",
            "applied_by",
        ),
        pk=pk,
    )


def editable_election(request, pk) -> Election:
    election = visible_election(request, pk)
    if not can_edit(request, election.village):
        raise PermissionDenied
    return election


def office_election(request, pk) -> Election:
    election = visible_election(request, pk)
    if not get_scope(request.user).can_manage:
        raise PermissionDenied
    return election


def visible_meeting(request, pk) -> RecommendationMeeting:
    require_reader(request)
    return get_object_or_404(
        RecommendationMeeting.objects.visible_to(request.user).select_related(
            "village__township", "round__rule_set", "recorded_by", "confirmed_by"
        ),
        pk=pk,
    )


def editable_meeting(request, pk) -> RecommendationMeeting:
    meeting = visible_meeting(request, pk)
    if not can_edit(request, meeting.village):
        raise PermissionDenied
    return meeting
