"""Party committee rules P1–P5 (DOMAIN.md §7), table-driven on statutory boundaries.

Exactly 4/5 present, exactly half of 应到会, exactly 20 % margin, exactly 2/3
attendance: each case names the rule it checks.
"""

from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError

from elections import rules
from elections.rules import ResultStatus, Tally
from elections.rules import messages as m
from elections.rules.base import fill, threshold
from villages.choices import PartyMemberKind, VotingStatus

from .support import RULES


def tallies(votes):
    return [Tally(key=k, votes=v, name=k) for k, v in votes.items()]


# --- P1: valid iff voting members present > 4/5 of 应到会 ------------------------------------

P1_CASES = [
    (50, 40, False, "P1 exactly four fifths is not more"),
    (50, 41, True, "P1 one more than four fifths"),
    (51, 40, False, "P1 40 < 40.8"),
    (51, 41, True, "P1 41 > 40.8"),
    (5, 4, False, "P1 small branch 4 of 5 is exactly four fifths"),
    (5, 5, True, "P1 small branch all present"),
]


@pytest.mark.parametrize(
    ("entitled", "present", "valid", "why"), P1_CASES, ids=[c[3] for c in P1_CASES]
)
def test_p1_meeting_valid_only_with_more_than_four_fifths_present(
    entitled, present, valid, why
):
    # when
    finding = rules.party_quorum(entitled=entitled, present=present, rules=RULES)
    # then
    assert finding.rule == "P1"
    assert finding.passed is valid, why


def test_p1_exactly_four_fifths_makes_the_election_invalid_with_reason():
    # when
    outcome = rules.party_election(
        entitled=50,
        present=40,
        issued=40,
        returned=40,
        seats=5,
        tallies=tallies({"甲": 38, "乙": 37, "丙": 36, "丁": 35, "戊": 30, "己": 10}),
        rules=RULES,
    )
    # then
    assert outcome.valid is False
    assert outcome.failed[0].message == fill(
        m.P1_INVALID,
        present=40,
        entitled=50,
        **threshold(RULES, "party_quorum").params(),
        needed=41,
    )


# --- P2: candidates ≥ seats × 1.2 and > seats ---------------------------------------------------

P2_CASES = [
    (5, 6, True, "P2 five seats six candidates is exactly 20 %"),
    (5, 5, False, "P2 equal election is not allowed"),
    (3, 4, True, "P2 three seats need 3.6 → 4"),
    (3, 3, False, "P2 three seats three candidates"),
    (7, 9, True, "P2 seven seats need 8.4 → 9"),
    (7, 8, False, "P2 seven seats eight candidates is under 20 %"),
    (10, 12, True, "P2 ten seats twelve is exactly 20 %"),
    (10, 11, False, "P2 ten seats eleven is 10 %"),
    (1, 2, True, "P2 one seat needs more than one candidate"),
]


@pytest.mark.parametrize(
    ("seats", "candidates", "ok", "why"), P2_CASES, ids=[c[3] for c in P2_CASES]
)
def test_p2_candidate_margin_at_least_twenty_percent(seats, candidates, ok, why):
    # when
    finding = rules.party_margin(seats=seats, candidates=candidates, rules=RULES)
    # then
    assert finding.rule == "P2"
    assert finding.passed is ok, why


def test_p2_too_few_candidates_make_the_election_invalid():
    # when
    outcome = rules.party_election(
        entitled=50,
        present=48,
        issued=48,
        returned=48,
        seats=5,
        tallies=tallies({"甲": 40, "乙": 40, "丙": 40, "丁": 40, "戊": 40}),
        rules=RULES,
    )
    # then
    assert outcome.valid is False
    assert [f.rule for f in outcome.failed] == ["P2"]
    assert outcome.failed[0].message == fill(
        m.P2_SHORT,
        seats=5,
        candidates=5,
        **threshold(RULES, "party_margin").params(percent=True),
        needed=6,
    )


# --- P3: elected iff yes-votes > half of 应到会 (not of those present) ---------------------------

P3_CASES = [
    (50, 25, False, "P3 exactly half of 应到会 is not enough"),
    (50, 26, True, "P3 one more than half of 应到会"),
    (51, 25, False, "P3 25 < 25.5"),
    (51, 26, True, "P3 26 > 25.5"),
]


@pytest.mark.parametrize(
    ("entitled", "votes", "elected", "why"), P3_CASES, ids=[c[3] for c in P3_CASES]
)
def test_p3_elected_only_with_more_than_half_of_the_entitled(
    entitled, votes, elected, why
):
    # given a valid meeting (all present) and three seats
    outcome = rules.party_election(
        entitled=entitled,
        present=entitled,
        issued=entitled,
        returned=entitled,
        seats=3,
        tallies=tallies({"甲": votes, "乙": 45, "丙": 44, "丁": 3}),
        rules=RULES,
    )
    # then
    assert outcome.valid
    result = outcome.result_for("甲")
    assert result.rule == "P3"
    assert result.elected is elected, why


