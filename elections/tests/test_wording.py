"""The reasons the rules give read as a township clerk writes them (issue 14, item 9).

"超过参加投票人数（501人）的二分之一", not "超过二分之一参加投票的501人"; the
total sits between the comparison and the share in Chinese, while English keeps
"more than 1/2 of the 1000 ballots cast". Party votes are counted in 票.
"""

import pytest
from django.utils import translation

from elections import rules
from elections.rules import PostTally, Tally

from .support import RULES


def _texts(outcome):
    return [f.message for f in outcome.findings] + [r.message for r in outcome.results]


@pytest.fixture
def zh():
    with translation.override("zh-hans"):
        yield


def test_vc_winner_reason_puts_the_turnout_inside_the_share(zh):
    # given 1000 ballots cast and a 主任 with 600 votes, another with 400
    outcome = rules.vc_election(
        registered=1200,
        issued=1000,
        cast=1000,
        lines=[
            PostTally(
                post="director",
                seats=1,
                tallies=[Tally("a", 600, "甲"), Tally("b", 400, "乙")],
            )
        ],
        rules=RULES,
    )
    texts = _texts(outcome)
    # then the reasons name the total inside the share
    assert any(
        "得600票，超过参加投票人数（1000人）的二分之一（至少501票）——当选" in t
        for t in texts
    ), texts
    assert any(
        "当选须超过参加投票人数（1000人）的二分之一（至少501票）——未当选" in t
        for t in texts
    ), texts
    assert not any("二分之一参加投票的" in t for t in texts)


def test_party_reasons_read_quorum_margin_and_votes_in_piao(zh):
    # given 应到会 50, 45 present, 5 seats and 6 candidates
    tallies = [Tally(i, 30 - i, f"候选人{i}") for i in range(6)]
    outcome = rules.party_election(
        entitled=50,
        present=45,
        issued=45,
        returned=45,
        seats=5,
        tallies=tallies,
        rules=RULES,
    )
    texts = _texts(outcome)
    # then the quorum, the margin and the votes read naturally
    assert any(
        "超过应到会人数（50人）的五分之四（至少41人）——会议有效" in t for t in texts
    ), texts
    assert any("差额不少于应选人数的20%（至少6名候选人）" in t for t in texts), texts
    assert any(
        "得赞成票30票，超过应到会有选举权人数（50人）的二分之一" in t for t in texts
    ), texts
    assert not any("张" in t for t in texts if t.startswith("P3")), texts


def test_recommendation_margin_reason(zh):
    finding = rules.recommend_margin(seats=5, shortlist=5, rules=RULES)
    assert "差额应不少于职数的20%（至少6名）" in finding.message


def test_english_keeps_its_word_order():
    with translation.override("en"):
        finding = rules.party_quorum(entitled=50, present=45, rules=RULES)
    assert "more than 4/5 of the 50 entitled (at least 41)" in finding.message
