"""Every threshold comes from the rule set, and the arithmetic is exact."""

import ast
import pathlib
from datetime import date, timedelta
from fractions import Fraction

import pytest

from elections import rules
from elections.rules import Tally

from .support import RuleBook

RULES_DIR = pathlib.Path(rules.__file__).parent


@pytest.mark.parametrize(
    ("rule_set", "registered", "cast", "valid"),
    [
        (
            RuleBook(vc_valid_turnout=Fraction(2, 3)),
            900,
            600,
            False,
        ),  # a stricter province
        (RuleBook(vc_valid_turnout=Fraction(2, 3)), 900, 601, True),
        (RuleBook(vc_valid_turnout=Fraction(1, 2)), 1000, 501, True),
    ],
    ids=["V5 2/3 exactly is invalid", "V5 2/3 plus one is valid", "V5 default half"],
)
def test_v5_threshold_is_read_from_the_rule_set(rule_set, registered, cast, valid):
    # when
    finding = rules.vc_turnout(registered=registered, cast=cast, rules=rule_set)
    # then
    assert finding.passed is valid


def test_comparison_is_read_from_the_rule_set_row():
    # given a rule set whose turnout row says "at least" instead of "more than"
    lenient = RuleBook(comparisons={"vc_valid_turnout": "at_least"})
    # when
    finding = rules.vc_turnout(registered=1000, cast=500, rules=lenient)
    # then exactly half now suffices
    assert finding.passed is True


def test_rule_set_without_rows_uses_the_statutory_comparison():
    # given a plain mapping-like rule set with only values
    class Values:
        def get(self, key):
            return RuleBook().get(key)

    # when / then exactly half is still not enough (过半数)
    assert rules.vc_turnout(registered=1000, cast=500, rules=Values()).passed is False
    assert rules.vc_runoff(
        registered=1000,
        issued=600,
        cast=600,
        lines=[rules.PostTally("m", 1, [Tally("甲", 200)])],
        rules=Values(),
        election_day=date(2021, 12, 12),
        runoff_day=date(2021, 12, 12),
    ).elected_keys == ["甲"]


def test_p2_margin_is_read_from_the_rule_set():
    # given a province asking a 30 % margin: 5 seats → 6.5 → 7 candidates
    strict = RuleBook(party_margin=Fraction(3, 10))
    # then
    assert rules.party_margin_needed(seats=5, rules=strict) == 7
    assert rules.party_margin(seats=5, candidates=6, rules=strict).passed is False


def test_v6_runoff_time_limit_is_read_from_the_rule_set():
    # given Beijing's 15 days
    beijing = RuleBook(runoff_within_days=15)
    day = date(2021, 12, 12)
    # when
    assert rules.runoff_deadline(election_day=day, rules=beijing) == day + timedelta(
        days=15
    )


def test_missing_rule_row_is_an_error_not_a_silent_default():
    # given a rule set without the VC turnout row
    empty = RuleBook()
    del empty.values["vc_valid_turnout"]
    # when / then
    with pytest.raises(KeyError, match="vc_valid_turnout"):
        rules.vc_turnout(registered=10, cast=6, rules=empty)


def test_exact_fraction_arithmetic_on_large_rolls():
    # given 3,000,001 registered: half is 1,500,000.5
    # then
    assert rules.needed_more_than(3_000_001, Fraction(1, 2)) == 1_500_001
    assert rules.needed_at_least(3_000_000, Fraction(1, 3)) == 1_000_000
    assert rules.needed_at_least(3_000_001, Fraction(1, 3)) == 1_000_001


def test_rule_modules_contain_no_threshold_literals():
    # given the statutory shares 1/2, 1/3, 2/3, 4/5, 1/5 and sizes 3, 7
    suspicious = []
    for path in RULES_DIR.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", "") == "Fraction"
                and node.args
            ) and all(isinstance(a, ast.Constant) for a in node.args):
                suspicious.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.Constant) and isinstance(node.value, float):
                suspicious.append(f"{path.name}:{node.lineno}")
    # then
    assert suspicious == []


def test_rule_keys_name_every_rule_and_its_rows():
    # then
    assert set(rules.RULE_KEYS) >= {
        "V1",
        "V5",
        "V6",
        "V7",
        "V8",
        "V11",
        "P1",
        "P2",
        "P3",
        "P4",
        "P5",
    }
    # V5 reads the turnout row, and for a 另行选举 whether it applies again
    assert rules.RULE_KEYS["V5"] == ("vc_valid_turnout", "vc_runoff_turnout")
    assert set(rules.FIXED_BASIS) == {k for k, v in rules.RULE_KEYS.items() if not v}


def test_tally_order_is_kept_in_results():
    # given candidates entered in ballot order
    outcome = rules.party_election(
        entitled=10,
        present=10,
        issued=10,
        returned=10,
        seats=1,
        tallies=[Tally("乙", 3), Tally("甲", 7)],
        rules=RuleBook(),
    )
    # then
    assert [r.key for r in outcome.results] == ["乙", "甲"]


@pytest.mark.django_db
def test_default_rule_set_of_stages_drives_the_rules():
    # given the rule set the stages app loads from DOMAIN.md
    from stages.defaults import load_rules
    from stages.models import RuleBook as StagesRuleBook

    book = StagesRuleBook(load_rules())
    # when / then: exactly half invalid, one more valid; runoff at exactly a third
    assert rules.vc_turnout(registered=1000, cast=500, rules=book).passed is False
    assert rules.vc_turnout(registered=1000, cast=501, rules=book).passed is True
    assert rules.party_quorum(entitled=50, present=40, rules=book).passed is False
    assert rules.party_margin(seats=5, candidates=6, rules=book).passed is True
    assert (
        rules.recommend_attendance(entitled=60, present=40, rules=book).passed is False
    )
    assert rules.runoff_deadline(election_day=date(2021, 12, 12), rules=book) == date(
        2022, 1, 11
    )
