"""In Chromium: the office user logs in, opens the village list and a village file."""

import pytest

from core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_logs_in_and_opens_village_list_and_village_file(
    users, villages, login_page, tmp_path
):
    # given
    page = login_page("office")
    # when
    page.click("#menu-organisation")
    page.locator("#menu-organisation + .dropdown-menu").get_by_role(
        "link", name="村（社区）"
    ).click()
    page.wait_for_selector("#village-table")
    # then: a Chinese interface listing the township's villages
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    rows = page.locator("#village-table tbody tr")
    assert rows.count() == len(villages)
    assert "立仓社区" in page.inner_text("#village-table")
    page.screenshot(path=str(tmp_path / "village-list.png"), full_page=True)
    # when: open a village file
    page.click("text=王楼村")
    # then
    page.wait_for_selector("#village-rating")
    assert "综合研判" in page.inner_text("#village-rating")
    assert "村情研判" in page.content()
    assert "变更历史" in page.content()


def test_guide_sees_only_their_villages_and_gets_404_for_another(
    users, villages, login_page, browser_page
):
    # given
    page = login_page(users[Role.GUIDE].username)
    # when
    page.goto(page.base_url + "/villages/")
    # then
    text = page.inner_text("#village-table")
    assert "立仓社区" in text
    assert "王楼村" in text
    assert "李庙村" not in text
    response = page.goto(page.base_url + villages[2].get_absolute_url())
    assert response.status == 404
    assert "不在您的职责范围内" in page.content()
