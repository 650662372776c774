"""Writes of candidate vetting: nominations, joint review (联审), 公示, the formal list.

Every status change goes through :func:`_set_status`, which refuses what the
status machine (``candidates.vetting_rules.TRANSITIONS``) does not allow and
records who and why in the nomination's history.

Reopening on data change: a sign-off stores a fingerprint of the personal data
it reviewed. Pages compare it with the person's data as it is now, so a change
made anywhere (roster pages, import, admin) shows at once as “reopened”.
:func:`review_sync_person` makes it permanent — the item returns to pending with
the reason, the nomination returns to 联审中 — and runs before every guarded
transition here; services that change a Person may call it too.
"""

from .nominations import (
    nomination_create,
    nomination_disqualify,
    nomination_record_result,
)
from .notices import (
    formal_list_check,
    formal_list_confirm,
    formal_list_propose,
    formal_list_withdraw,
    notice_publish,
    objection_record,
    objection_resolve,
)
from .review import (
    blocking_findings,
    disqualification_recipients,
    nomination_start_inspection,
    review_decide,
    review_finding_record,
    review_item_sign,
    review_mark_rest_clear,
    review_send,
    review_sync_person,
    review_sync_stale,
    round_criteria_snapshot,
)

__all__ = [
    "blocking_findings",
    "disqualification_recipients",
    "formal_list_check",
    "formal_list_confirm",
    "formal_list_propose",
    "formal_list_withdraw",
    "nomination_create",
    "nomination_disqualify",
    "nomination_record_result",
    "nomination_start_inspection",
    "notice_publish",
    "objection_record",
    "objection_resolve",
    "review_decide",
    "review_finding_record",
    "review_item_sign",
    "review_mark_rest_clear",
    "review_send",
    "review_sync_person",
    "review_sync_stale",
    "round_criteria_snapshot",
]
