"""Reads of the discipline app, split by sub-domain and re-exported here.

Cross-app contracts (the vetting code imports these lazily):
``blocking_report_person_ids(person_ids) -> set[int]`` and
``unsigned_commitment_person_ids(person_ids) -> set[int]``.
"""

from .letters import (
    commitment_status,
    letter_window_start,
    requirement_labels,
    requirements,
    unsigned_commitment_person_ids,
)
from .reports import (
    block_message_for,
    blocking_report_person_ids,
    nominations_of,
    pending_extensions,
    report_counts,
    report_for,
    report_list,
    report_source_for,
)
from .totals import discipline_totals

__all__ = [
    "block_message_for",
    "blocking_report_person_ids",
    "commitment_status",
    "discipline_totals",
    "letter_window_start",
    "nominations_of",
    "pending_extensions",
    "report_counts",
    "report_for",
    "report_list",
    "report_source_for",
    "requirement_labels",
    "requirements",
    "unsigned_commitment_person_ids",
]
