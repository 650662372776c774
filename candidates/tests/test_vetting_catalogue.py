"""The 十不选 catalogue: defaults as data, and a round keeping the version it started with."""

import pytest
from django.core.exceptions import ValidationError

from candidates import selectors, services
from candidates.choices import Severity, WindowKind
from candidates.defaults import CRITERIA, DEPARTMENTS, load_defaults
from candidates.models import Criterion, Department, RoundCriterion
from candidates.tests.factories import (
    CriterionFactory,
    DepartmentFactory,
    ElectionRoundFactory,
)

pytestmark = pytest.mark.django_db


def test_defaults_seed_the_ten_criteria_and_fourteen_departments(db):
    # when
    load_defaults()
    # then
    assert Criterion.objects.count() == 10 == len(CRITERIA)
    assert Department.objects.count() == 14 == len(DEPARTMENTS)
    second = Criterion.objects.get(number=2)
    assert second.severity == Severity.BLOCK
    assert set(second.departments.values_list("short_name", flat=True)) == {
        "政法委",
        "公安",
        "法院",
        "检察院",
        "司法",
    }
    seventh = Criterion.objects.get(number=7)
    assert (seventh.severity, seventh.window_kind, seventh.window_years) == (
        Severity.WARN,
        WindowKind.YEARS,
        3,
    )
    assert "十不选" in second.legal_basis
    assert Department.objects.filter(criteria__isnull=True).count() == 0


def test_defaults_are_idempotent_and_keep_local_edits(db):
    # given
    load_defaults()
    Criterion.objects.filter(number=2).update(title="本县措辞")
    # when
    load_defaults()
    # then
    assert Criterion.objects.count() == 10
    assert Criterion.objects.get(number=2).title == "本县措辞"


def test_years_window_needs_a_number_of_years(db):
    criterion = Criterion(number=11, title="t", text="t", window_kind=WindowKind.YEARS)
    with pytest.raises(ValidationError) as excinfo:
        criterion.full_clean()
    assert "只有时限为“近N年内”时才填写年限" in str(excinfo.value)


def test_round_keeps_the_criteria_it_started_with(vetting):
    # given: the first batch of the round copies the catalogue
    nomination = vetting.nominate()
    vetting.send(nomination)
    vetting.answer(nomination, "gongan", issues={4: "参与赌博"}, sign=False)
    # when: the county rewords item 4, makes it 不宜 and moves it to 法院
    criterion = vetting.criteria[4]
    criterion.title = "新措辞"
    criterion.severity = Severity.WARN
    criterion.save()
    criterion.departments.set([vetting.departments["fayuan"]])
    # then: this round's copy is unchanged, and so is what 公安 checks and answered
    copy = vetting.round_criterion(4)
    assert copy.title == "非法宗教邪教、黄赌毒"
    assert copy.severity == Severity.BLOCK
    assert list(copy.departments.values_list("code", flat=True)) == ["gongan"]
    item = vetting.item(nomination, "gongan")
    assert [c.number for c in selectors.department_criteria(item)] == [2, 4]
    assert (
        item.findings.get(criterion__number=4).criterion.title == "非法宗教邪教、黄赌毒"
    )
    # and a later batch of the same round still uses the copy
    later = vetting.nominate()
    vetting.send(later)
    assert RoundCriterion.objects.filter(round=vetting.round).count() == 4


def test_a_new_round_takes_the_current_version(vetting):
    # given
    vetting.send(vetting.nominate())
    criterion = vetting.criteria[4]
    criterion.title = "新措辞"
    criterion.save()
    new_round = ElectionRoundFactory(
        township=vetting.township, name="2026年村“两委”换届"
    )
    # when
    services.round_criteria_snapshot(round=new_round)
    # then
    assert RoundCriterion.objects.get(round=new_round, number=4).title == "新措辞"
    assert (
        RoundCriterion.objects.get(round=vetting.round, number=4).title
        == "非法宗教邪教、黄赌毒"
    )


def test_inactive_criteria_and_departments_are_not_copied(vetting):
    # given
    CriterionFactory(
        number=12,
        title="停用条目",
        active=False,
        departments=[vetting.departments["gongan"]],
    )
    idle = DepartmentFactory(code="idle", short_name="停用单位", active=False)
    vetting.criteria[2].departments.add(idle)
    # when
    services.round_criteria_snapshot(round=vetting.round)
    # then
    assert not RoundCriterion.objects.filter(number=12).exists()
    assert "idle" not in RoundCriterion.objects.get(
        round=vetting.round, number=2
    ).departments.values_list("code", flat=True)


def test_sending_without_any_criterion_is_refused(township, villages, users):
    from candidates.choices import Route

    ElectionRoundFactory(township=township)
    from villages.tests.factories import PersonFactory

    nomination = services.nomination_create(
        village=villages[0],
        person=PersonFactory(village=villages[0]),
        body="villagers_committee",
        post="member",
        route=Route.SELF,
        by=users["office"],
    )
    with pytest.raises(ValidationError) as excinfo:
        services.review_send(nominations=[nomination], by=users["office"])
    assert "尚未启用负面清单" in excinfo.value.messages[0]
    nomination.refresh_from_db()
    assert nomination.status == "preliminary"
    assert not RoundCriterion.objects.exists()