def test_p3_threshold_is_half_of_entitled_not_of_present():
    # given 50 entitled, 42 present; 24 votes is more than half of those present (21) but not of 50
    outcome = rules.party_election(
        entitled=50,
        present=42,
        issued=42,
        returned=42,
        seats=1,
        tallies=tallies({"甲": 24, "乙": 18}),
        rules=RULES,
    )
    # then
    assert outcome.result_for("甲").status == ResultStatus.NOT_ELECTED
    assert outcome.shortfall == {"": 1}


def test_p3_shortfall_asks_for_separate_election_or_recorded_reduction():
    # given 3 seats, only 2 over half of 50
    outcome = rules.party_election(
        entitled=50,
        present=45,
        issued=45,
        returned=45,
        seats=3,
        tallies=tallies({"甲": 40, "乙": 30, "丙": 20, "丁": 20}),
        rules=RULES,
    )
    # then
    assert outcome.elected_keys == ["甲", "乙"]
    assert outcome.shortfall == {"": 1}
    assert outcome.failed[-1].message == fill(m.P3_SHORTFALL, count=1)


def test_p3_tie_at_the_last_seat_means_re_vote():
    # given 2 seats, 乙 and 丙 level over half
    outcome = rules.party_election(
        entitled=60,
        present=55,
        issued=55,
        returned=55,
        seats=2,
        tallies=tallies({"甲": 40, "乙": 32, "丙": 32}),
        rules=RULES,
    )
    # then
    assert outcome.elected_keys == ["甲"]
    assert sorted(outcome.tied_keys) == ["丙", "乙"]
    assert outcome.result_for("乙").message == fill(
        m.P3_TIE, votes=32, others="丙", left=1
    )


def test_p3_separate_election_is_not_bound_by_the_margin():
    # given one seat left, one candidate
    outcome = rules.party_election(
        entitled=50,
        present=45,
        issued=45,
        returned=45,
        seats=1,
        tallies=tallies({"丙": 30}),
        rules=RULES,
        runoff=True,
    )
    # then
    assert outcome.valid
    assert outcome.elected_keys == ["丙"]


REDUCTION_CASES = [
    (40, 20, False, "P3 reduction with exactly half the electors' consent"),
    (40, 21, True, "P3 reduction with more than half"),
]


@pytest.mark.parametrize(
    ("present", "consent", "ok", "why"),
    REDUCTION_CASES,
    ids=[c[3] for c in REDUCTION_CASES],
)
def test_p3_seat_reduction_needs_more_than_half_of_electors(present, consent, ok, why):
    # when
    finding = rules.seat_reduction(present=present, consent=consent, rules=RULES)
    # then
    assert finding.rule == "P3"
    assert finding.passed is ok, why


def test_p3_secretary_elected_by_more_than_half_of_the_new_committee():
    # given a committee of 5; 3 votes > 2.5
    outcome = rules.committee_post_election(
        committee_size=5,
        present=5,
        seats=1,
        tallies=tallies({"甲": 3, "乙": 2}),
        rules=RULES,
    )
    # then
    assert outcome.elected_keys == ["甲"]


def test_p3_secretary_with_half_of_an_even_committee_is_not_elected():
    # given a committee of 4; 2 votes is exactly half
    outcome = rules.committee_post_election(
        committee_size=4,
        present=4,
        seats=1,
        tallies=tallies({"甲": 2, "乙": 2}),
        rules=RULES,
    )
    # then
    assert outcome.elected_keys == []
    assert outcome.shortfall == {"": 1}


# --- P1/V7 impossible numbers for Party elections ------------------------------------------------

PARTY_IMPOSSIBLE = [
    (
        {"entitled": 50, "present": 51, "issued": 50, "returned": 50},
        {"甲": 30},
        "present",
        "P1 present above 应到会",
    ),
    (
        {"entitled": 50, "present": 45, "issued": 46, "returned": 45},
        {"甲": 30},
        "issued",
        "V7 ballots issued above present",
    ),
    (
        {"entitled": 50, "present": 45, "issued": 45, "returned": 45},
        {"甲": 46},
        "votes",
        "P3 votes above ballots",
    ),
    (
        {"entitled": 0, "present": 0, "issued": 0, "returned": 0},
        {"甲": 0},
        "entitled",
        "P4 nobody entitled",
    ),
]


@pytest.mark.parametrize(
    ("numbers", "votes", "field", "why"),
    PARTY_IMPOSSIBLE,
    ids=[c[3] for c in PARTY_IMPOSSIBLE],
)
def test_impossible_party_numbers_are_refused(numbers, votes, field, why):
    # when / then
    with pytest.raises(ValidationError) as excinfo:
        rules.party_election(seats=1, tallies=tallies(votes), rules=RULES, **numbers)
    assert field in excinfo.value.message_dict, why


def test_v7_party_ballots_returned_above_issued_void_the_vote():
    # when
    outcome = rules.party_election(
        entitled=50,
        present=45,
        issued=44,
        returned=45,
        seats=1,
        tallies=tallies({"甲": 40, "乙": 5}),
        rules=RULES,
    )
    # then
    assert outcome.valid is False
    assert [f.rule for f in outcome.failed] == ["V7"]


