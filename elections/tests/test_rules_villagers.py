"""Villagers' committee rules V1, V5, V6, V7, V8, V11 (DOMAIN.md §7), table-driven.

Each case names the rule it checks and sits on a statutory boundary: exactly half,
exactly one third, one vote either side. Thresholds come from ``RULES`` (the
DOMAIN.md defaults of the rule set), never from the code.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from elections import rules
from elections.rules import PostTally, ResultStatus, Tally
from elections.rules import messages as m
from elections.rules.base import fill, threshold

from .support import RULES

DAY = date(2021, 12, 12)


def one_line(votes, seats=1, post="director", women=()):
    tallies = [
        Tally(key=k, votes=v, name=k, woman=k in women) for k, v in votes.items()
    ]
    return PostTally(post=post, seats=seats, tallies=tallies, label=post)


# --- V5: valid iff ballots cast > registered × vc_valid_turnout -----------------------------

V5_CASES = [
    # (registered, cast, valid, why)
    (1000, 500, False, "V5 exactly half is not more than half"),
    (1000, 501, True, "V5 one more than half"),
    (999, 499, False, "V5 odd roll: 499 < 499.5"),
    (999, 500, True, "V5 odd roll: 500 > 499.5"),
    (1, 1, True, "V5 single voter votes"),
    (2, 1, False, "V5 one of two is exactly half"),
]


@pytest.mark.parametrize(
    ("registered", "cast", "valid", "why"), V5_CASES, ids=[c[3] for c in V5_CASES]
)
def test_v5_election_valid_only_when_turnout_over_half(registered, cast, valid, why):
    # when
    finding = rules.vc_turnout(registered=registered, cast=cast, rules=RULES)
    # then
    assert finding.rule == "V5"
    assert finding.passed is valid, why
    assert finding.key == "vc_valid_turnout"


def test_v5_exactly_half_gives_invalid_outcome_with_reason():
    # given 1,000 registered, 500 ballots cast (exactly half)
    # when
    outcome = rules.vc_election(
        registered=1000,
        issued=500,
        cast=500,
        lines=[one_line({"甲": 400, "乙": 90})],
        rules=RULES,
    )
    # then
    assert outcome.valid is False
    assert outcome.results == ()
    (failed,) = outcome.failed
    assert failed.rule == "V5"
    assert failed.message == fill(
        m.V5_INVALID,
        cast=500,
        registered=1000,
        rule=threshold(RULES, "vc_valid_turnout").text(),
        needed=501,
    )


# --- V6: elected iff votes > cast × vc_win_share; ranking, ties, higher posts ----------------

V6_CASES = [
    # (cast, votes, elected, why)
    (1000, 500, False, "V6 exactly half of cast is not enough"),
    (1000, 501, True, "V6 one vote over half"),
    (999, 499, False, "V6 odd cast: 499 < 499.5"),
    (999, 500, True, "V6 odd cast: 500 > 499.5"),
]


@pytest.mark.parametrize(
    ("cast", "votes", "elected", "why"), V6_CASES, ids=[c[3] for c in V6_CASES]
)
def test_v6_candidate_elected_only_with_more_than_half_of_ballots_cast(
    cast, votes, elected, why
):
    # given a valid election (turnout well over half)
    line = one_line({"甲": votes, "乙": cast - votes})
    # when
    outcome = rules.vc_election(
        registered=cast + 100, issued=cast, cast=cast, lines=[line], rules=RULES
    )
    # then
    assert outcome.valid
    result = outcome.result_for("甲")
    assert result.rule == "V6"
    assert result.elected is elected, why


def test_v6_unfilled_seat_is_a_shortfall_for_a_separate_election_with_its_deadline():
    # given nobody passes half for 主任
    line = one_line({"甲": 480, "乙": 470}, post="director")
    # when
    outcome = rules.vc_election(
        registered=1200,
        issued=1000,
        cast=1000,
        lines=[line],
        rules=RULES,
        election_day=DAY,
    )
    # then
    assert outcome.shortfall == {"director": 1}
    shortfall = [f for f in outcome.failed if f.key == "runoff_within_days"]
    assert shortfall
    assert "2022年1月11日" in shortfall[0].message


def test_v6_more_winners_than_seats_go_by_votes():
    # given 2 seats, three candidates over half
    line = one_line({"甲": 700, "乙": 650, "丙": 600}, seats=2, post="member")
    # when
    outcome = rules.vc_election(
        registered=1200, issued=1000, cast=1000, lines=[line], rules=RULES
    )
    # then
    assert outcome.elected_keys == ["甲", "乙"]
    assert outcome.result_for("丙").status == ResultStatus.NOT_ELECTED
    assert outcome.result_for("丙").message == fill(m.V6_OUTRANKED, votes=600, seats=2)


def test_v6_tie_for_last_seat_means_re_vote_among_the_tied():
    # given 2 seats, 乙 and 丙 level for the second
    line = one_line({"甲": 700, "乙": 620, "丙": 620}, seats=2, post="member")
    # when
    outcome = rules.vc_election(
        registered=1200, issued=1000, cast=1000, lines=[line], rules=RULES
    )
    # then
    assert outcome.elected_keys == ["甲"]
    assert sorted(outcome.tied_keys) == ["丙", "乙"]
    assert outcome.shortfall == {}


def test_v6_person_elected_director_is_not_counted_again_as_member():
    # given 甲 over half both for 主任 and for 委员
    director = one_line({"甲": 800, "乙": 150}, post="director")
    members = one_line(
        {"甲": 600, "丙": 700, "丁": 650, "戊": 40}, seats=2, post="member"
    )
    # when
    outcome = rules.vc_election(
        registered=1200, issued=1000, cast=1000, lines=[director, members], rules=RULES
    )
    # then
    assert outcome.result_for("甲", "director").elected
    assert outcome.result_for("甲", "member").status == ResultStatus.HIGHER_POST
    assert set(outcome.elected_keys) == {"甲", "丙", "丁"}


# --- V6: 另行选举 by plurality with at least vc_runoff_min_share, within the time limit --------

RUNOFF_CASES = [
    # (cast, votes, elected, why)
    (900, 300, True, "V6 runoff exactly one third is enough"),
    (900, 299, False, "V6 runoff one vote short of a third"),
    (1000, 333, False, "V6 runoff 333 < 333.33"),
    (1000, 334, True, "V6 runoff 334 ≥ 333.33"),
]


@pytest.mark.parametrize(
    ("cast", "votes", "elected", "why"), RUNOFF_CASES, ids=[c[3] for c in RUNOFF_CASES]
)
def test_v6_runoff_winner_needs_at_least_one_third_of_ballots_cast(
    cast, votes, elected, why
):
    # given the most votes in a separate election
    line = one_line({"甲": votes, "乙": votes - 50})
    # when
    outcome = rules.vc_runoff(
        registered=cast + 100,
        issued=cast,
        cast=cast,
        lines=[line],
        rules=RULES,
        election_day=DAY,
        runoff_day=DAY,
    )
    # then
    assert outcome.valid
    assert outcome.result_for("甲").elected is elected, why
    assert outcome.result_for("乙").elected is False


RUNOFF_TIME_CASES = [
    (30, True, "V6 runoff on the 30th day is in time"),
    (31, False, "V6 runoff on the 31st day is late"),
]


@pytest.mark.parametrize(
    ("days", "in_time", "why"), RUNOFF_TIME_CASES, ids=[c[2] for c in RUNOFF_TIME_CASES]
)
def test_v6_runoff_must_be_held_within_the_rule_sets_days(days, in_time, why):
    # given
    from datetime import timedelta

    line = one_line({"甲": 600, "乙": 300})
    # when
    outcome = rules.vc_runoff(
        registered=1200,
        issued=1000,
        cast=1000,
        lines=[line],
        rules=RULES,
        election_day=DAY,
        runoff_day=DAY + timedelta(days=days),
    )
    # then
    assert outcome.valid is in_time, why
    assert outcome.findings[0].rule == "V6"
    assert outcome.findings[0].passed is in_time


def test_v6_runoff_before_the_election_day_is_refused():
    # when / then
    with pytest.raises(ValidationError) as excinfo:
        rules.vc_runoff(
            registered=1200,
            issued=1000,
            cast=1000,
            lines=[one_line({"甲": 600})],
            rules=RULES,
            election_day=DAY,
            runoff_day=date(2021, 12, 1),
        )
    assert "held_on" in excinfo.value.message_dict


# --- V1: committee of vc_size_min–vc_size_max with at least one woman ---------------------------

V1_SIZE_CASES = [
    (2, False, "V1 two members is too few"),
    (3, True, "V1 three members is the minimum"),
    (7, True, "V1 seven members is the maximum"),
    (8, False, "V1 eight members is too many"),
]


@pytest.mark.parametrize(
    ("size", "ok", "why"), V1_SIZE_CASES, ids=[c[2] for c in V1_SIZE_CASES]
)
def test_v1_committee_size_between_three_and_seven(size, ok, why):
    # when
    size_finding, _woman = rules.vc_composition(size=size, women=1, rules=RULES)
    # then
    assert size_finding.rule == "V1"
    assert size_finding.passed is ok, why
    assert (rules.vc_seats_errors(seats=size, rules=RULES) == []) is ok


@pytest.mark.parametrize(
    ("women", "ok"), [(0, False), (1, True)], ids=["V1 no woman", "V1 one woman"]
)
def test_v1_committee_needs_a_woman(women, ok):
    # when
    _size, woman = rules.vc_composition(size=5, women=women, rules=RULES)
    # then
    assert woman.rule == "V1"
    assert woman.passed is ok


def test_v1_all_men_elected_is_reported_on_the_outcome():
    # given three seats, only men elected
    director = one_line({"甲": 800}, post="director")
    members = one_line(
        {"乙": 700, "丙": 650, "丁": 100}, seats=2, post="member", women={"丁"}
    )
    # when
    outcome = rules.vc_election(
        registered=1200, issued=1000, cast=1000, lines=[director, members], rules=RULES
    )
    # then
    assert [f.message for f in outcome.failed] == [
        fill(m.V1_NO_WOMAN, women=0, size=3, low=3, high=7)
    ]


def test_v1_seats_outside_size_have_a_chinese_message():
    # when
    errors = rules.vc_seats_errors(seats=9, rules=RULES)
    # then
    assert errors == [fill(m.SEATS_OUTSIDE_SIZE, seats=9, low=3, high=7)]


# --- V7: returned ≤ issued; choices per ballot ≤ seats -------------------------------------------

V7_CASES = [
    (1000, 1000, True, "V7 returned equals issued"),
    (1000, 1001, False, "V7 one ballot more returned than issued voids the vote"),
]


@pytest.mark.parametrize(
    ("issued", "returned", "ok", "why"), V7_CASES, ids=[c[3] for c in V7_CASES]
)
def test_v7_returned_ballots_may_not_exceed_issued(issued, returned, ok, why):
    # when
    outcome = rules.vc_election(
        registered=1500,
        issued=issued,
        cast=returned,
        lines=[one_line({"甲": 900})],
        rules=RULES,
    )
    # then
    assert outcome.valid is ok, why
    assert outcome.findings[0].rule == "V7"
    assert outcome.findings[0].passed is ok


def test_v7_votes_above_ballots_times_seats_are_refused():
    # given 100 ballots, 2 seats → at most 200 votes on the line
    line = one_line({"甲": 90, "乙": 80, "丙": 40}, seats=2, post="member")
    # when / then
    with pytest.raises(ValidationError) as excinfo:
        rules.vc_election(
            registered=150, issued=100, cast=100, lines=[line], rules=RULES
        )
    assert excinfo.value.message_dict["votes"] == [
        fill(
            m.TOTAL_OVER_CHOICES,
            post="member",
            total=210,
            ballots=100,
            seats=2,
            limit=200,
        )
    ]


IMPOSSIBLE_CASES = [
    (
        {"registered": 100, "issued": 120, "cast": 120},
        {"甲": 60},
        "cast",
        "V5 more cast than registered",
    ),
    (
        {"registered": 200, "issued": 100, "cast": 100},
        {"甲": 101},
        "votes",
        "V6 more votes than ballots",
    ),
    (
        {"registered": 200, "issued": -1, "cast": 100},
        {"甲": 50},
        "issued",
        "negative ballots",
    ),
]


@pytest.mark.parametrize(
    ("numbers", "votes", "field", "why"),
    IMPOSSIBLE_CASES,
    ids=[c[3] for c in IMPOSSIBLE_CASES],
)
def test_impossible_vc_numbers_are_refused_with_a_message(numbers, votes, field, why):
    # when / then
    with pytest.raises(ValidationError) as excinfo:
        rules.vc_election(lines=[one_line(votes)], rules=RULES, **numbers)
    assert field in excinfo.value.message_dict, why
    assert all(msg for msg in excinfo.value.message_dict[field])


def test_votes_over_ballots_message_names_the_candidate():
    # when / then
    with pytest.raises(ValidationError) as excinfo:
        rules.vc_election(
            registered=200,
            issued=100,
            cast=100,
            lines=[one_line({"张三": 101})],
            rules=RULES,
        )
    assert excinfo.value.message_dict["votes"][0] == fill(
        m.VOTES_OVER_BALLOTS, name="张三", votes=101, ballots=100
    )


# --- V8: election committee and tellers are not candidates or candidates' relatives ---------

V8_CASES = [
    (
        {"c1": "甲"},
        {"c1": "甲"},
        {},
        set(),
        False,
        "V8 candidate on the election committee",
    ),
    ({"c1": "甲"}, {}, {"c1": "甲"}, set(), False, "V8 candidate counts votes"),
    (
        {"c1": "甲"},
        {},
        {"t1": "乙"},
        {frozenset({"c1", "t1"})},
        False,
        "V8 teller is a candidate's relative",
    ),
    ({"c1": "甲"}, {"e1": "丙"}, {"t1": "乙"}, set(), True, "V8 nobody conflicted"),
]


@pytest.mark.parametrize(
    ("candidates", "committee", "tellers", "relatives", "ok", "why"),
    V8_CASES,
    ids=[c[5] for c in V8_CASES],
)
def test_v8_election_staff_are_not_candidates_or_their_relatives(
    candidates, committee, tellers, relatives, ok, why
):
    # when
    findings = rules.election_staff_conflicts(
        candidates=candidates, committee=committee, tellers=tellers, relatives=relatives
    )
    # then
    assert all(f.rule == "V8" for f in findings)
    assert all(f.passed for f in findings) is ok, why


# --- V11: supervision committee excludes VC members and their close relatives ------------------

V11_CASES = [
    (
        {"s1": "甲"},
        {"s1": "甲"},
        set(),
        False,
        "V11 VC member on the supervision committee",
    ),
    (
        {"s1": "甲"},
        {"v1": "乙"},
        {frozenset({"s1", "v1"})},
        False,
        "V11 relative of a VC member",
    ),
    ({"s1": "甲"}, {"v1": "乙"}, set(), True, "V11 unrelated villager"),
]


@pytest.mark.parametrize(
    ("supervisors", "members", "relatives", "ok", "why"),
    V11_CASES,
    ids=[c[4] for c in V11_CASES],
)
def test_v11_supervision_committee_excludes_vc_members_and_relatives(
    supervisors, members, relatives, ok, why
):
    # when
    findings = rules.supervision_conflicts(
        supervisors=supervisors, vc_members=members, relatives=relatives
    )
    # then
    assert all(f.rule == "V11" for f in findings)
    assert all(f.passed for f in findings) is ok, why


def test_v11_message_names_the_related_member():
    # when
    (finding,) = rules.supervision_conflicts(
        supervisors={"s1": "王五"},
        vc_members={"v1": "李四"},
        relatives={frozenset({"s1", "v1"})},
    )
    # then
    assert finding.message == fill(m.V11_RELATIVE, name="王五", member="李四")


# --- V10: handover deadline from the rule set ---------------------------------------------------


def test_v10_handover_deadline_is_handover_days_after_the_election():
    # when / then
    assert rules.handover_deadline(elected_on=DAY, rules=RULES) == date(2021, 12, 22)


# --- V6 / P3: ties are decided by a re-vote among the tied --------------------------------------

REVOTE_CASES = [
    ({"乙": 300, "丙": 280}, ["乙"], [], "V6 re-vote most votes wins"),
    ({"乙": 290, "丙": 290}, [], ["乙", "丙"], "V6 re-vote level again votes again"),
]


@pytest.mark.parametrize(
    ("votes", "elected", "tied", "why"), REVOTE_CASES, ids=[c[3] for c in REVOTE_CASES]
)
def test_v6_revote_among_tied_is_won_by_most_votes(votes, elected, tied, why):
    # when
    outcome = rules.revote(issued=600, returned=590, line=one_line(votes), rule="V6")
    # then
    assert outcome.valid
    assert outcome.elected_keys == elected, why
    assert outcome.tied_keys == tied


def test_v7_revote_with_more_ballots_returned_than_issued_is_void():
    # when
    outcome = rules.revote(
        issued=500, returned=501, line=one_line({"乙": 300, "丙": 200}), rule="P3"
    )
    # then
    assert outcome.valid is False
    assert outcome.findings[0].rule == "V7"
