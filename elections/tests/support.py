"""Test support for the elections app: a stand-in rule set.

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
    "vc_audit_publish_days": 10,
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


# --- database helpers for election tests -------------------------------------------------------


def make_round(township):
    """Return the township's round under the default rule set of the stages app."""
    from candidates.tests.factories import ElectionRoundFactory

    return ElectionRoundFactory(township=township)


def formal(village, round, *, body="villagers_committee", post="member", **person):
    """Return a formal candidate (正式候选人) of a village for a committee and post."""
    from candidates.tests.factories import NominationFactory
    from elections.choices import NominationStatus
    from villages.tests.factories import PersonFactory

    return NominationFactory(
        village=village,
        round=round,
        person=PersonFactory(village=village, **person),
        body=body,
        post=post,
        status=NominationStatus.FORMAL,
    )


def party_roll(
    village, *, full=50, probationary=0, probation=0, detained=0, excluded=0
):
    """Put Party members on a village's roster: full, probationary, without a vote, excluded."""
    import datetime

    from villages.choices import (
        Category,
        PartyMemberKind,
        PoliticalStatus,
        VotingStatus,
    )
    from villages.tests.factories import PersonFactory, RosterMembershipFactory

    def member(kind, status=VotingStatus.NORMAL, **extra):
        person = PersonFactory(village=village, political_status=PoliticalStatus.MEMBER)
        RosterMembershipFactory(
            person=person,
            village=village,
            category=Category.PARTY_MEMBER,
            party_member_kind=kind,
            voting_status=status,
            start_date=datetime.date(2010, 1, 1),
            **extra,
        )

    for _ in range(full):
        member(PartyMemberKind.FULL)
    for _ in range(probationary):
        member(PartyMemberKind.PROBATIONARY)
    for _ in range(probation):
        member(PartyMemberKind.FULL, VotingStatus.PROBATION)
    for _ in range(detained):
        member(PartyMemberKind.FULL, VotingStatus.DETAINED)
    for _ in range(excluded):
        member(
            PartyMemberKind.FULL,
            excluded_from_quorum=True,
            exclusion_reason="外出务工半年以上",
            exclusion_approval="镇党委2021年9月1日批复",
        )


def seat(village, category, post, *, since="2018-01-01", **person):
    """Put a person on a village committee (current membership) and return the person."""
    import datetime

    from villages.tests.factories import PersonFactory, RosterMembershipFactory

    someone = PersonFactory(village=village, **person)
    RosterMembershipFactory(
        person=someone,
        village=village,
        category=category,
        post=post,
        start_date=datetime.date.fromisoformat(since),
    )
    return someone
