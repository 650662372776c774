"""The trial-calculation page (选举结果测算): same rules as tally, every rule cited, no writes."""

import pytest
from django.apps import apps
from django.urls import reverse

from core.roles import Role
from stages.defaults import load_rules
from stages.rule_sets import load_rule_set_2026

pytestmark = pytest.mark.django_db

URL = reverse("elections:trial")


@pytest.fixture
def office(users, client_for):
    load_rules()
    load_rule_set_2026()
    return client_for(users[Role.OFFICE])


def counts():
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_app_config("elections").get_models()
    }


def test_page_and_menu(office):
    page = office.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "选举结果测算" in html
    assert f'href="{URL}"' in html


def test_reviewer_is_refused(users, client_for):
    assert client_for(users[Role.REVIEWER]).get(URL).status_code == 403


def test_vc_scenario_cites_every_rule_with_its_basis(office):
    before = counts()
    page = office.post(
        URL,
        {
            "kind": "vc",
            "registered": 1000,
            "issued": 520,
            "cast": 501,
            "post_seats": "主任=1 委员=2",
            "votes": "主任 张三 300\n主任 李四 200\n委员 王芳 400 女\n委员 赵六 260\n委员 钱七 100",
        },
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert counts() == before
    assert "有效" in html
    assert "V5" in html
    assert "V3" in html
    assert (
        "第十五条" in html or "选举村民委员会，有登记参加选举的村民过半数投票" in html
    )
    assert "张三" in html
    assert "王芳" in html


def test_half_turnout_is_invalid(office):
    page = office.post(
        URL,
        {
            "kind": "vc",
            "registered": 1000,
            "issued": 500,
            "cast": 500,
            "votes": "主任 张三 300\n主任 李四 200",
        },
    )
    assert "无效" in page.content.decode()


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ({"kind": "vc", "registered": 10, "issued": 6}, "参加投票人数"),
        (
            {"kind": "vc", "registered": 10, "issued": 6, "cast": 6, "votes": "张三"},
            "第1行",
        ),
        ({"kind": "party_entitlement", "members": "48 2"}, "五个整数"),
        ({"kind": "party_margin", "seats": -1, "candidates": 3}, "0"),
    ],
)
def test_bad_input_is_explained_and_nothing_written(office, data, text):
    before = counts()
    page = office.post(URL, data)
    assert page.status_code == 200
    assert text in page.content.decode()
    assert counts() == before


def test_party_entitlement(office):
    page = office.post(URL, {"kind": "party_entitlement", "members": "48 2 1 0 3"})
    assert "48" in page.content.decode()