# --- P4: only full members with a vote count in 应到会 ---------------------------------------------


@dataclass
class Member:
    party_member_kind: str = PartyMemberKind.FULL
    voting_status: str = VotingStatus.NORMAL
    excluded_from_quorum: bool = False
    exclusion_approval: str = ""


P4_CASES = [
    ([Member()], 1, "P4 a full member counts"),
    (
        [Member(party_member_kind=PartyMemberKind.PROBATIONARY)],
        0,
        "P4 probationary member has no vote",
    ),
    ([Member(voting_status=VotingStatus.PROBATION)], 0, "P4 留党察看 has no vote"),
    ([Member(voting_status=VotingStatus.DETAINED)], 0, "P4 留置/逮捕 has no vote"),
    (
        [
            Member(
                excluded_from_quorum=True, exclusion_approval="镇党委2021年9月1日批复"
            )
        ],
        0,
        "P4 approved exclusion",
    ),
    ([Member(excluded_from_quorum=True)], 1, "P4 unapproved exclusion still counts"),
]


@pytest.mark.parametrize(
    ("members", "entitled", "why"), P4_CASES, ids=[c[2] for c in P4_CASES]
)
def test_p4_entitled_counts_only_full_members_with_a_vote(members, entitled, why):
    # when
    result = rules.party_entitlement(members)
    # then
    assert result.entitled == entitled, why
    assert result.findings[0].rule == "P4"


def test_p4_unapproved_exclusion_is_reported():
    # when
    result = rules.party_entitlement([Member(), Member(excluded_from_quorum=True)])
    # then
    assert result.unapproved_exclusions == 1
    assert result.findings[1].message == fill(m.P4_UNAPPROVED, count=1)


# --- P5: recommendation meetings valid with > 2/3 present; shortlist ≥ seats × 1.2 -------------

P5_ATTENDANCE = [
    (60, 40, False, "P5 exactly two thirds is not more"),
    (60, 41, True, "P5 one more than two thirds"),
    (61, 40, False, "P5 40 < 40.67"),
    (61, 41, True, "P5 41 > 40.67"),
]


@pytest.mark.parametrize(
    ("entitled", "present", "valid", "why"),
    P5_ATTENDANCE,
    ids=[c[3] for c in P5_ATTENDANCE],
)
def test_p5_meeting_valid_only_with_more_than_two_thirds(entitled, present, valid, why):
    # when
    finding = rules.recommend_attendance(
        entitled=entitled, present=present, rules=RULES
    )
    # then
    assert finding.rule == "P5"
    assert finding.passed is valid, why


P5_MARGIN = [
    (5, 6, True, "P5 five seats six recommended is exactly 20 %"),
    (5, 5, False, "P5 five seats five recommended"),
    (3, 4, True, "P5 three seats four recommended"),
    (3, 3, False, "P5 three seats three recommended"),
]


@pytest.mark.parametrize(
    ("seats", "shortlist", "ok", "why"), P5_MARGIN, ids=[c[3] for c in P5_MARGIN]
)
def test_p5_recommendation_margin_at_least_twenty_percent(seats, shortlist, ok, why):
    # when
    finding = rules.recommend_margin(seats=seats, shortlist=shortlist, rules=RULES)
    # then
    assert finding.passed is ok, why


def test_p5_most_votes_are_recommended_and_ties_at_the_cut_vote_again():
    # given 3 seats → 4 recommended; 丁 and 戊 level for the fourth place
    outcome = rules.recommendation_meeting(
        entitled=60,
        present=50,
        seats=3,
        shortlist=4,
        tallies=tallies({"甲": 45, "乙": 40, "丙": 38, "丁": 20, "戊": 20, "己": 3}),
        rules=RULES,
    )
    # then
    assert outcome.valid
    assert outcome.elected_keys == ["甲", "乙", "丙"]
    assert sorted(outcome.tied_keys) == ["丁", "戊"]
    assert outcome.result_for("己").status == ResultStatus.NOT_ELECTED


def test_p5_invalid_meeting_recommends_nobody():
    # when
    outcome = rules.recommendation_meeting(
        entitled=60,
        present=40,
        seats=3,
        shortlist=4,
        tallies=tallies({"甲": 35, "乙": 30, "丙": 28, "丁": 20}),
        rules=RULES,
    )
    # then
    assert outcome.valid is False
    assert outcome.results == ()
    assert outcome.failed[0].message == fill(
        m.P5_INVALID,
        present=40,
        entitled=60,
        rule=threshold(RULES, "recommend_attendance").text(),
        needed=41,
    )


def test_p5_votes_above_present_are_refused():
    # when / then
    with pytest.raises(ValidationError) as excinfo:
        rules.recommendation_meeting(
            entitled=60,
            present=45,
            seats=1,
            shortlist=2,
            tallies=tallies({"甲": 46, "乙": 3}),
            rules=RULES,
        )
    assert excinfo.value.message_dict["votes"] == [
        fill(m.VOTES_OVER_PRESENT, name="甲", votes=46, present=45)
    ]
