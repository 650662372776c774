"""Village list, village file (一村一档), plan items, working groups."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.roles import Role
from villages.choices import PlanKind, Rating
from villages.models import PlanItem, Village, VillageFile
from villages.tests.factories import VillageFactory, VillageFileFactory

pytestmark = pytest.mark.django_db


def test_village_list_shows_chinese_labels_and_ratings(users, villages, client_for):
    # given
    VillageFile.objects.filter(village=villages[1]).update(rating=Rating.COMPLEX)
    # when
    response = client_for(users[Role.OFFICE]).get(reverse("villages:village_list"))
    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert 'lang="zh-hans"' in content
    assert "村（社区）" in content
    assert "复杂" in content
    assert all(v.name in content for v in villages)


@pytest.mark.parametrize("term", ["王楼", "wanglou", "WL", "wl", "002"])
def test_village_search_by_name_pinyin_initials_or_code(
    term, users, villages, client_for
):
    response = client_for(users[Role.OFFICE]).get(
        reverse("villages:village_list"), {"q": term}
    )
    names = [v.name for v in response.context["villages"]]
    assert names == ["王楼村"]


def test_village_list_filters_by_rating_and_group(users, villages, client_for):
    # given
    VillageFile.objects.filter(village=villages[3]).update(rating=Rating.FAIR)
    client = client_for(users[Role.OFFICE])
    # when
    fair = client.get(reverse("villages:village_list"), {"rating": "fair"}).context[
        "villages"
    ]
    group = users[Role.GUIDE].group_memberships.get().group
    guided = client.get(reverse("villages:village_list"), {"group": group.pk}).context[
        "villages"
    ]
    # then
    assert [v.name for v in fair] == ["张湖村"]
    assert set(guided) == set(villages[:2])


def test_village_list_is_paginated(users, township, client_for):
    for i in range(30):
        VillageFactory(township=township, code=f"{100 + i}", name=f"分页{i}村")
    response = client_for(users[Role.OFFICE]).get(reverse("villages:village_list"))
    assert response.context["is_paginated"]
    assert len(response.context["villages"]) == 25
    assert "第 1 / 2 页" in response.content.decode()


def test_guide_lists_only_their_villages(users, villages, client_for):
    response = client_for(users[Role.GUIDE]).get(reverse("villages:village_list"))
    assert set(response.context["villages"]) == set(villages[:2])


def test_village_list_export_is_scoped_and_neutralises_formulas(
    users, villages, client_for
):
    # given: a hotline that a spreadsheet would evaluate as a formula
    Village.objects.filter(pk=villages[0].pk).update(report_hotline='=HYPERLINK("x")')
    # when
    response = client_for(users[Role.GUIDE]).get(
        reverse("villages:village_list"), {"export": "xlsx"}
    )
    # then
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "名称"
    assert {row[1] for row in rows[1:]} == {"立仓社区", "王楼村"}
    assert rows[1][8] == '\'=HYPERLINK("x")'


def test_village_list_query_count_does_not_grow_with_villages(
    users, township, client_for, django_assert_max_num_queries
):
    client = client_for(users[Role.OFFICE])
    with django_assert_max_num_queries(12):
        client.get(reverse("villages:village_list"))
    for i in range(40):
        VillageFileFactory(
            village=VillageFactory(
                township=township, code=f"{200 + i}", name=f"预算{i}村"
            )
        )
    with django_assert_max_num_queries(12):
        client.get(reverse("villages:village_list"))


def test_guide_edits_the_file_of_their_village_and_history_records_it(
    users, villages, client_for
):
    # given
    guide = users[Role.GUIDE]
    client = client_for(guide)
    url = reverse("villages:village_file_edit", args=[villages[0].pk])
    # when
    response = client.post(
        url,
        {
            "rating": Rating.COMPLEX,
            "risks": "宗族势力可能干扰选举",
            "assessed_on": "2021-09-01",
        },
    )
    # then
    assert response.status_code == 302
    village_file = VillageFile.objects.get(village=villages[0])
    assert village_file.rating == Rating.COMPLEX
    assert village_file.assessed_by == guide
    page = client.get(villages[0].get_absolute_url()).content.decode()
    assert "宗族势力可能干扰选举" in page
    assert "变更历史" in page
    assert guide.display_name in page
    assert "好</del> → <ins" in page.replace("\n", "")
    assert "复杂" in page


def test_guide_cannot_edit_a_village_of_another_group(users, villages, client_for):
    client = client_for(users[Role.GUIDE])
    response = client.post(
        reverse("villages:village_file_edit", args=[villages[2].pk]),
        {"rating": Rating.COMPLEX},
    )
    assert response.status_code == 404
    assert VillageFile.objects.get(village=villages[2]).rating == Rating.GOOD


def test_leader_reads_but_cannot_edit_village_file(users, villages, client_for):
    client = client_for(users[Role.LEADER])
    assert client.get(villages[0].get_absolute_url()).status_code == 200
    response = client.post(
        reverse("villages:village_file_edit", args=[villages[0].pk]),
        {"rating": Rating.COMPLEX},
    )
    assert response.status_code == 403
    assert VillageFile.objects.get(village=villages[0]).rating == Rating.GOOD


def test_invalid_village_file_shows_chinese_errors_and_writes_nothing(
    users, villages, client_for
):
    client = client_for(users[Role.OFFICE])
    response = client.post(
        reverse("villages:village_file_edit", args=[villages[0].pk]),
        {"rating": "excellent", "assessed_on": "2021-13-45", "risks": "改了"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "选择一个有效的选项" in content
    assert "输入一个有效的日期" in content
    assert VillageFile.objects.get(village=villages[0]).risks == ""


def test_plan_item_create_edit_and_confirmed_delete(users, villages, client_for):
    # given
    client = client_for(users[Role.OFFICE])
    village = villages[0]
    # when: create
    response = client.post(
        reverse("villages:planitem_create", args=[village.pk]),
        {
            "kind": PlanKind.CORPS,
            "content": "培养35岁以下后备干部2名",
            "status": "planned",
            "target_date": "2021-10-31",
        },
    )
    # then
    assert response.status_code == 302
    item = PlanItem.objects.get(village=village)
    assert item.target_date == datetime.date(2021, 10, 31)
    # when: GET delete asks for confirmation, POST deletes
    confirm = client.get(reverse("villages:planitem_delete", args=[item.pk]))
    assert "确认删除" in confirm.content.decode()
    assert PlanItem.objects.filter(pk=item.pk).exists()
    client.post(reverse("villages:planitem_delete", args=[item.pk]))
    # then
    assert not PlanItem.objects.filter(pk=item.pk).exists()
    assert PlanItem.history.filter(id=item.pk, history_type="-").exists()


def test_plan_item_owner_must_be_of_the_same_township(
    users, villages, client_for, make_user, other_township
):
    outsider = make_user(Role.OFFICE, township=other_township)
    client = client_for(users[Role.OFFICE])
    response = client.post(
        reverse("villages:planitem_create", args=[villages[0].pk]),
        {
            "kind": PlanKind.TEAM,
            "content": "x",
            "status": "planned",
            "owner": outsider.pk,
        },
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not PlanItem.objects.exists()


def test_working_groups_show_members_and_guided_villages(users, villages, client_for):
    response = client_for(users[Role.LEADER]).get(reverse("villages:group_list"))
    content = response.content.decode()
    assert "guide指导组" in content
    assert "立仓社区" in content


def test_guide_opens_own_group_but_not_another_group(
    users, villages, township, client_for
):
    # given: the guide's own group, and another group of the township
    from villages.models import WorkingGroup
    from villages.tests.factories import WorkingGroupFactory

    own = WorkingGroup.objects.get(memberships__user=users[Role.GUIDE])
    other = WorkingGroupFactory(township=township, name="第二指导组")
    other.villages.set([villages[3]])
    client = client_for(users[Role.GUIDE])
    # when
    own_page = client.get(own.get_absolute_url())
    other_page = client.get(other.get_absolute_url())
    group_list = client.get(reverse("villages:group_list"))
    # then: the own group opens with its villages; the other is out of scope
    assert own_page.status_code == 200
    assert villages[0].name in own_page.content.decode()
    assert other_page.status_code == 404
    assert group_list.status_code == 200
    assert own.name in group_list.content.decode()
    assert "第二指导组" not in group_list.content.decode()


def test_reviewer_cannot_open_the_working_group_pages(users, client_for):
    assert (
        client_for(users[Role.REVIEWER]).get(reverse("villages:group_list")).status_code
        == 403
    )


def test_office_edits_village_hotline_shown_on_village_page(
    users, villages, client_for
):
    client = client_for(users[Role.OFFICE])
    village = villages[0]
    data = {
        "name": village.name,
        "kind": village.kind,
        "population": 5000,
        "households": 1500,
        "party_member_count": 80,
        "natural_villages": 3,
        "report_hotline": "0558-7654321",
        "report_mailbox": "村部门口",
        "notes": "",
    }
    assert (
        client.post(
            reverse("villages:village_edit", args=[village.pk]), data
        ).status_code
        == 302
    )
    assert "0558-7654321" in client.get(village.get_absolute_url()).content.decode()
