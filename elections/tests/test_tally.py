"""``manage.py tally`` (SPEC §5): each rule at its boundary, refusals, malformed files.

The command runs the rule functions of the real counting under the database's
rule sets (the 2026 default, ``--rule-set vc-law-2018``); it never writes.
"""

import json
import os
import subprocess
import sys
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from stages.defaults import load_rules
from stages.rule_sets import RULE_SET_2026_CODE, load_rule_set_2026

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def rule_sets(db):
    load_rules()
    return load_rule_set_2026()


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_app_config("elections").get_models()
    }


@pytest.fixture
def tally(rule_sets, tmp_path, capsys):
    """Run the command on a scenario; return the parsed JSON, asserting no writes."""

    def run(scenario, *args):
        before = row_counts()
        path = tmp_path / "scenario.json"
        path.write_text(json.dumps(scenario, ensure_ascii=False), encoding="utf-8")
        call_command("tally", str(path), "--json", *args)
        assert row_counts() == before
        return json.loads(capsys.readouterr().out)

    return run


def vc(registered=1000, issued=None, cast=501, runoff=False, posts=None, **extra):
    return {
        "kind": "vc",
        "registered": registered,
        "issued": cast if issued is None else issued,
        "cast": cast,
        "runoff": runoff,
        "posts": posts
        or {
            "主任": {"seats": 1, "votes": {"甲": 300, "乙": 200}},
            "副主任": {"seats": 1, "votes": {"丙": 400, "丁": 100}},
            "委员": {"seats": 1, "votes": {"戊": 260, "己": 240}},
        },
        **extra,
    }


def finding(result, rule):
    return [f for f in result["findings"] if f["rule"] == rule]


# --- V5 / V6 / V1 ------------------------------------------------------------------


def test_v5_turnout_exactly_half_is_invalid(tally):
    result = tally(vc(registered=1000, cast=500))
    assert result["valid"] is False
    assert result["refused"] is False
    (v5,) = finding(result, "V5")
    assert v5["passed"] is False
    assert "无效" in v5["message"]
    assert result["elected"] == {}
    assert result["shortfall"] == {}


def test_v5_turnout_half_plus_one_is_valid(tally):
    result = tally(vc(registered=1000, cast=501, women=["丙"]))
    assert result["valid"] is True
    assert finding(result, "V5")[0]["passed"] is True
    assert result["elected"] == {"主任": ["甲"], "副主任": ["丙"], "委员": ["戊"]}
    assert result["shortfall"] == {}


def test_v6_win_share_boundary_leaves_a_shortfall(tally):
    posts = {
        "主任": {"seats": 1, "votes": {"甲": 251, "乙": 250}},
        "委员": {"seats": 2, "votes": {"丙": 250, "丁": 251, "戊": 0}},
    }
    result = tally(vc(cast=501, posts=posts))
    assert result["valid"] is True
    assert result["elected"] == {"主任": ["甲"], "委员": ["丁"]}
    assert result["shortfall"] == {"委员": 1}
    messages = " ".join(f["message"] for f in result["findings"])
    assert "丙：V6：得250票" in messages
    assert "未当选" in messages
    assert "另行选举" in messages


def test_vc_committee_without_a_woman_fails_v1(tally):
    result = tally(vc(cast=501))
    v1 = finding(result, "V1")
    assert [f["passed"] for f in v1] == [True, False]
    assert "妇女" in v1[1]["message"]


@pytest.mark.parametrize(
    ("size", "women", "valid"),
    [(2, 1, False), (3, 1, True), (7, 1, True), (8, 1, False), (3, 0, False)],
)
def test_v1_committee_size_and_women(tally, size, women, valid):
    result = tally({"kind": "vc_committee", "size": size, "women": women})
    assert result["valid"] is valid
    assert result["refused"] is False
    assert all(f["rule"] == "V1" for f in result["findings"])


def test_runoff_plurality_needs_a_third_of_the_cast(tally):
    posts = {"委员": {"seats": 1, "votes": {"甲": 200, "乙": 150}}}
    result = tally(vc(cast=600, runoff=True, posts=posts))
    assert result["elected"] == {"委员": ["甲"]}  # 200 = 600 / 3: at least a third
    posts = {"委员": {"seats": 1, "votes": {"甲": 199, "乙": 150}}}
    result = tally(vc(cast=600, runoff=True, posts=posts))
    assert result["elected"] == {"委员": []}
    assert result["shortfall"] == {"委员": 1}
    assert "三分之一" in " ".join(f["message"] for f in result["findings"])


def test_runoff_late_is_invalid(tally):
    posts = {"委员": {"seats": 1, "votes": {"甲": 300}}}
    scenario = vc(cast=600, runoff=True, posts=posts, election_day="2026-12-01") | {
        "runoff_day": "2027-01-15"
    }
    result = tally(scenario)
    assert result["valid"] is False
    assert finding(result, "V6")[0]["passed"] is False


