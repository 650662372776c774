"""Reads of the villages app: every query scoped and shaped here, once."""

from django.db.models import Prefetch, QuerySet

from core.roles import Role
from core.scope import get_scope

from ..models import GroupMembership, Village, WorkingGroup


def village_list(
    *, user, rating: str = "", group_id: str = "", kind: str = ""
) -> QuerySet:
    """Return the villages a user may see, with file, township and guidance groups."""
    queryset = (
        Village.objects.visible_to(user)
        .select_related("township", "file")
        .prefetch_related(
            Prefetch(
                "guidance_groups",
                queryset=WorkingGroup.objects.prefetch_related(
                    Prefetch(
                        "memberships",
                        queryset=GroupMembership.objects.select_related("user"),
                    )
                ),
            )
        )
        .order_by("township__code", "code")
    )
    if rating:
        queryset = queryset.filter(file__rating=rating)
    if group_id.isdigit():
        queryset = queryset.filter(guidance_groups__pk=int(group_id))
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


# Roles that read every working group of their township; anyone else (a guide)
# sees only the groups they belong to.
GROUP_READERS = (
    Role.OFFICE,
    Role.LEADER,
    Role.INSPECTOR,
    Role.DISCIPLINE,
    Role.COUNTY,
)


def working_groups(*, user) -> QuerySet:
    """Return the working groups a user may see, with members and villages.

    Township-wide readers see every group of their townships; a guidance-group
    member sees the groups they belong to (their own group's page, not the
    others', whose villages lie outside their scope).
    """
    queryset = WorkingGroup.objects.visible_to(user)
    if not get_scope(user).has(*GROUP_READERS):
        queryset = queryset.filter(
            pk__in=GroupMembership.objects.filter(user=user).values("group_id")
        )
    return (
        queryset.select_related("township")
        .prefetch_related(
            Prefetch(
                "memberships", queryset=GroupMembership.objects.select_related("user")
            ),
            "villages",
        )
        .order_by("township__code", "kind", "name")
    )


def guidance_leader(village):
    """Return the leader (User) of the village's guidance group, or None."""
    membership = (
        GroupMembership.objects.filter(
            group__villages=village, group__kind="guidance", position="leader"
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


# The cadre roster's reads live in their own module; re-exported here.
from .roster import (  # noqa: E402
    build_ledgers,
    import_jobs,
    person_detail_queryset,
    roster_people,
    search_condition,
    shows_personal_data,
    township_ledgers,
    village_ledger,
)

__all__ = [
    "build_ledgers",
    "guidance_leader",
    "import_jobs",
    "person_detail_queryset",
    "roster_people",
    "search_condition",
    "shows_personal_data",
    "township_ledgers",
    "village_ledger",
    "village_list",
    "working_groups",
]
