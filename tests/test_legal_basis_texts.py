"""Legal basis texts are for users: the law or the provincial rules, never internal notes."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from candidates.models import Criterion
from discipline.models import ReferenceItem, ReferenceText
from stages.models import Rule, RuleSet, TaskTemplate

pytestmark = pytest.mark.django_db

INTERNAL = ("DOMAIN", "SPEC", "§", "待核实", ".md")
# Every provincial-level division but 安徽 (the demo county's province).
OTHER_PROVINCES = [
    "北京",
    "天津",
    "河北",
    "山西",
    "内蒙古",
    "辽宁",
    "吉林",
    "黑龙江",
    "上海",
    "江苏",
    "浙江",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "广西",
    "海南",
    "重庆",
    "四川",
    "贵州",
    "云南",
    "西藏",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
    "台湾",
    "广饶",
]


def _visible_texts():
    """Yield (where, text) for every legal basis, source and note users read."""
    for rule in Rule.objects.select_related("rule_set"):
        yield f"rule {rule.rule_set.code}/{rule.key} basis", rule.legal_basis
        yield f"rule {rule.rule_set.code}/{rule.key} note", rule.note
    for rule_set in RuleSet.objects.all():
        yield f"rule set {rule_set.code}", f"{rule_set.law_version} {rule_set.notes}"
    for template in TaskTemplate.objects.all():
        yield f"template {template.code}", template.legal_basis
    for criterion in Criterion.objects.all():
        yield f"criterion {criterion.number}", criterion.legal_basis
    for text in ReferenceText.objects.all():
        yield f"text {text.code}", text.source
    for item in ReferenceItem.objects.all():
        yield f"item {item.text_id}/{item.number}", item.source_note


def _problems():
    return {
        where: text
        for where, text in _visible_texts()
        if any(token in text for token in INTERNAL + tuple(OTHER_PROVINCES))
    }


def test_default_legal_bases_cite_no_internal_note_or_other_province():
    # when
    call_command("load_defaults", stdout=io.StringIO())
    # then
    assert Rule.objects.exists()
    assert Criterion.objects.exists()
    assert not _problems()


def test_load_defaults_replaces_old_default_text_but_keeps_local_edits():
    # given: defaults loaded, then rows set back to the texts shipped before,
    # and one criterion the county edited itself
    call_command("load_defaults", stdout=io.StringIO())
    old_criterion = "村和社区“两委”换届“十不选”之1（2020年12月24日发布，省份待核实；DOMAIN.md §1.1）"
    Criterion.objects.filter(number=1).update(legal_basis=old_criterion)
    Criterion.objects.filter(number=3).update(legal_basis="本县2026年换届文件第三条")
    TaskTemplate.objects.filter(code="vc-candidate-list").update(
        legal_basis="省级选举办法（浙江第十八条、北京第二十条、河南第二十六条）"
    )
    Rule.objects.filter(rule_set__code="vc-law-2018", key="runoff_within_days").update(
        note="北京为15日内；按本省选举办法修改。"
    )
    ReferenceText.objects.filter(code="ten-prohibitions").update(
        source="DOMAIN.md §1.4：太和县（阜阳）与肥东县（合肥）“十个严禁”相同文本，"
        "安徽省纪委监委网站转载；日期不详，请按本省市正式文本核对。"
    )
    assert _problems()
    # when
    call_command("load_defaults", stdout=io.StringIO())
    # then: the untouched old texts are replaced, the local edit stays
    assert not _problems()
    assert (
        Criterion.objects.get(number=1).legal_basis
        == "村（社区）“两委”换届“十不选”第1条"
    )
    assert Criterion.objects.get(number=3).legal_basis == "本县2026年换届文件第三条"
    assert (
        TaskTemplate.objects.get(code="vc-candidate-list").legal_basis
        == "省级村民委员会选举办法"
    )
    assert (
        Criterion.objects.get(number=1).history.first().history_change_reason
        == "默认文本更新"
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_criteria_and_tip_sheet_pages_show_user_facing_basis(users, login_page):
    # given
    call_command("load_defaults", stdout=io.StringIO())
    page = login_page("office")
    template = TaskTemplate.objects.get(code="vc-candidate-list")
    # when / then
    for url in (
        reverse("candidates:criteria"),
        reverse("stages:template_detail", args=[template.pk]),
    ):
        page.goto(page.base_url + url)
        text = page.locator("main").inner_text()
        assert "DOMAIN" not in text
        assert "待核实" not in text
        assert "浙江" not in text
    assert "省级村民委员会选举办法" in text
