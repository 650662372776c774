"""Querysets shared by the discipline models: township-or-village records, global rows."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.db.models import Q

from core.roles import Role
from core.scope import ScopedQuerySet, get_scope


def reads_township_records(scope) -> bool:
    """Return whether a scope reads the township's discipline records.

    Township-wide roles read every record of their township and guidance-group
    members those of their villages plus the township-level ones. A user limited
    to no village for another reason (a joint-review department, SPEC §1: only
    the items sent to it) reads none: not even township-level letters, events,
    materials, publicity or 舆情.
    """
    return scope.village_ids is None or scope.has(Role.GUIDE)


class TownshipOrVillageQuerySet(ScopedQuerySet):
    """Rows of a township that may name one village (or none: township-level rows).

    A user limited to some villages sees the rows of those villages and the
    township-level rows of their township; township-wide users see all rows of
    their township(s).
    """

    township_path = "township"
    village_path = "village"

    @classmethod
    def scope_q(cls, scope) -> Q:
        if not reads_township_records(scope):
            return Q(pk__in=[])
        q = Q()
        if scope.township_ids is not None:
            q &= Q(**{f"{cls.township_path}__in": scope.township_ids})
        if scope.village_ids is not None:
            q &= Q(**{f"{cls.village_path}__in": scope.village_ids}) | Q(
                **{f"{cls.village_path}__isnull": True}
            )
        return q


class GlobalQuerySet(ScopedQuerySet):
    """Reference rows shared by every township: every signed-in user reads them."""

    def visible_to(self, user):
        scope = get_scope(user)
        if scope.user_id is None:
            return self.none()
        return self.all()


def _random_name(prefix: str, filename: str) -> str:
    # The stored name never carries a person's name into the file system; the
    # original name is kept in the row for downloads.
    suffix = Path(filename).suffix.lower()[:10]
    return f"discipline/{prefix}/{uuid.uuid4().hex}{suffix}"


def event_upload_to(instance, filename: str) -> str:
    return _random_name("events", filename)


def letter_upload_to(instance, filename: str) -> str:
    return _random_name("letters", filename)


def report_upload_to(instance, filename: str) -> str:
    return _random_name("reports", filename)
