"""Shared pieces of the vetting views: who may do what, and scoped lookups.

Scoping is decided by ``visible_to`` (404 outside the scope); a visible row the
role may not change answers 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from core.roles import Role
from core.scope import get_scope
from villages.models import Village

from ...models import Nomination

# Who reads nominations and ledgers (a guide only their villages, by scope).
READERS = (Role.OFFICE, Role.LEADER, Role.INSPECTOR, Role.GUIDE, Role.COUNTY)


def require(request, *roles) -> None:
    """Answer 403 unless the user holds one of the roles."""
    if not get_scope(request.user).has(*roles):
        raise PermissionDenied


def visible_nomination(request, pk, *, queryset=None) -> Nomination:
    """Return a nomination inside the user's scope (404 otherwise), for reading roles (403 otherwise)."""
    require(request, *READERS)
    base = (
        queryset
        if queryset is not None
        else Nomination.objects.select_related(
            "person__village", "village__township", "round"
        )
    )
    return get_object_or_404(base.visible_to(request.user), pk=pk)


def managed_nomination(request, pk) -> Nomination:
    """Return a nomination the organisation office of its township may change."""
    nomination = visible_nomination(request, pk)
    require(request, Role.OFFICE)
    return nomination


def visible_village(request, pk) -> Village:
    """Return a village inside the user's scope (404 otherwise)."""
    require(request, *READERS)
    return get_object_or_404(
        Village.objects.visible_to(request.user).select_related("township"), pk=pk
    )


def shows_full_id(request) -> bool:
    """Return whether the user sees full ID numbers (SPEC §2: masked for everyone else)."""
    from django.conf import settings

    return get_scope(request.user).has(*settings.PERSONAL_DATA_FULL_ROLES)
