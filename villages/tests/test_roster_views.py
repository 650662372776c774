import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from openpyxl import load_workbook

from core.models import AccessLog
from core.roles import Role
from villages.choices import (
    Category,
    Education,
    Gender,
    PartyMemberKind,
    PoliticalStatus,
    Post,
    VotingStatus,
)
from villages.tests.factories import (
    RosterMembershipFactory,
    VillageFactory,
    person_with,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def zhang(villages):
    person = person_with(
        villages[0], name="张三", phone="13856781234", education=Education.COLLEGE
    )
    RosterMembershipFactory(
        person=person, category=Category.PARTY_COMMITTEE, post=Post.SECRETARY
    )
    return person


@pytest.fixture
def outsider(other_village):
    return person_with(other_village, name="外镇人", seq=77)


def test_office_sees_roster_with_full_id_and_phone(users, zhang, client_for):
    # given
    client = client_for(users[Role.OFFICE])
    # when
    response = client.get(reverse("villages:roster"))
    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert "张三" in content
    assert zhang.id_number in content
    assert "13856781234" in content
    assert "村党组织书记" in content


@pytest.mark.parametrize(
    "role", [Role.LEADER, Role.INSPECTOR, Role.DISCIPLINE, Role.GUIDE, Role.COUNTY]
)
def test_other_roles_see_masked_id_and_phone_in_list_and_detail(
    role, users, zhang, client_for
):
    # given
    client = client_for(users[role])
    # when
    listing = client.get(reverse("villages:roster")).content.decode()
    detail = client.get(zhang.get_absolute_url()).content.decode()
    # then
    for content in (listing, detail):
        assert zhang.id_number not in content
        assert zhang.id_number[:4] + "**********" + zhang.id_number[-4:] in content
        assert "13856781234" not in content
        assert "138****1234" in content


def test_guide_sees_only_people_of_their_villages(users, villages, client_for):
    # given: the guide guides villages[0:2]
    mine = person_with(villages[1], name="李四", seq=11)
    theirs = person_with(villages[2], name="王五", seq=12)
    client = client_for(users[Role.GUIDE])
    # when
    listing = client.get(reverse("villages:roster")).content.decode()
    # then
    assert "李四" in listing
    assert "王五" not in listing
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert (
        client.get(
            reverse("villages:village_ledger", args=[villages[2].pk])
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    "role",
    [
        Role.OFFICE,
        Role.LEADER,
        Role.INSPECTOR,
        Role.DISCIPLINE,
        Role.GUIDE,
        Role.REVIEWER,
    ],
)
def test_person_of_another_township_is_404_for_every_township_role(
    role, users, outsider, client_for
):
    # given
    client = client_for(users[role])
    # when / then
    assert client.get(outsider.get_absolute_url()).status_code == 404
    assert (
        client.get(
            reverse("villages:village_ledger", args=[outsider.village_id])
        ).status_code
        == 404
    )


def test_reviewer_sees_nobody_on_the_roster(users, zhang, client_for):
    # given
    client = client_for(users[Role.REVIEWER])
    # when
    response = client.get(reverse("villages:roster"))
    # then: the roster is not theirs to read; a guessed person URL is 404
    assert response.status_code == 403
    assert client.get(zhang.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("term", ["张三", "zhangsan", "zs", "ZS", "zhang"])
def test_search_by_name_pinyin_and_initials(term, users, zhang, villages, client_for):
    # given
    person_with(villages[0], name="李四", seq=21)
    client = client_for(users[Role.OFFICE])
    # when
    content = client.get(reverse("villages:roster"), {"q": term}).content.decode()
    # then
    assert "张三" in content
    assert "李四" not in content


def test_search_by_last_digits_of_the_id_number(users, zhang, villages, client_for):
    # given
    other = person_with(villages[0], name="李四", seq=21)
    client = client_for(users[Role.LEADER])
    # when
    content = client.get(
        reverse("villages:roster"), {"q": zhang.id_number[-6:]}
    ).content.decode()
    # then
    assert "张三" in content
    assert other.id_number[-6:] != zhang.id_number[-6:]
    assert "李四" not in content


def test_filters_by_category_post_education_age_gender_and_status(
    users, zhang, villages, client_for
):
    # given: 张三 is 46 or older (born 1980), 赵敏 is under 35
    today = datetime.date.today()
    young = person_with(
        villages[1],
        name="赵敏",
        born=datetime.date(today.year - 25, 2, 3),
        gender=Gender.FEMALE,
        seq=31,
        education=Education.BACHELOR,
        political_status=PoliticalStatus.MEMBER,
    )
    RosterMembershipFactory(person=young, category=Category.RESERVE_CADRE)
    client = client_for(users[Role.OFFICE])
    url = reverse("villages:roster")

    def names(**params):
        content = client.get(url, params).content.decode()
        return {name for name in ("张三", "赵敏") if name in content}

    # when / then
    assert names(category=Category.RESERVE_CADRE) == {"赵敏"}
    assert names(category=Category.PARTY_COMMITTEE, post=Post.SECRETARY) == {"张三"}
    assert names(education=Education.BACHELOR) == {"赵敏"}
    assert names(age="u35") == {"赵敏"}
    assert names(age="46-55") == ({"张三"} if today.year - 1980 <= 55 else set())
    assert names(gender=Gender.FEMALE) == {"赵敏"}
    assert names(political_status=PoliticalStatus.MEMBER) == {"赵敏"}
    assert names(village=str(villages[0].pk)) == {"张三"}


def _people(villages_list, per_village=3):
    seq = 100
    for village in villages_list:
        for index in range(per_village):
            seq += 1
            person = person_with(village, name=f"测试{seq}", seq=seq)
            RosterMembershipFactory(
                person=person,
                category=Category.PARTY_MEMBER,
                party_member_kind=PartyMemberKind.FULL,
            )
            RosterMembershipFactory(
                person=person,
                category=Category.VILLAGERS_COMMITTEE
                if index
                else Category.PARTY_COMMITTEE,
                post=Post.MEMBER,
            )


@pytest.mark.parametrize("url_name", ["villages:roster", "villages:ledger"])
def test_roster_and_ledger_queries_do_not_grow_with_villages(
    url_name, township, villages, users, client_for, django_assert_max_num_queries
):
    # given: 4 villages, then 24 villages, with people in each
    client = client_for(users[Role.OFFICE])
    _people(villages)
    url = reverse(url_name)
    with django_assert_max_num_queries(12) as small:
        assert client.get(url).status_code == 200
    more = [
        VillageFactory(township=township, code=f"X{i:02d}", name=f"加村{i}")
        for i in range(20)
    ]
    _people(more)
    # when / then
    with django_assert_max_num_queries(12) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_village_ledger_panel_and_page_show_derived_flags(
    users, villages, client_for, django_assert_max_num_queries
):
    # given: a secretary who is also director (一肩挑), a cross-serving member, Party members
    village = villages[0]
    boss = person_with(
        village, name="陈书记", seq=41, political_status=PoliticalStatus.MEMBER
    )
    RosterMembershipFactory(
        person=boss, category=Category.PARTY_COMMITTEE, post=Post.SECRETARY
    )
    RosterMembershipFactory(
        person=boss, category=Category.VILLAGERS_COMMITTEE, post=Post.DIRECTOR
    )
    cross = person_with(
        village,
        name="林委员",
        seq=42,
        gender=Gender.FEMALE,
        born=datetime.date(1990, 1, 1),
    )
    RosterMembershipFactory(
        person=cross, category=Category.PARTY_COMMITTEE, post=Post.MEMBER
    )
    RosterMembershipFactory(
        person=cross, category=Category.VILLAGERS_COMMITTEE, post=Post.MEMBER
    )
    for seq, kind, extra in (
        (43, PartyMemberKind.FULL, {}),
        (44, PartyMemberKind.FULL, {"voting_status": VotingStatus.PROBATION}),
        (
            45,
            PartyMemberKind.FULL,
            {"excluded_from_quorum": True, "exclusion_reason": "长期卧床"},
        ),
        (46, PartyMemberKind.PROBATIONARY, {}),
    ):
        member = person_with(village, name=f"党员{seq}", seq=seq)
        RosterMembershipFactory(
            person=member,
            category=Category.PARTY_MEMBER,
            party_member_kind=kind,
            **extra,
        )
    client = client_for(users[Role.LEADER])
    # when
    with django_assert_max_num_queries(2):
        content = render_to_string("villages/panels/village.html", {"object": village})
    ledger_page = client.get(reverse("villages:village_ledger", args=[village.pk]))
    # then
    assert 'id="village-ledger-panel"' in content
    assert "陈书记" in content
    assert "一肩挑" in content
    assert "交叉任职" in content
    ledger = ledger_page.context["ledger"]
    assert ledger.one_shoulder is True
    assert ledger.cross_count == 2
    assert (ledger.party.total, ledger.party.full, ledger.party.probationary) == (
        4,
        3,
        1,
    )
    assert ledger.party.entitled == 2  # 3 full members − 1 excluded with approval
    assert ledger.party.voting == 1  # minus the one under 留党察看


def test_person_detail_shows_memberships_history_and_panels(users, zhang, client_for):
    # given
    zhang.education = Education.BACHELOR
    zhang.save()
    client = client_for(users[Role.OFFICE])
    # when
    response = client.get(zhang.get_absolute_url())
    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="history"' in content
    assert "本科" in content
    assert "村党组织书记" in content
    assert len(response.context["history"]) == 2


def test_export_asks_for_a_reason_and_writes_nothing_without_it(
    users, zhang, client_for
):
    # given
    client = client_for(users[Role.OFFICE])
    url = reverse("villages:roster_export")
    # when
    asked = client.get(url)
    refused = client.post(url, {"reason": ""})
    # then
    assert asked.status_code == 200
    assert (
        "导出个人信息" in asked.content.decode()
        or 'id="export-form"' in asked.content.decode()
    )
    assert refused.status_code == 200
    assert "请填写导出个人信息的理由" in refused.content.decode()
    assert AccessLog.objects.count() == 0


def test_export_is_logged_and_masked_for_leader(users, zhang, client_for):
    # given
    client = client_for(users[Role.LEADER])
    # when
    response = client.post(
        reverse("villages:roster_export") + "?q=张", {"reason": "资格审查"}
    )
    # then
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(__import__("io").BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["姓名", "身份证号码", "性别"]
    row = [c.value for c in sheet[2]]
    assert row[0] == "张三"
    assert row[1] == zhang.id_number[:4] + "**********" + zhang.id_number[-4:]
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.reason, log.rows) == (
        users[Role.LEADER],
        "export",
        "资格审查",
        1,
    )


def test_export_for_office_has_full_numbers_and_neutralises_formulas(
    users, villages, client_for
):
    # given: a name typed by a malicious or careless clerk
    person = person_with(villages[0], name="=HYPERLINK(1)", seq=51, phone="13800001111")
    client = client_for(users[Role.OFFICE])
    # when
    response = client.post(reverse("villages:roster_export"), {"reason": "结构分析"})
    # then
    sheet = load_workbook(__import__("io").BytesIO(response.content)).active
    row = [c.value for c in sheet[2]]
    assert row[0] == "'=HYPERLINK(1)"
    assert row[1] == person.id_number
    assert "13800001111" in row


def test_ledger_exports_are_logged(users, zhang, villages, client_for):
    # given
    client = client_for(users[Role.INSPECTOR])
    # when
    village_file = client.post(
        reverse("villages:village_ledger_export", args=[villages[0].pk]),
        {"reason": "督导检查"},
    )
    township_file = client.post(
        reverse("villages:ledger_export"), {"reason": "督导检查"}
    )
    # then
    assert village_file.status_code == township_file.status_code == 200
    assert (
        AccessLog.objects.filter(user=users[Role.INSPECTOR], reason="督导检查").count()
        == 2
    )
    sheet = load_workbook(__import__("io").BytesIO(village_file.content)).active
    assert [c.value for c in sheet[2]][:3] == [
        str(Category.PARTY_COMMITTEE.label),
        "书记",
        "张三",
    ]


def test_village_page_includes_the_ledger_panel(users, villages, zhang, client_for):
    # given
    client = client_for(users[Role.OFFICE])
    # when
    response = client.get(villages[0].get_absolute_url())
    # then
    content = response.content.decode()
    assert 'id="village-ledger-panel"' in content
    assert "张三" in content
