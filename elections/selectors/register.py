"""Reads of the voter register: the list page, its counts, the print views."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from ..choices import VoterCategory
from ..models import Voter, VoterAppeal, VoterRegister

__all__ = ["RegisterCounts", "register_counts", "register_voters", "voter_appeals"]


@dataclass
class RegisterCounts:
    total: int
    removed: int
    by_category: list[tuple[str, str, int]]


def register_voters(
    *, register: VoterRegister, q: str = "", category: str = "", removed: bool = False
) -> QuerySet[Voter]:
    """Return the voters of a register, searched and filtered (one query per page).

    ``q`` matches the name, the villagers' group or the end of the ID number.
    """
    queryset = Voter.objects.filter(register=register).select_related("person")
    queryset = queryset.filter(removed_on__isnull=not removed)
    if category in VoterCategory.values:
        queryset = queryset.filter(category=category)
    q = (q or "").strip()
    if q:
        condition = Q(name__icontains=q) | Q(group__icontains=q)
        if q.isdigit() or (q[:-1].isdigit() and q[-1:] in "xX"):
            condition |= Q(id_number__endswith=q.upper())
        queryset = queryset.filter(condition)
    return queryset.order_by("group", "name", "pk")


def register_counts(*, register: VoterRegister) -> RegisterCounts:
    """Return the voters on the register per category and those taken off (one query)."""
    row = Voter.objects.filter(register=register).aggregate(
        total=Count("pk", filter=Q(removed_on__isnull=True)),
        removed=Count("pk", filter=Q(removed_on__isnull=False)),
        **{
            value: Count("pk", filter=Q(removed_on__isnull=True, category=value))
            for value in VoterCategory.values
        },
    )
    return RegisterCounts(
        total=row["total"],
        removed=row["removed"],
        by_category=[
            (value, label, row[value]) for value, label in VoterCategory.choices
        ],
    )


def voter_appeals(*, register: VoterRegister) -> QuerySet[VoterAppeal]:
    return VoterAppeal.objects.filter(register=register).select_related("recorded_by")
