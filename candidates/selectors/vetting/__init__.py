"""Reads of candidate vetting: nominations with their review state, ledgers, inbox,
pre-checks and the formal list. Every query is scoped and shaped here, once.
"""

from .formal import formal_list_candidates, list_fingerprint
from .prechecks import (
    PreCheck,
    blocking_report_ids,
    prechecks_for,
    report_hold_message,
    unsigned_commitment_ids,
)
from .review import (
    criteria_counts,
    department_criteria,
    inbox_items,
    item_state,
    nomination_outcome,
    nominations_for_review,
    outcomes_for,
    required_departments,
    required_departments_by_round,
    round_criteria,
    status_counts,
    vetting_ledger,
)

__all__ = [
    "PreCheck",
    "blocking_report_ids",
    "criteria_counts",
    "department_criteria",
    "formal_list_candidates",
    "inbox_items",
    "item_state",
    "list_fingerprint",
    "nomination_outcome",
    "nominations_for_review",
    "outcomes_for",
    "prechecks_for",
    "report_hold_message",
    "required_departments",
    "required_departments_by_round",
    "round_criteria",
    "status_counts",
    "unsigned_commitment_ids",
    "vetting_ledger",
]
