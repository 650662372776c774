"""Statutory outcome rules of meetings and elections, as pure functions (no ORM).

Each function takes the numbers a clerk enters and a *rule set* — an object whose
``get(key)`` returns an ``int`` or a ``fractions.Fraction``, normally
``ElectionRound.rules`` — and returns what the law makes of them: valid or not,
who is elected, who votes again, and which rule decided each point. No threshold
is written in code: every share, size and time limit comes from the rule set, so a
province that words a rule differently edits a row. Arithmetic is exact
(``Fraction``): "more than half of 1,000" needs 501.

Impossible numbers (more votes than ballots, more present than entitled …) raise
``django.core.exceptions.ValidationError`` with field → Chinese message; lawful
numbers that fail a rule (turnout of exactly half) give an invalid ``Outcome``
whose findings say why.

Rule identifiers follow DOMAIN.md §7: V1 size and women, V5 turnout, V6 winners
and 另行选举, V7 ballots, V8 election staff, V10 handover, V11 supervision
committee; P1 quorum, P2 差额, P3 winners, P4 who votes, P5 recommendations.
"""

from .base import (
    RULE_KEYS,
    CandidateResult,
    Finding,
    Outcome,
    PostTally,
    ResultStatus,
    Tally,
    ballots_returned,
    needed_at_least,
    needed_more_than,
    revote,
    share_text,
    threshold,
)
from .messages import FIXED_BASIS
from .party import (
    Entitlement,
    committee_post_election,
    party_election,
    party_entitlement,
    party_margin,
    party_margin_needed,
    party_quorum,
    recommend_attendance,
    recommend_margin,
    recommend_margin_needed,
    recommendation_meeting,
    seat_reduction,
)
from .villagers import (
    election_staff_conflicts,
    handover_deadline,
    runoff_deadline,
    supervision_conflicts,
    vc_candidate_margin,
    vc_candidates_needed,
    vc_composition,
    vc_election,
    vc_runoff,
    vc_runoff_turnout,
    vc_seats_errors,
    vc_turnout,
    withdrawal_deadline,
)

__all__ = [
    "FIXED_BASIS",
    "RULE_KEYS",
    "CandidateResult",
    "Entitlement",
    "Finding",
    "Outcome",
    "PostTally",
    "ResultStatus",
    "Tally",
    "ballots_returned",
    "committee_post_election",
    "election_staff_conflicts",
    "handover_deadline",
    "needed_at_least",
    "needed_more_than",
    "party_election",
    "party_entitlement",
    "party_margin",
    "party_margin_needed",
    "party_quorum",
    "recommend_attendance",
    "recommend_margin",
    "recommend_margin_needed",
    "recommendation_meeting",
    "revote",
    "runoff_deadline",
    "seat_reduction",
    "share_text",
    "supervision_conflicts",
    "threshold",
    "vc_candidate_margin",
    "vc_candidates_needed",
    "vc_composition",
    "vc_election",
    "vc_runoff",
    "vc_runoff_turnout",
    "vc_seats_errors",
    "vc_turnout",
    "withdrawal_deadline",
]
