"""A guide follows their guidance group's link from their village page."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_guide_follows_own_group_link_from_village_page(users, villages, login_page):
    # given: the guide on the page of a village their group guides
    page = login_page("guide")
    page.goto(page.base_url + villages[0].get_absolute_url())
    # when: they follow the group's name
    page.get_by_role("link", name="guide指导组").click()
    page.wait_for_load_state()
    # then: the group page, not a refusal
    assert page.locator("h1").inner_text().startswith("guide指导组")
    assert villages[1].name in page.content()
    assert "没有权限" not in page.content()
