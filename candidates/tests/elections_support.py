"""Test support for the elections side of the candidates app: a stand-in rule set.

``RuleBook`` answers ``get(key)`` like ``ElectionRound.rules`` does, seeded with
the defaults of DOMAIN.md (COMMON.md's keys); a test overrides single rows to show
that a threshold comes from the rule set and not from the code.
"""

from fractions import Fraction
from types import SimpleNamespace

DEFAULT_RULES = {
    "voter_list_days_before": 20,
    "voter_list_appeal_days": 5,
    "appeal_decision_days": 3,
    "candidate_list_days_before": 5,
    "handover_days_after": 10,
    "runoff_within_days": 30,
    "vc_valid_turnout": Fraction(1, 2),
    "vc_win_share": Fraction(1, 2),
    "vc_runoff_min_share": Fraction(1, 3),
    "vc_size_min": 3,
    "vc_size_max": 7,
    "party_quorum": Fraction(4, 5),
    "party_win_share": Fraction(1, 2),
    "party_margin": Fraction(1, 5),
    "recommend_attendance": Fraction(2, 3),
    "recommend_margin": Fraction(1, 5),
}


# How each ratio is compared, as the stages defaults word it.
DEFAULT_COMPARISONS = {
    "vc_valid_turnout": "more_than",
    "vc_win_share": "more_than",
    "vc_runoff_min_share": "at_least",
    "party_quorum": "more_than",
    "party_win_share": "more_than",
    "party_margin": "at_least",
    "recommend_attendance": "more_than",
    "recommend_margin": "at_least",
}


class RuleBook:
    """A rule set for tests: ``get(key)`` → int or Fraction and ``rule(key)`` → row,
    like ``stages.models.RuleBook``."""

    def __init__(self, comparisons=None, **overrides):
        self.values = {**DEFAULT_RULES, **overrides}
        self.comparisons = {**DEFAULT_COMPARISONS, **(comparisons or {})}

    def get(self, key):
        return self.values.get(key)

    def rule(self, key):
        if key not in self.values:
            raise KeyError(key)
        return SimpleNamespace(
            key=key,
            value=self.values[key],
            comparison=self.comparisons.get(key, ""),
            legal_basis=f"legal basis of {key}",
        )


RULES = RuleBook()
