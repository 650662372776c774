"""Rule sets: every contract key seeded with its legal basis, typed values, versions."""

from fractions import Fraction

import pytest

from stages import services
from stages.choices import RuleKey
from stages.defaults import load_defaults, load_rules
from stages.models import Rule, RuleSet, Stage, TaskTemplate

from .factories import ElectionRoundFactory

pytestmark = pytest.mark.django_db

CONTRACT = {
    "voter_list_days_before": 20,
    "voter_list_appeal_days": 5,
    "appeal_decision_days": 3,
    "candidate_list_days_before": 5,
    "vc_withdrawal_days": 3,
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
    "review_days": 5,
    "report_verify_days": 5,
    "notice_days": 5,
    "escalate_overdue_days": 3,
}


def test_round_rules_return_the_contract_values_with_their_types(township):
    # given a round under the default rule set
    round = ElectionRoundFactory(township=township)
    # then each key answers an int or a Fraction as the contract says
    for key, expected in CONTRACT.items():
        value = round.rules.get(key)
        assert value == expected, key
        assert type(value) is type(expected), key


def test_every_rule_cites_its_legal_basis():
    rule_set = load_rules()
    assert rule_set.rules.count() == len(RuleKey.values)
    assert not Rule.objects.filter(legal_basis="").exists()
    assert "第十四条" in rule_set.rules.get(key="voter_list_days_before").legal_basis
    withdrawal = rule_set.rules.get(key="vc_withdrawal_days").legal_basis
    assert withdrawal.startswith("省级村民委员会选举办法")


def test_rules_read_in_one_query(township, django_assert_num_queries):
    round = ElectionRoundFactory(township=township)
    round = type(round).objects.get(pk=round.pk)
    with django_assert_num_queries(1):
        for key in CONTRACT:
            round.rules.get(key)


def test_missing_rule_raises_key_error_naming_it(township):
    round = ElectionRoundFactory(township=township)
    Rule.objects.filter(key="notice_days").delete()
    round = type(round).objects.get(pk=round.pk)
    with pytest.raises(KeyError, match="notice_days"):
        round.rules.get("notice_days")


def test_load_defaults_is_idempotent_and_keeps_edits():
    # given the defaults and an office edit of one rule
    load_defaults()
    Rule.objects.filter(key="candidate_list_days_before").update(numerator=7)
    # when loading again
    load_defaults()
    # then nothing is duplicated and the edit survives in both rule sets
    assert RuleSet.objects.count() == 2
    assert Stage.objects.count() == 6
    assert TaskTemplate.objects.count() == 40
    assert set(
        Rule.objects.filter(key="candidate_list_days_before").values_list(
            "numerator", flat=True
        )
    ) == {7}


def test_six_stages_use_the_township_wording():
    load_defaults()
    assert list(Stage.objects.order_by("order").values_list("name", flat=True)) == [
        "前期准备",
        "部署启动",
        "宣传动员",
        "确定人选",
        "大会推荐",
        "后续工作",
    ]


def test_templates_cover_both_elections_and_the_supervision_committee():
    load_defaults()
    elections = set(TaskTemplate.objects.values_list("election", flat=True))
    assert {"party", "vc", "supervision", "general"} <= elections
    assert not TaskTemplate.objects.filter(guidance="").exists()
    voter_list = TaskTemplate.objects.get(code="vc-voter-list")
    assert voter_list.is_statutory
    assert voter_list.offset_rule == "voter_list_days_before"
    assert "二十日前" in voter_list.guidance


def test_new_version_copies_every_rule(users):
    rule_set = load_rules()
    new = services.rule_set_new_version(rule_set=rule_set, by=users["office"])
    assert new.version == 2
    assert new.based_on == rule_set
    assert new.rules.count() == rule_set.rules.count()
