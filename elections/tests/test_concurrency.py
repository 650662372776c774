"""Stale edits and double submits of elections (issue 16)."""

import pytest
from django.urls import reverse

from core.roles import Role
from core.tests.stale import loaded_version
from elections import services
from elections.choices import Body, CountStatus, Post
from elections.models import Election

from .support import formal, make_round
from .test_views import count_data, setup_vc

pytestmark = pytest.mark.django_db


@pytest.fixture
def round(township, villages):
    return make_round(township)


@pytest.fixture
def election(round, village, users):
    return setup_vc(village, round, users[Role.OFFICE])


def test_second_count_from_a_stale_form_is_refused_and_the_first_kept(
    users, client_for, election
):
    # given the office and the guide open the count form of the same election
    url = reverse("elections:election_count", args=[election.pk])
    office, guide = client_for(users[Role.OFFICE]), client_for(users[Role.GUIDE])
    v1, v2 = loaded_version(office.get(url)), loaded_version(guide.get(url))
    assert v1 == v2 != ""
    # when both save different numbers, the office first
    first = office.post(
        url, {**count_data(election, 甲=600, 丙=190, 乙=650, 丁=500), "_version": v1}
    )
    second = guide.post(
        url,
        {
            **count_data(election, 甲=100, 丙=700, 乙=650, 丁=500),
            "ballots_issued": "830",
            "_version": v2,
        },
    )
    # then the second is refused in Chinese, showing who counted and what changed
    assert first.status_code == 302
    assert second.status_code == 200
    page = second.content.decode()
    assert "未保存" in page
    assert users[Role.OFFICE].display_name in page
    assert "当前保存的值" in page
    assert 'value="830"' in page  # the guide's input is kept
    # and the first count is intact
    election.refresh_from_db()
    assert election.status == CountStatus.COUNTED
    assert election.ballots_issued == 820
    votes = {
        c.person.name[-1]: c.votes for c in election.candidates.select_related("person")
    }
    assert votes["甲"] == 600
    assert votes["丙"] == 190
    assert election.counted_by == users[Role.OFFICE]


def test_a_refused_count_saved_again_on_purpose_replaces_it(
    users, client_for, election
):
    url = reverse("elections:election_count", args=[election.pk])
    office, guide = client_for(users[Role.OFFICE]), client_for(users[Role.GUIDE])
    version = loaded_version(office.get(url))
    office.post(url, {**count_data(election, 甲=600, 乙=650), "_version": version})
    refused = guide.post(
        url, {**count_data(election, 甲=610, 乙=650), "_version": version}
    )
    again = guide.post(
        url,
        {**count_data(election, 甲=610, 乙=650), "_version": loaded_version(refused)},
    )
    assert again.status_code == 302
    assert election.candidates.get(person__name__endswith="甲").votes == 610


def test_stale_correction_of_a_setup_is_refused(
    users, client_for, election, round, village
):
    url = reverse("elections:election_edit", args=[election.pk])
    office, guide = client_for(users[Role.OFFICE]), client_for(users[Role.GUIDE])
    v1, v2 = loaded_version(office.get(url)), loaded_version(guide.get(url))
    base = {
        "held_on": "2021-12-12",
        "seats_head": "1",
        "seats_deputy": "0",
        "seats_member": "2",
        "registered": "1000",
        "nominations": [c.nomination_id for c in election.candidates.all()],
    }
    assert (
        office.post(url, {**base, "registered": "1100", "_version": v1}).status_code
        == 302
    )
    second = guide.post(url, {**base, "registered": "900", "_version": v2})
    assert second.status_code == 200
    assert "未保存" in second.content.decode()
    election.refresh_from_db()
    assert election.entitled == 1100


def test_a_second_setup_of_the_same_election_opens_the_first(
    users, client_for, round, village
):
    # given formal candidates and the set-up form posted twice (a double click)
    noms = [
        formal(village, round, post=Post.DIRECTOR, name="赵甲"),
        formal(village, round, post=Post.DIRECTOR, name="赵丙"),
        formal(village, round, post=Post.MEMBER, name="赵乙"),
        formal(village, round, post=Post.MEMBER, name="赵丁"),
        formal(village, round, post=Post.MEMBER, name="赵戊"),
    ]
    url = reverse(
        "elections:election_create", args=[village.pk, Body.VILLAGERS_COMMITTEE]
    )
    data = {
        "held_on": "2021-12-12",
        "seats_head": "1",
        "seats_deputy": "0",
        "seats_member": "2",
        "registered": "1000",
        "nominations": [n.pk for n in noms],
    }
    client = client_for(users[Role.OFFICE])
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    # then one election; the second answer shows it with a Chinese note
    election = Election.objects.get(village=village)
    assert first.status_code == 302
    assert second.redirect_chain[-1][0] == election.get_absolute_url()
    assert "已由" in second.content.decode()
    assert "没有重复创建" in second.content.decode()


def test_the_database_refuses_a_second_planned_regular_election(
    users, round, village, election
):
    # given a planned election; when the service is asked for another one
    with pytest.raises(services.ElectionExistsError) as raised:
        setup_vc(village, round, users[Role.OFFICE])
    assert raised.value.election == election
    # and even a direct insert that skips the service is refused by the constraint
    from django.db import IntegrityError, transaction

    copy = Election.objects.get(pk=election.pk)
    copy.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()
    assert Election.objects.filter(village=village).count() == 1


def test_a_counted_election_may_be_followed_by_a_new_setup(
    users, round, village, election
):
    # an invalid vote is organised again: a new planned election is allowed
    Election.objects.filter(pk=election.pk).update(
        status=CountStatus.COUNTED, valid=False
    )
    again = setup_vc(village, round, users[Role.OFFICE])
    assert again.pk != election.pk
