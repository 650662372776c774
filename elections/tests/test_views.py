"""Election pages: scoping, forms that refuse impossible numbers, query budgets."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from core.roles import Role
from elections import services
from elections.choices import Body, CountStatus, MeetingKind, Post
from elections.models import Election, RecommendationMeeting
from elections.rules import messages as m
from elections.rules.base import fill
from villages.choices import Gender
from villages.tests.factories import PersonFactory, VillageFactory

from .support import formal, make_round

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 12, 12)


def setup_vc(village, round, office, *, registered=1000):
    noms = [
        formal(village, round, post=Post.DIRECTOR, name=f"{village.name[:2]}甲"),
        formal(village, round, post=Post.DIRECTOR, name=f"{village.name[:2]}丙"),
        formal(
            village,
            round,
            post=Post.MEMBER,
            name=f"{village.name[:2]}乙",
            gender=Gender.FEMALE,
        ),
        formal(village, round, post=Post.MEMBER, name=f"{village.name[:2]}丁"),
        formal(village, round, post=Post.MEMBER, name=f"{village.name[:2]}戊"),
    ]
    return services.election_setup(
        village=village,
        body=Body.VILLAGERS_COMMITTEE,
        held_on=DAY,
        nominations=noms,
        seats_head=1,
        seats_member=2,
        registered=registered,
        by=office,
    )


@pytest.fixture
def round(township, villages):
    return make_round(township)


@pytest.fixture
def election(round, village, users):
    return setup_vc(village, round, users[Role.OFFICE])


# --- scoping -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.OFFICE, 200),
        (Role.LEADER, 200),
        (Role.INSPECTOR, 200),
        (Role.GUIDE, 200),  # guides villages[0:2]
        (Role.COUNTY, 200),
        (Role.REVIEWER, 403),
    ],
)
def test_election_page_by_role(users, client_for, election, role, status):
    # when
    response = client_for(users[role]).get(election.get_absolute_url())
    # then
    assert response.status_code == status


def test_guide_gets_404_for_a_village_they_do_not_guide(
    users, client_for, round, villages
):
    # given an election in 张湖村 (not guided by the guide)
    other = setup_vc(villages[3], round, users[Role.OFFICE])
    client = client_for(users[Role.GUIDE])
    # when / then
    assert client.get(other.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("elections:election_count", args=[other.pk])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("elections:structure") + f"?village={villages[3].pk}"
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("elections:meeting_create", args=[villages[3].pk])
        ).status_code
        == 404
    )


def test_other_townships_elections_answer_404(
    users, client_for, other_village, make_user
):
    # given an election in another township
    other_office = make_user(Role.OFFICE, township=other_village.township)
    other_round = make_round(other_village.township)
    other = setup_vc(other_village, other_round, other_office)
    # when / then every role of this township gets 404
    for role in (Role.OFFICE, Role.LEADER, Role.GUIDE, Role.INSPECTOR):
        client = client_for(users[role])
        assert client.get(other.get_absolute_url()).status_code == 404, role
        assert (
            client.get(
                reverse("elections:structure") + f"?village={other_village.pk}"
            ).status_code
            == 404
        )
        assert (
            client.get(
                reverse("elections:structure")
                + f"?township={other_village.township.pk}"
            ).status_code
            == 404
        )


def test_county_reads_but_cannot_write(users, client_for, election):
    # given
    client = client_for(users[Role.COUNTY])
    # when / then
    assert client.get(election.get_absolute_url()).status_code == 200
    assert (
        client.get(reverse("elections:election_count", args=[election.pk])).status_code
        == 403
    )
    assert (
        client.post(reverse("elections:election_apply", args=[election.pk])).status_code
        == 403
    )


def test_list_shows_only_the_guides_villages(users, client_for, round, villages):
    # given elections in a guided and an unguided village
    setup_vc(villages[0], round, users[Role.OFFICE])
    setup_vc(villages[3], round, users[Role.OFFICE])
    # when
    content = (
        client_for(users[Role.GUIDE])
        .get(reverse("elections:election_list"))
        .content.decode()
    )
    # then
    assert "立仓社区" in content
    assert "张湖村" not in content.split('id="election-table"')[1]


# --- entering numbers through the form -----------------------------------------------------------------


def count_data(election, **votes):
    data = {"registered": "1000", "ballots_issued": "820", "ballots_returned": "800"}
    for c in election.candidates.select_related("person"):
        data[f"votes_{c.pk}"] = str(votes.get(c.person.name[-1], 0))
    return data


def test_impossible_numbers_in_the_form_show_a_chinese_message_and_write_nothing(
    users, client_for, election
):
    # given
    client = client_for(users[Role.OFFICE])
    data = count_data(election, 甲=801, 乙=300)
    # when
    response = client.post(
        reverse("elections:election_count", args=[election.pk]), data
    )
    # then
    assert response.status_code == 200
    with translation.override("zh-hans"):
        expected = fill(m.VOTES_OVER_BALLOTS, name="立仓甲", votes=801, ballots=800)
    assert expected.startswith("立仓甲得801票")
    assert expected in response.content.decode()
    election.refresh_from_db()
    assert election.status == CountStatus.PLANNED


def test_counted_election_page_shows_rule_and_legal_basis(users, client_for, election):
    # given
    client = client_for(users[Role.OFFICE])
    data = count_data(election, 甲=600, 丙=190, 乙=650, 丁=500, 戊=300)
    # when
    response = client.post(
        reverse("elections:election_count", args=[election.pk]), data, follow=True
    )
    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-result="elected"' in content
    assert "第十五条" in content  # legal basis of V5/V6 from the rule set rows
    election.refresh_from_db()
    assert election.valid is True


def test_office_applies_the_result_through_the_confirmation_page(
    users, client_for, election
):
    # given a valid count
    client = client_for(users[Role.OFFICE])
    client.post(
        reverse("elections:election_count", args=[election.pk]),
        count_data(election, 甲=600, 丙=190, 乙=650, 丁=500, 戊=300),
    )
    # when
    assert (
        client.get(reverse("elections:election_apply", args=[election.pk])).status_code
        == 200
    )
    response = client.post(
        reverse("elections:election_apply", args=[election.pk]), follow=True
    )
    # then
    assert response.status_code == 200
    election.refresh_from_db()
    assert election.status == CountStatus.APPLIED
    assert 'id="new-committee"' in response.content.decode()


def test_setup_form_refuses_seats_outside_the_lawful_size(
    users, client_for, round, villages
):
    # given
    village = villages[1]
    noms = [formal(village, round, post=Post.DIRECTOR) for _ in range(2)]
    url = reverse(
        "elections:election_create", args=[village.pk, Body.VILLAGERS_COMMITTEE]
    )
    # when
    response = client_for(users[Role.GUIDE]).post(
        url,
        {
            "held_on": "2021-12-12",
            "seats_head": "1",
            "seats_deputy": "0",
            "seats_member": "7",
            "registered": "900",
            "nominations": [n.pk for n in noms],
        },
    )
    # then
    assert response.status_code == 200
    assert "V1" in response.content.decode()
    assert not Election.objects.filter(village=village).exists()


def test_meeting_form_records_and_shows_validity(users, client_for, village):
    # given
    make_round(village.township)
    people = [PersonFactory(village=village) for _ in range(5)]
    data = {
        "kind": MeetingKind.PARTY_MEMBERS,
        "body": Body.PARTY_COMMITTEE,
        "held_on": "2021-10-10",
        "seats": "3",
        "shortlist": "4",
        "entitled": "60",
        "present": "40",
    }
    for i, person in enumerate(people):
        data[f"person_{i}"] = str(person.pk)
        data[f"votes_{i}"] = str(35 - i)
        data[f"post_{i}"] = Post.MEMBER
    # when
    response = client_for(users[Role.OFFICE]).post(
        reverse("elections:meeting_create", args=[village.pk]), data, follow=True
    )
    # then exactly 2/3 present: invalid, with P5 and its basis
    assert response.status_code == 200
    meeting = RecommendationMeeting.objects.get()
    assert meeting.valid is False
    assert "P5" in response.content.decode()
    assert "三分之二" in response.content.decode()


def test_village_page_shows_the_elections_panel(users, client_for, election, village):
    # when
    response = client_for(users[Role.OFFICE]).get(village.get_absolute_url())
    # then
    content = response.content.decode()
    assert 'id="elections-panel"' in content
    assert election.get_absolute_url() in content


# --- query budgets that do not grow with the number of villages ------------------------------------------


def _many_elections(township, round, office, count):
    for i in range(count):
        village = VillageFactory(township=township, code=f"9{i:02d}", name=f"预算{i}村")
        setup_vc(village, round, office)


@pytest.mark.parametrize("extra", [2, 12])
def test_election_list_query_budget(
    users, client_for, township, round, extra, django_assert_max_num_queries
):
    # given 1 + extra elections in as many villages
    _many_elections(township, round, users[Role.OFFICE], extra)
    client = client_for(users[Role.OFFICE])
    client.get(reverse("elections:election_list"))
    # when / then
    with django_assert_max_num_queries(14):
        response = client.get(reverse("elections:election_list"))
    assert response.status_code == 200


@pytest.mark.parametrize("extra", [2, 12])
def test_structure_page_query_budget(
    users, client_for, township, round, extra, django_assert_max_num_queries
):
    # given
    _many_elections(township, round, users[Role.OFFICE], extra)
    client = client_for(users[Role.LEADER])
    client.get(reverse("elections:structure"))
    # when / then
    with django_assert_max_num_queries(10):
        response = client.get(reverse("elections:structure"))
    assert response.status_code == 200


def test_meeting_list_query_budget(
    users, client_for, village, django_assert_max_num_queries
):
    # given
    make_round(village.township)
    for i in range(5):
        person = PersonFactory(village=village)
        services.meeting_record(
            village=village,
            kind=MeetingKind.REPRESENTATIVES,
            held_on=DAY - datetime.timedelta(days=i),
            seats=1,
            shortlist=2,
            entitled=30,
            present=25,
            votes=[
                (person, 20, Post.MEMBER),
                (PersonFactory(village=village), 3, Post.MEMBER),
            ],
            by=users[Role.OFFICE],
        )
    client = client_for(users[Role.OFFICE])
    # when / then
    with django_assert_max_num_queries(10):
        response = client.get(reverse("elections:meeting_list"))
    assert response.status_code == 200


# --- meetings: scoping and who writes ------------------------------------------------------------


@pytest.fixture
def meeting(village, users):
    make_round(village.township)
    people = [PersonFactory(village=village) for _ in range(2)]
    return services.meeting_record(
        village=village,
        kind=MeetingKind.PARTY_MEMBERS,
        held_on=DAY,
        seats=1,
        shortlist=2,
        entitled=40,
        present=35,
        votes=[(people[0], 30, Post.MEMBER), (people[1], 20, Post.MEMBER)],
        by=users[Role.OFFICE],
    )


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        (Role.OFFICE, 200, 200),
        (Role.GUIDE, 200, 200),  # 立仓社区 is one of the guide's villages
        (Role.LEADER, 200, 403),
        (Role.INSPECTOR, 200, 403),
        (Role.COUNTY, 200, 403),
        (Role.REVIEWER, 403, 403),
    ],
)
def test_meeting_pages_by_role(users, client_for, meeting, role, read, write):
    # given
    client = client_for(users[role])
    # when / then
    assert client.get(meeting.get_absolute_url()).status_code == read
    assert (
        client.get(reverse("elections:meeting_edit", args=[meeting.pk])).status_code
        == write
    )


def test_meeting_of_another_township_answers_404(
    users, client_for, other_village, make_user
):
    # given
    other_office = make_user(Role.OFFICE, township=other_village.township)
    make_round(other_village.township)
    person = PersonFactory(village=other_village)
    other = services.meeting_record(
        village=other_village,
        kind=MeetingKind.REPRESENTATIVES,
        held_on=DAY,
        seats=1,
        shortlist=1,
        entitled=30,
        present=25,
        votes=[(person, 20, Post.MEMBER)],
        by=other_office,
    )
    # when / then
    for role in (Role.OFFICE, Role.GUIDE, Role.LEADER):
        client = client_for(users[role])
        assert client.get(other.get_absolute_url()).status_code == 404, role
        assert (
            client.post(
                reverse("elections:meeting_confirm", args=[other.pk])
            ).status_code
            == 404
        )


def test_election_void_needs_the_villages_township(
    users, round, villages, other_village, make_user
):
    # given an office user of another township
    stranger = make_user(Role.OFFICE, township=other_village.township)
    person = PersonFactory(village=villages[0])
    # when / then
    with pytest.raises(PermissionDenied):
        services.election_void(
            person=person, village=villages[0], reason="贿选", by=stranger
        )
