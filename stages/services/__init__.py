"""Writes of the stages app: keyword-only, validated, atomic, audited.

Each service raises ``ValidationError`` with a Chinese message that says what
is wrong and how to fix it; when it raises, nothing has been written.
"""

from .feeds import (
    calendar_feed_get_or_create,
    calendar_feed_revoke,
    calendar_override_set,
    rule_set_locked,
    rule_set_make_default,
    rule_set_new_version,
)
from .messages import *  # noqa: F403
from .progress import (
    evidence_add,
    evidence_delete,
    statutory_limit,
    task_assign,
    task_progress_record,
    task_update,
)
from .rounds import (
    election_days_bulk_set,
    election_days_preview,
    election_days_set,
    round_close,
    round_create,
    round_start,
    round_update,
)

__all__ = [
    "calendar_feed_get_or_create",
    "calendar_feed_revoke",
    "calendar_override_set",
    "election_days_bulk_set",
    "election_days_preview",
    "election_days_set",
    "evidence_add",
    "evidence_delete",
    "round_close",
    "round_create",
    "round_start",
    "round_update",
    "rule_set_locked",
    "rule_set_make_default",
    "rule_set_new_version",
    "statutory_limit",
    "task_assign",
    "task_progress_record",
    "task_update",
]