# --- party --------------------------------------------------------------------------------


def party(entitled=50, present=41, seats=5, votes=None, **extra):
    votes = votes or {"甲": 40, "乙": 38, "丙": 30, "丁": 27, "戊": 26, "己": 10}
    return {
        "kind": "party",
        "entitled": entitled,
        "present": present,
        "issued": present,
        "returned": present,
        "seats": seats,
        "votes": votes,
        **extra,
    }


def test_p1_quorum_exactly_four_fifths_is_invalid(tally):
    result = tally(party(present=40))
    assert result["valid"] is False
    assert finding(result, "P1")[0]["passed"] is False


def test_p1_quorum_above_four_fifths_and_p3_boundary(tally):
    votes = {"甲": 40, "乙": 38, "丙": 30, "丁": 26, "戊": 25, "己": 10}
    result = tally(party(present=41, votes=votes))
    assert result["valid"] is True
    # P3: more than half of 应到会 50 → 26 votes; 25 is not enough.
    assert result["elected"] == {"委员": ["甲", "乙", "丙", "丁"]}
    assert result["shortfall"] == {"委员": 1}


@pytest.mark.parametrize(
    ("seats", "candidates", "valid"),
    [(5, 5, False), (5, 6, True), (7, 8, False), (7, 9, True), (3, 4, True)],
)
def test_p2_margin(tally, seats, candidates, valid):
    result = tally({"kind": "party_margin", "seats": seats, "candidates": candidates})
    assert result["valid"] is valid
    assert result["findings"][0]["rule"] == "P2"


def test_p2_applies_inside_a_party_election(tally):
    result = tally(party(votes={"甲": 40, "乙": 38, "丙": 30, "丁": 27, "戊": 26}))
    assert result["valid"] is False
    assert finding(result, "P2")[0]["passed"] is False


@pytest.mark.parametrize(("present", "valid"), [(20, False), (21, True)])
def test_p5_recommendation_attendance(tally, present, valid):
    result = tally({"kind": "recommendation", "entitled": 30, "present": present})
    assert result["valid"] is valid
    assert result["findings"][0]["rule"] == "P5"


def test_p5_recommendation_with_votes(tally):
    scenario = {
        "kind": "recommendation",
        "entitled": 30,
        "present": 25,
        "seats": 5,
        "shortlist": 6,
        "votes": {"甲": 20, "乙": 19, "丙": 18, "丁": 17, "戊": 16, "己": 15, "庚": 3},
    }
    result = tally(scenario)
    assert result["valid"] is True
    assert result["elected"] == {"初步人选": ["甲", "乙", "丙", "丁", "戊", "己"]}
    scenario["shortlist"] = 5
    assert tally(scenario)["valid"] is False


def test_party_entitlement_counts_only_full_voting_members(tally):
    members = (
        [{"member": "full", "voting": "normal", "excluded": False}] * 10
        + [{"member": "full", "voting": "normal", "excluded": True}]
        + [{"member": "full", "voting": "probation", "excluded": False}]
        + [{"member": "full", "voting": "detained", "excluded": False}]
        + [{"member": "probationary", "voting": "normal", "excluded": False}] * 2
    )
    result = tally({"kind": "party_entitlement", "members": members})
    assert result["entitled"] == 10
    assert result["valid"] is True
    assert result["findings"][0]["rule"] == "P4"


# --- refused: impossible numbers -----------------------------------------------------------


def test_votes_over_cast_are_refused(tally):
    posts = {"主任": {"seats": 1, "votes": {"甲": 502, "乙": 0}}}
    result = tally(vc(cast=501, posts=posts))
    assert result["refused"] is True
    assert result["valid"] is False
    assert "甲" in result["findings"][0]["message"]
    assert result["findings"][0]["rule"] == "V7"


def test_cast_over_registered_is_refused(tally):
    result = tally(vc(registered=100, cast=101))
    assert result["refused"] is True
    assert "登记选民" in result["findings"][0]["message"]


def test_party_present_over_entitled_is_refused(tally):
    result = tally(party(entitled=40, present=41))
    assert result["refused"] is True
    assert result["findings"][0]["rule"] == "P1"


def test_returned_over_issued_voids_the_vote(tally):
    """More ballots back than issued: the vote is void (V7), as the real count records."""
    result = tally(vc(issued=500, cast=501))
    assert result["valid"] is False
    (v7,) = finding(result, "V7")
    assert v7["passed"] is False
    result = tally(party() | {"issued": 40, "returned": 41})
    assert result["valid"] is False
    assert finding(result, "V7")[0]["passed"] is False


