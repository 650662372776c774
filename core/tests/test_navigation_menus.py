"""The navigation bar gathers related entries into menus so it fits one line."""

import pytest

from core.navigation import nav_for, nav_menus
from core.scope import get_scope

pytestmark = pytest.mark.django_db


def _labels(entries):
    return [str(e["label"]) for e in entries]


def test_office_sees_menus_holding_every_entry_once(users):
    items = nav_for(get_scope(users["office"]))
    menus = nav_menus(items, "elections:trial")
    flat = []
    for entry in menus:
        flat += entry.get("children", [entry])
    # nothing lost, nothing twice, order of the entries kept
    assert [e["name"] for e in flat] == [e["name"] for e in items]
    assert len(menus) <= 11
    by_key = {e.get("key"): e for e in menus if "children" in e}
    assert set(by_key) == {"organisation", "elections", "reports", "discipline"}
    assert by_key["elections"]["active"] is True
    assert by_key["reports"]["active"] is False
    assert [c["name"] for c in by_key["organisation"]["children"]] == [
        "villages:village_list",
        "villages:group_list",
        "villages:roster",
        "villages:import_start",
    ]


def test_a_menu_with_one_visible_entry_is_a_plain_link(users):
    # the reviewer has one entry of no menu; the guide sees one discipline-free bar
    for role in ("reviewer", "guide"):
        menus = nav_menus(nav_for(get_scope(users[role])))
        for entry in menus:
            if "children" in entry:
                assert len(entry["children"]) > 1, (role, entry["label"])


@pytest.mark.browser
def test_office_navigation_fits_one_line_at_1400_px_and_menus_open(login_page, users):
    page = login_page(users["office"].username)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(page.base_url + "/")
    assert page.evaluate("document.querySelector('nav.navbar').scrollWidth") <= 1400
    assert page.evaluate("document.querySelector('nav.navbar').offsetHeight") < 80
    page.click("#menu-reports")
    page.locator("#menu-reports + .dropdown-menu").get_by_role(
        "link", name="换届统计表"
    ).click()
    page.wait_for_url(lambda url: "/elections/statistics/" in url)
    assert page.locator("h1, h2").first.is_visible()
