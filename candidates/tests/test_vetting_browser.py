"""Browser journey: office nominates and sends to review; the 公安 reviewer records a
“must not” finding with evidence and signs; the nomination shows 取消资格 with the reason."""

import os

import pytest

from candidates.models import Nomination
from villages.tests.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("HJT_SCREENSHOTS", "")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"vetting-{name}.png"), full_page=True)


def test_block_finding_with_evidence_disqualifies_the_nominee(
    vetting, login_page, tmp_path
):
    # given
    village = vetting.villages[0]
    person = PersonFactory(village=village, name="张三")
    page = login_page("office")
    # when: the office nominates 张三 for the villagers' committee and sends him to review
    page.goto(page.base_url + f"/candidates/villages/{village.pk}/vetting/")
    page.click("#nominate")
    page.select_option("select[name=person]", str(person.pk))
    page.select_option("select[name=body]", "villagers_committee")
    page.select_option("select[name=post]", "director")
    page.select_option("select[name=route]", "villagers")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#nomination-status")
    assert "初步人选" in page.inner_text("#nomination-status")
    page.click("#send-one")
    page.wait_for_selector("text=已报送联审")
    assert "联审中" in page.inner_text("#nomination-status")
    _shot(page, "1-sent")
    nomination = Nomination.objects.get(person=person)

    # the 公安 reviewer logs in and opens the candidate from the inbox
    page.context.clear_cookies()
    page = login_page("reviewer")
    page.goto(page.base_url + "/candidates/review/")
    page.click("text=张三")
    page.wait_for_selector("#criterion-2")
    assert "失信被执行人至今未撤销" not in page.content()  # a 法院 criterion
    evidence = tmp_path / "判决书.pdf"
    evidence.write_bytes(b"%PDF-1.4 judgement")
    criterion = page.locator("#criterion-2")
    criterion.locator("input[value=issue]").check()
    criterion.locator("textarea").fill("2015年因寻衅滋事罪被判处有期徒刑一年")
    criterion.locator("input[type=file]").set_input_files(str(evidence))
    criterion.locator("button[type=submit]").click()
    page.wait_for_selector("text=十不选之2已保存")
    page.click("#rest-clear")
    page.wait_for_selector("text=已填写为“无问题”")
    _shot(page, "2-review")
    page.click("#sign-submit")
    # a confirmation first: what happens and who is told
    page.wait_for_selector("#confirm-disqualify")
    assert "签署后将立即取消张三本轮的资格" in page.inner_text("#confirm-disqualify")
    _shot(page, "2b-confirm")
    page.click("#confirm-sign")
    page.wait_for_selector(
        "text=已签署。根据审查意见，已取消张三的资格，并已通知组织办和领导组"
    )

    # then: the office sees 取消资格 with the reason
    page.context.clear_cookies()
    page = login_page("office")
    page.goto(page.base_url + nomination.get_absolute_url())
    assert "取消资格" in page.inner_text("#nomination-status")
    reason = page.inner_text("#disqualified-reason")
    assert "公安" in reason
    assert "寻衅滋事罪" in reason
    assert page.locator("#joint-review a:has-text('证据')").count() == 1
    _shot(page, "3-disqualified")
    # the worker delivers the office's notification to the inbox
    from notifications.delivery import deliver_notification
    from notifications.models import Notification

    for note in Notification.objects.filter(kind="candidates.disqualified_by_review"):
        deliver_notification(notification_id=note.pk)
    page.goto(page.base_url + "/notifications/")
    assert "联审取消资格：张三" in page.content()
    nomination.refresh_from_db()
    assert nomination.status == "disqualified"