def test_more_women_than_members_is_refused(tally):
    result = tally({"kind": "vc_committee", "size": 3, "women": 4})
    assert result["refused"] is True


# --- rule sets -------------------------------------------------------------------------------


def test_rule_set_option_picks_the_2018_set(tally):
    result = tally(vc(cast=501, women=["丙"]), "--rule-set", "vc-law-2018")
    assert result["valid"] is True
    result = tally(vc(cast=501, women=["丙"]), "--rule-set", RULE_SET_2026_CODE)
    assert result["valid"] is True


def test_rule_set_numbers_come_from_the_rows(tally, rule_sets):
    rule_sets.rules.filter(key="vc_valid_turnout").update(numerator=2, denominator=3)
    assert tally(vc(registered=1000, cast=600))["valid"] is False
    assert tally(vc(registered=1000, cast=667, issued=700))["valid"] is True


# --- malformed files: exit 2, nothing written -----------------------------------------------


MALFORMED = [
    ("{not json", "JSON"),
    ("[1, 2]", "kind"),
    ('{"kind": "count"}', "count"),
    ('{"kind": "vc", "registered": 10, "cast": 6, "posts": {}}', "issued"),
    ('{"kind": "party_margin", "seats": -1, "candidates": 2}', "seats"),
    ('{"kind": "party_margin", "seats": "5", "candidates": 2}', "seats"),
    ('{"kind": "party_margin", "seats": 5, "candidates": 2.5}', "candidates"),
    ('{"kind": "vc_committee", "size": true, "women": 1}', "size"),
    ('{"kind": "vc_committee", "size": 5, "women": 1, "wmen": 1}', "wmen"),
    (
        '{"kind": "vc", "registered": 10, "issued": 6, "cast": 6, '
        '"posts": {"主任": {"seats": 1, "votes": {"甲": -1}}}}',
        "posts.主任.votes.甲",
    ),
    (
        '{"kind": "vc", "registered": 10, "issued": 6, "cast": 6, "posts": {"主任": 3}}',
        "posts.主任",
    ),
    ('{"kind": "vc", "registered": 10, "issued": 6, "cast": 6, "posts": {}}', "posts"),
    ('{"kind": "party_entitlement", "members": [{"member": "guest"}]}', "member"),
    (
        '{"kind": "vc", "registered": 10, "issued": 6, "cast": 6, "runoff": "yes",'
        ' "posts": {"主任": {"seats": 1, "votes": {}}}}',
        "runoff",
    ),
]


@pytest.mark.parametrize(("text", "names"), MALFORMED)
def test_malformed_file_exits_2_with_a_chinese_message(
    rule_sets, tmp_path, text, names
):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    before = row_counts()
    with pytest.raises(CommandError) as raised:
        call_command("tally", str(path), "--json")
    assert raised.value.returncode == 2
    message = str(raised.value)
    assert names in message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    assert row_counts() == before


def test_missing_file_and_unknown_rule_set_exit_2(rule_sets, tmp_path):
    with pytest.raises(CommandError) as raised:
        call_command("tally", str(tmp_path / "none.json"), "--json")
    assert raised.value.returncode == 2
    assert "找不到文件" in str(raised.value)
    path = tmp_path / "ok.json"
    path.write_text('{"kind": "vc_committee", "size": 5, "women": 1}')
    with pytest.raises(CommandError) as raised:
        call_command("tally", str(path), "--json", "--rule-set", "nowhere")
    assert raised.value.returncode == 2
    assert "nowhere" in str(raised.value)
    assert "vc-law-2018" in str(raised.value)


