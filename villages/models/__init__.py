"""Models of the villages app, split by sub-domain."""

from .imports import ImportJob
from .organisation import (
    County,
    GroupMembership,
    PlanItem,
    Township,
    Village,
    VillageFile,
    WorkingGroup,
)
from .roster import Person, Relationship, RosterMembership

__all__ = [
    "County",
    "GroupMembership",
    "ImportJob",
    "Person",
    "PlanItem",
    "Relationship",
    "RosterMembership",
    "Township",
    "Village",
    "VillageFile",
    "WorkingGroup",
]
