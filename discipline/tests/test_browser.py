"""Browser journey: discipline registers a named report against a nominee; the nominee
is blocked; the guide of that village cannot find the report anywhere."""

import os
import re

import pytest
from django.urls import reverse

from discipline.models import Report

from .conftest import REPORTER_NAME, REPORTER_PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("HJT_SCREENSHOTS", "")


def _shot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_named_report_blocks_the_nominee_and_stays_hidden_from_the_village_guide(
    users, villages, nominee, login_page
):
    # given the discipline inspector signed in
    page = login_page("discipline")
    base = page.base_url
    # when they register a named 拉票贿选 report against the nominee of 立仓社区
    page.goto(base + reverse("discipline:report_list"))
    page.click("#report-add")
    page.select_option(
        "select[name=village]", str(villages[0].pk)
    )  # reloads with the roster
    page.wait_for_selector(
        f"select[name=person] option[value='{nominee.person_id}']", state="attached"
    )
    page.select_option("select[name=person]", str(nominee.person_id))
    page.select_option("select[name=channel]", "hotline")
    page.select_option("select[name=category]", "vote_buying")
    page.fill("input[name=received_on]", "2021-10-08")
    page.fill("textarea[name=summary]", "反映参选人请党员吃饭拉票")
    page.uncheck("input[name=anonymous]")
    page.fill("input[name=reporter_name]", REPORTER_NAME)
    page.fill("input[name=reporter_phone]", REPORTER_PHONE)
    page.fill(
        "textarea[name=original_content]", "十月七日晚在镇上饭店请了十几名党员吃饭"
    )
    _shot(page, "01-register-form")
    page.click("#report-save")
    page.wait_for_selector("#report-blocks")
    # then the report page says the nominee is blocked, and shows the reporter to discipline
    report = Report.objects.get()
    assert "不得确定为正式候选人" in page.inner_text("#report-blocks")
    assert REPORTER_NAME in page.inner_text("#report-source")
    _shot(page, "02-report-detail-discipline")
    # and the nominee's own page shows the open report
    page.goto(base + nominee.person.get_absolute_url())
    assert report.number in page.inner_text("#person-reports")
    # and the office, which runs vetting, sees the nominee held on the nomination page
    try:
        nomination_url = reverse("candidates:nomination_detail", args=[nominee.pk])
    except Exception:  # noqa: BLE001 - the candidates pages may not exist yet
        nomination_url = None
    if nomination_url:
        page.context.clear_cookies()
        page = login_page("office")
        page.goto(base + nomination_url)
        assert "举报办结前不得确定为正式候选人" in page.content()
        assert REPORTER_NAME not in page.content()
        _shot(page, "03-nomination-office")

    # when the guide of 立仓社区 signs in instead
    page.context.clear_cookies()
    page = login_page("guide")
    # then the report is nowhere: not in the menu, lists, pages, search or the village's pages
    assert "举报" not in page.inner_text("nav")
    visits = [
        reverse("home"),
        reverse("discipline:report_list"),
        reverse("discipline:report_list") + "?q=" + REPORTER_NAME,
        report.get_absolute_url(),
        reverse("discipline:report_print", args=[report.pk]),
        reverse("discipline:report_list") + "?export=xlsx",
        villages[0].get_absolute_url(),
        nominee.person.get_absolute_url(),
        reverse("discipline:event_list"),
        "/admin/discipline/report/",
    ]
    if nomination_url:
        visits.append(nomination_url)
    for url in visits:
        response = page.goto(base + url)
        text = page.content()
        assert report.number not in text, url
        assert REPORTER_NAME not in text, url
        assert REPORTER_PHONE not in text, url
        assert not re.search(r"JB\d{4}-\d{3}", text), url
        if url.startswith(reverse("discipline:report_list")) or url.startswith(
            report.get_absolute_url()
        ):
            assert response.status == 404, url
    page.goto(base + villages[0].get_absolute_url())
    _shot(page, "04-village-page-guide")
    if nomination_url:
        page.goto(base + nomination_url)
        # the guide sees that the nominee is held, never that a report exists
        assert "暂不能确定为正式候选人" in page.content()
        assert "举报" not in page.inner_text("main")
        _shot(page, "05-nomination-guide")
