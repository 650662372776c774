"""Who may see what: the one place where a user's township/village scope is decided.

Every list, detail page, export, dashboard and admin page filters through
``Model.objects.visible_to(user)`` (see :class:`ScopedQuerySet`), which reads the
user's :class:`Scope`. Menus only mirror this; they never enforce it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.db.models import Q

from .roles import TOWNSHIP_WIDE_ROLES, Role

# core sits below the domain apps and never imports them: the models a scope is
# computed from are looked up by label when a scope is computed.
VILLAGE_MODEL = "villages.Village"
TOWNSHIP_MODEL = "villages.Township"


@dataclass(frozen=True)
class Scope:
    """The data a user may read, computed once per request.

    ``township_ids`` is ``None`` for "every township" (superusers; county
    officials without a county). ``village_ids`` is ``None`` for "every village
    of those townships"; otherwise the user is limited to these villages
    (guidance-group members) or to none (a reviewer who only sees what is sent
    to their department).
    """

    user_id: int | None
    roles: frozenset[str]
    township_ids: frozenset[int] | None
    village_ids: frozenset[int] | None
    is_superuser: bool = False
    guide_village_ids: frozenset[int] = frozenset()

    def has(self, *roles: str) -> bool:
        """Return whether the user holds any of the given roles."""
        return self.is_superuser or any(role in self.roles for role in roles)

    @property
    def township_wide(self) -> bool:
        """Return whether the user reads every village of their township(s)."""
        return self.village_ids is None

    def sees_township(self, township_id: int | None) -> bool:
        """Return whether a township is inside the scope."""
        return self.township_ids is None or township_id in self.township_ids

    def sees_village(self, village_id: int | None, township_id: int | None) -> bool:
        """Return whether a village is inside the scope."""
        if not self.sees_township(township_id):
            return False
        return self.village_ids is None or village_id in self.village_ids

    def can_edit_village(self, village) -> bool:
        """Return whether the user may update a village's progress and records.

        ``office`` edits every village of the township; a guidance-group member
        edits only the villages their group is assigned to.
        """
        if self.is_superuser:
            return True
        if not self.sees_township(village.township_id):
            return False
        if Role.OFFICE in self.roles:
            return True
        return Role.GUIDE in self.roles and village.pk in self.guide_village_ids

    @property
    def can_manage(self) -> bool:
        """Return whether the user sets up and changes township-wide data (office)."""
        return self.has(Role.OFFICE)


ANONYMOUS_SCOPE = Scope(None, frozenset(), frozenset(), frozenset())


def compute_scope(user) -> Scope:
    """Compute the scope of a user from their groups, township and 包保 villages."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS_SCOPE
    roles = frozenset(user.groups.values_list("name", flat=True))
    guide_villages: frozenset[int] = frozenset()
    if Role.GUIDE in roles:
        Village = apps.get_model(VILLAGE_MODEL)
        guide_villages = frozenset(
            Village.objects.filter(
                guidance_groups__memberships__user=user,
                guidance_groups__kind="guidance",
            ).values_list("pk", flat=True)
        )
    own = frozenset({user.township_id}) if user.township_id else frozenset()
    if user.is_superuser:
        townships, villages = None, None
    elif Role.COUNTY in roles and user.township_id is None:
        villages = None
        if user.county_id is None:
            townships = None
        else:
            Township = apps.get_model(TOWNSHIP_MODEL)
            townships = frozenset(
                Township.objects.filter(county_id=user.county_id).values_list(
                    "pk", flat=True
                )
            )
    elif roles & TOWNSHIP_WIDE_ROLES:
        townships, villages = own, None
    elif Role.GUIDE in roles:
        townships, villages = own, guide_villages
    else:
        # Reviewers and users without a role: township-level records only; the
        # candidates app grants reviewers their department's items explicitly.
        townships, villages = own, frozenset()
    return Scope(
        user_id=user.pk,
        roles=roles,
        township_ids=townships,
        village_ids=villages,
        is_superuser=user.is_superuser,
        guide_village_ids=guide_villages,
    )


def get_scope(user) -> Scope:
    """Return the user's scope, cached on the user object for the request."""
    if user is None:
        return ANONYMOUS_SCOPE
    cached = getattr(user, "_hjt_scope", None)
    if cached is None:
        cached = compute_scope(user)
        with contextlib.suppress(AttributeError):  # AnonymousUser may refuse attributes
            user._hjt_scope = cached
    return cached


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows the path from its model to Township and Village.

    Subclasses (or ``scoped_queryset``) set ``township_path`` (lookup to the
    Township, e.g. ``"village__township"``) and ``village_path`` (lookup to the
    Village, or ``None`` for township-level records such as a working group).
    """

    township_path: str = "township"
    village_path: str | None = None

    def visible_to(self, user) -> ScopedQuerySet:
        """Return only the rows inside the user's scope."""
        scope = get_scope(user)
        return self.filter(self.scope_q(scope))

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        """Return the Q object that limits this model to a scope."""
        q = Q()
        if scope.township_ids is not None:
            q &= Q(**{f"{cls.township_path}__in": scope.township_ids})
        if scope.village_ids is not None and cls.village_path is not None:
            q &= Q(**{f"{cls.village_path}__in": scope.village_ids})
        return q


def scoped_queryset(
    *, township: str, village: str | None = None
) -> type[ScopedQuerySet]:
    """Build a ScopedQuerySet subclass for a model's paths to Township and Village."""
    return type(
        "ScopedQuerySet",
        (ScopedQuerySet,),
        {"township_path": township, "village_path": village},
    )


def scoped_manager(*, township: str, village: str | None = None):
    """Return a manager whose querysets have ``visible_to(user)``."""
    return scoped_queryset(township=township, village=village).as_manager()
