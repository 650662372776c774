"""The formal list: candidates on public notice and the list fingerprint."""

from __future__ import annotations

import hashlib
import json

from django.db.models import Prefetch

from ...choices import NominationStatus, ObjectionStatus
from ...models import (
    Nomination,
    Objection,
    PublicNotice,
)
from ...vetting_rules import person_fingerprint
from .review import post_rank

# --- public notice and formal list ----------------------------------------------------------------


def formal_list_candidates(*, round, village, body) -> list[Nomination]:
    """Return the nominations on public notice for a village and committee, with what the checks read."""
    return list(
        Nomination.objects.filter(
            round=round,
            village=village,
            body=body,
            status=NominationStatus.PUBLIC_NOTICE,
        )
        .select_related("person__village", "village", "round")
        .prefetch_related(
            Prefetch(
                "notices",
                queryset=PublicNotice.objects.order_by("-end_date", "-pk"),
            ),
            Prefetch(
                "objections",
                queryset=Objection.objects.filter(status=ObjectionStatus.OPEN),
                to_attr="open_objections",
            ),
        )
        .order_by(post_rank(), "person__name", "pk")
    )


def list_fingerprint(nominations) -> str:
    """Return the fingerprint of a formal list: who, for which post, with which personal data."""
    rows = sorted(
        (
            n.pk,
            n.person_id,
            n.body,
            n.post,
            n.status,
            person_fingerprint(n.person),
        )
        for n in nominations
    )
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()
