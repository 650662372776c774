"""The 任务表 shows the day count of rule-based deadlines, read from the rule set."""

import pytest
from django.urls import reverse

from stages.models import Rule, TaskTemplate

pytestmark = pytest.mark.django_db

RULE_BASED = ("3.5", "4.9", "5.5", "6.2")


def _rule_based_templates():
    return list(TaskTemplate.objects.exclude(offset_rule="").order_by("code"))


def test_printed_task_table_shows_rule_days_of_the_rounds_rule_set(
    election_round, users, client_for
):
    # given: the round's rule set says 20 days for the voter list; the office
    # changed the candidate list to 7 days
    Rule.objects.filter(
        rule_set=election_round.rule_set, key="candidate_list_days_before"
    ).update(numerator=7)
    # when
    response = client_for(users["office"]).get(
        reverse("stages:township_print", args=[election_round.pk])
    )
    content = response.content.decode()
    # then: no placeholder, the numbers of the rule set instead
    assert response.status_code == 200
    assert len(_rule_based_templates()) >= 4
    assert "按规则）" not in content
    assert ">N<" not in content
    assert ">20</span> 自然日" in content
    assert ">7</span>" in content


def test_timetable_page_shows_rule_days(election_round, users, client_for):
    # when
    response = client_for(users["guide"]).get(reverse("stages:stage_list"))
    content = response.content.decode()
    # then
    assert response.status_code == 200
    assert "按规则）" not in content
    assert ">N<" not in content
    for template in _rule_based_templates():
        days = election_round.rules.get(template.offset_rule)
        assert f">{days}</span>" in content


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_timetable_in_browser_reads_day_counts(election_round, login_page):
    # given
    page = login_page("office")
    # when
    page.goto(page.base_url + reverse("stages:stage_list"))
    text = page.locator("main").inner_text()
    # then: e.g. 选举日 前 20 自然日, never 前 N 日（按规则）
    assert "按规则" not in text
    assert " N " not in text
    assert "前 20 " in text