def test_subprocess_exit_status_and_stderr(tmp_path):
    """The real process: exit 2 and a Chinese message on stderr, nothing on stdout."""
    path = tmp_path / "bad.json"
    path.write_text('{"kind": "vc", "registered": -5}', encoding="utf-8")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "election_admin.settings.test"}
    done = subprocess.run(
        [sys.executable, "manage.py", "tally", str(path), "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "registered" in done.stderr
    assert "不小于0的整数" in done.stderr


# --- runoff turnout: a rule-set row (vc_runoff_turnout) -------------------------------------


def runoff(cast, registered=1000):
    posts = {"委员": {"seats": 1, "votes": {"甲": cast // 2, "乙": cast // 4}}}
    return vc(registered=registered, cast=cast, runoff=True, posts=posts)


@pytest.mark.parametrize("code", ["vc-law-2018", RULE_SET_2026_CODE])
def test_runoff_needs_half_turnout_by_default(tally, code):
    result = tally(runoff(500), "--rule-set", code)
    assert result["valid"] is False
    assert finding(result, "V5")[0]["passed"] is False
    result = tally(runoff(501), "--rule-set", code)
    assert result["valid"] is True
    assert result["elected"] == {"委员": ["甲"]}


@pytest.mark.parametrize("code", ["vc-law-2018", RULE_SET_2026_CODE])
def test_runoff_turnout_switched_off_in_the_rule_set(tally, code):
    from stages.models import Rule

    Rule.objects.filter(rule_set__code=code, key="vc_runoff_turnout").update(
        numerator=0, denominator=1
    )
    result = tally(runoff(300), "--rule-set", code)
    assert result["valid"] is True
    (v5,) = finding(result, "V5")
    assert v5["passed"] is True
    assert "另行选举" in v5["message"]
    # 150 of 300 cast is at least a third: elected by plurality (V6).
    assert result["elected"] == {"委员": ["甲"]}
    # The first round still needs more than half of the registered voters.
    assert tally(vc(cast=300), "--rule-set", code)["valid"] is False


def test_runoff_turnout_row_in_both_sets_with_its_basis(rule_sets):
    from stages.models import Rule

    rows = Rule.objects.filter(key="vc_runoff_turnout")
    assert sorted(rows.values_list("rule_set__code", flat=True)) == [
        "vc-law-2018",
        RULE_SET_2026_CODE,
    ]
    for row in rows:
        assert row.value == Fraction(1, 2)
        assert row.comparison == "more_than"
        assert "第十五条" in row.legal_basis or "十五" in row.note
        assert "0" in row.note


def test_loader_adds_the_row_to_a_set_a_closed_round_used(db, township):
    """Rows of a set used by a finished round are locked; a new key is still added."""
    from stages.choices import RoundStatus
    from stages.defaults import load_defaults
    from stages.models import ElectionRound, Rule

    rule_set = load_rules()
    ElectionRound.objects.create(
        township=township,
        name="2021年换届",
        start_date=date(2021, 1, 1),
        target_end_date=date(2021, 6, 30),
        status=RoundStatus.CLOSED,
        rule_set=rule_set,
    )
    rule_set.rules.filter(key="vc_runoff_turnout").delete()
    load_defaults()
    load_defaults()
    assert rule_set.rules.filter(key="vc_runoff_turnout").count() == 1
    assert rule_set.book().get("vc_runoff_turnout") == Fraction(1, 2)
    assert Rule.objects.filter(key="vc_runoff_turnout").count() == 2


def test_counting_reads_the_row_not_code():
    """The real counting calls vc_runoff; the row decides whether V5 applies."""
    from elections import rules
    from elections.tests.support import RuleBook

    line = rules.PostTally("委员", 1, (rules.Tally("甲", 120), rules.Tally("乙", 80)))
    numbers = {
        "registered": 1000,
        "issued": 300,
        "cast": 300,
        "lines": [line],
        "election_day": date(2026, 12, 1),
        "runoff_day": date(2026, 12, 10),
    }
    required = rules.vc_runoff(**numbers, rules=RuleBook())
    assert required.valid is False
    off = rules.vc_runoff(**numbers, rules=RuleBook(vc_runoff_turnout=Fraction(0)))
    assert off.valid is True
    assert off.elected_keys == ["甲"]
    third = rules.vc_runoff(**numbers, rules=RuleBook(vc_runoff_turnout=Fraction(1, 4)))
    assert third.valid is True


# --- V3: more VC candidates than seats per post ---------------------------------------------


def test_v3_as_many_candidates_as_seats_is_refused_naming_the_post(tally):
    posts = {
        "主任": {"seats": 1, "votes": {"甲": 300, "乙": 200}},
        "委员": {"seats": 2, "votes": {"丙": 400, "丁": 300}},
    }
    result = tally(vc(cast=501, posts=posts))
    assert result["refused"] is True
    assert result["valid"] is False
    failed = [f for f in result["findings"] if not f["passed"]]
    assert [f["rule"] for f in failed] == ["V3"]
    assert "委员" in failed[0]["message"]
    assert "至少3名" in failed[0]["message"]
    posts["委员"]["votes"]["戊"] = 10
    result = tally(vc(cast=501, posts=posts))
    assert result["refused"] is False
    assert [f["passed"] for f in finding(result, "V3")] == [True, True]


def test_v3_surplus_comes_from_the_rule_set(tally, rule_sets):
    rule_sets.rules.filter(key="vc_candidate_surplus").update(numerator=2)
    posts = {"主任": {"seats": 1, "votes": {"甲": 300, "乙": 200}}}
    result = tally(vc(cast=501, posts=posts))
    assert result["refused"] is True
    assert "至少3名" in result["findings"][0]["message"]


def test_v3_does_not_bind_a_runoff(tally):
    posts = {"委员": {"seats": 1, "votes": {"甲": 300}}}
    result = tally(vc(cast=600, runoff=True, posts=posts))
    assert result["refused"] is False
    assert result["elected"] == {"委员": ["甲"]}
