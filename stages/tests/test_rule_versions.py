"""Rule sets by law version: 2018 kept for history, 2026 the default for new rounds."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stages import services
from stages.choices import RoundStatus
from stages.defaults import DEFAULT_RULE_SET_CODE, load_defaults
from stages.models import Rule, RuleSet
from stages.models.rules import LOCKED_RULE_SET_MESSAGE
from stages.rule_sets import RULE_SET_2026_CODE, RULES_2026, default_rule_set

from .factories import ElectionRoundFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def rule_sets(db):
    load_defaults()
    return (
        RuleSet.objects.get(code=DEFAULT_RULE_SET_CODE, version=1),
        RuleSet.objects.get(code=RULE_SET_2026_CODE, version=1),
    )


@pytest.fixture
def finished_2021_round(township, rule_sets):
    set_2018, _set_2026 = rule_sets
    round = ElectionRoundFactory(
        township=township,
        name="2021年村（社区）“两委”换届",
        start_date=D(2021, 8, 16),
        target_end_date=D(2021, 12, 31),
        rule_set=set_2018,
    )
    round.status = RoundStatus.CLOSED
    round.save()
    return round


def test_load_defaults_makes_the_2026_set_the_default_and_keeps_2018(rule_sets):
    set_2018, set_2026 = rule_sets
    assert default_rule_set() == set_2026
    assert set_2026.is_default
    assert not set_2018.is_default
    assert set_2026.effective_from == D(2026, 1, 1)
    # both sets answer every key the other apps read
    assert set(set_2018.rules.values_list("key", flat=True)) == set(
        set_2026.rules.values_list("key", flat=True)
    )


def test_2026_rows_cite_the_amended_law_and_never_a_source_file(rule_sets):
    _set_2018, set_2026 = rule_sets
    rules = {r.key: r for r in set_2026.rules.all()}
    assert len(rules) == len(RULES_2026)
    voter_list = rules["voter_list_days_before"]
    assert "2025年10月28日修正" in voter_list.legal_basis
    assert voter_list.numerator == 20
    # the article numbers under the amended text are not confirmed: 待核对
    assert voter_list.basis_checked is False
    # the 20 % surplus is verbatim from the 2020 条例 第十三条: confirmed
    assert rules["party_margin"].basis_checked is True
    for rule in rules.values():
        for text in (rule.legal_basis, rule.note):
            assert "DOMAIN" not in text
            assert ".md" not in text
            assert "浙江" not in text
            assert "北京" not in text
            assert "河南" not in text
    assert "DOMAIN" not in set_2026.notes


def test_load_defaults_twice_keeps_an_edited_2026_row_and_an_office_default(
    rule_sets, users
):
    # given an office edit of a 2026 row and another set chosen as the default
    set_2018, set_2026 = rule_sets
    Rule.objects.filter(rule_set=set_2026, key="candidate_list_days_before").update(
        numerator=7, basis_checked=True
    )
    services.rule_set_make_default(rule_set=set_2018, by=users["office"])
    # when the defaults load again
    load_defaults()
    # then nothing is duplicated or overwritten
    assert RuleSet.objects.count() == 2
    assert set_2026.rules.count() == len(RULES_2026)
    row = set_2026.rules.get(key="candidate_list_days_before")
    assert (row.numerator, row.basis_checked) == (7, True)
    assert default_rule_set() == set_2018


def test_new_round_form_offers_the_default_set(rule_sets, users, client_for):
    _set_2018, set_2026 = rule_sets
    response = client_for(users["office"]).get(reverse("stages:round_create"))
    assert response.status_code == 200
    assert response.context["form"].initial["rule_set"] == set_2026


def test_finished_2021_round_keeps_its_numbers_when_the_default_changes(
    finished_2021_round, rule_sets, users
):
    # given the finished 2021 round under the 2018 set
    set_2018, set_2026 = rule_sets
    assert finished_2021_round.rules.get("voter_list_days_before") == 20
    # when the county copies the 2018 set, changes the copy and makes it the default
    copy = services.rule_set_new_version(rule_set=set_2018, by=users["office"])
    Rule.objects.filter(rule_set=copy, key="voter_list_days_before").update(
        numerator=25
    )
    services.rule_set_make_default(rule_set=copy, by=users["office"])
    # then the finished round still points at the 2018 set and reads its numbers
    finished_2021_round.refresh_from_db()
    finished_2021_round.__dict__.pop("rules", None)
    assert finished_2021_round.rule_set_id == set_2018.pk
    assert finished_2021_round.rules.get("voter_list_days_before") == 20
    # and exactly one set is the default
    assert list(RuleSet.objects.filter(is_default=True)) == [copy]
    assert not RuleSet.objects.get(pk=set_2026.pk).is_default


def test_numbers_of_a_set_used_by_a_finished_round_cannot_be_changed(
    finished_2021_round, rule_sets
):
    # given the 2018 set, used by the finished 2021 round
    set_2018, _ = rule_sets
    rule = set_2018.rules.get(key="voter_list_days_before")
    # when someone edits the number
    rule.numerator = 25
    # then the edit is refused with a message saying to copy the set
    with pytest.raises(ValidationError) as excinfo:
        rule.full_clean()
    assert str(LOCKED_RULE_SET_MESSAGE) in excinfo.value.messages
    # but the legal-basis wording may still be corrected
    rule.refresh_from_db()
    rule.legal_basis = rule.legal_basis + "（已核对）"
    rule.full_clean()


def test_admin_refuses_changing_a_finished_rounds_number(
    finished_2021_round, rule_sets, client
):
    # given a superuser in the admin
    from core.tests.factories import UserFactory

    admin_user = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin_user)
    set_2018, _ = rule_sets
    rule = set_2018.rules.get(key="voter_list_days_before")
    url = reverse("admin:stages_rule_change", args=[rule.pk])
    # when they post a new value
    response = client.post(
        url,
        {
            "rule_set": set_2018.pk,
            "key": rule.key,
            "kind": rule.kind,
            "numerator": 25,
            "denominator": 1,
            "comparison": "",
            "legal_basis": rule.legal_basis,
            "basis_checked": "on",
            "note": rule.note,
        },
    )
    # then the page shows the refusal and the number is unchanged
    assert response.status_code == 200
    assert "复制为新版本" in response.content.decode() or "copy the set" in (
        response.content.decode()
    )
    rule.refresh_from_db()
    assert rule.numerator == 20


def test_rule_set_page_marks_unchecked_rows(rule_sets, users, client_for):
    set_2018, set_2026 = rule_sets
    client = client_for(users["leader"])
    page_2026 = client.get(set_2026.get_absolute_url()).content.decode()
    assert "待核对" in page_2026
    assert "新换届默认" in page_2026 or "default-badge" in page_2026
    page_2018 = client.get(set_2018.get_absolute_url()).content.decode()
    assert "待核对" not in page_2018
