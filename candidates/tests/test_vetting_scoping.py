"""Scoping of the vetting pages: roles, villages, townships, departments, criteria."""

import pytest
from django.urls import reverse

from candidates.models import Nomination
from core.roles import Role
from villages.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(vetting):
    """A nominee in villages[0] (guided), one in villages[2] (not guided), both sent to review."""
    guided = vetting.nominate(village=vetting.villages[0], name="甲")
    unguided = vetting.nominate(village=vetting.villages[2], name="乙")
    vetting.send(guided, unguided)
    vetting.extra.update(guided=guided, unguided=unguided)
    return vetting


@pytest.fixture
def outside(world, other_township, make_user):
    """A nominee of another township, sent to that township's 公安 (same department row)."""
    from candidates.tests.factories import ElectionRoundFactory

    ElectionRoundFactory(township=other_township)
    office = make_user(Role.OFFICE, township=other_township, username="outside-office")
    village = other_township.villages.get()
    person = PersonFactory(village=village, name="外人")
    from candidates import services

    nomination = services.nomination_create(
        village=village,
        person=person,
        body="villagers_committee",
        post="member",
        route="self",
        by=office,
    )
    services.review_send(nominations=[nomination], by=office)
    return nomination


def _status(client, url, method="get"):
    return getattr(client, method)(url).status_code


# --- nominations and ledgers ----------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.OFFICE, Role.LEADER, Role.INSPECTOR, Role.GUIDE, Role.COUNTY]
)
def test_readers_see_the_ledger_and_a_visible_nomination(world, client_for, role):
    client = client_for(world.users[role])
    assert _status(client, reverse("candidates:nomination_list")) == 200
    guided = world.extra["guided"]
    assert _status(client, guided.get_absolute_url()) == 200
    assert (
        _status(client, reverse("candidates:village_ledger", args=[guided.village_id]))
        == 200
    )
    assert _status(client, reverse("candidates:review_table", args=[guided.pk])) == 200


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.DISCIPLINE])
def test_other_roles_cannot_open_the_ledger(world, client_for, role):
    client = client_for(world.users[role])
    assert _status(client, reverse("candidates:nomination_list")) == 403


def test_guide_sees_only_their_villages(world, client_for):
    # given
    client = client_for(world.users[Role.GUIDE])
    unguided = world.extra["unguided"]
    # when
    page = client.get(reverse("candidates:nomination_list"))
    # then
    assert "甲" in page.content.decode()
    assert "乙" not in page.content.decode()
    assert _status(client, unguided.get_absolute_url()) == 404
    assert (
        _status(
            client, reverse("candidates:village_ledger", args=[unguided.village_id])
        )
        == 404
    )
    assert (
        _status(client, reverse("candidates:review_table", args=[unguided.pk])) == 404
    )
    assert (
        _status(client, reverse("candidates:review_table_xlsx", args=[unguided.pk]))
        == 404
    )


@pytest.mark.parametrize("role", [Role.OFFICE, Role.LEADER, Role.INSPECTOR, Role.GUIDE])
def test_another_townships_nomination_is_404(world, outside, client_for, role):
    client = client_for(world.users[role])
    assert _status(client, outside.get_absolute_url()) == 404
    assert _status(client, reverse("candidates:review_table", args=[outside.pk])) == 404
    assert (
        _status(client, reverse("candidates:village_ledger", args=[outside.village_id]))
        == 404
    )
    assert (
        "外人" not in client.get(reverse("candidates:nomination_list")).content.decode()
    )


def test_another_townships_office_cannot_act_on_our_nomination(
    world, outside, client_for
):
    client = client_for(outside.nominated_by)
    guided = world.extra["guided"]
    assert (
        _status(
            client,
            reverse("candidates:nomination_disqualify", args=[guided.pk]),
            "post",
        )
        == 404
    )
    assert (
        _status(
            client, reverse("candidates:nomination_create", args=[guided.village_id])
        )
        == 404
    )


@pytest.mark.parametrize("role", [Role.LEADER, Role.INSPECTOR, Role.GUIDE, Role.COUNTY])
def test_only_office_writes_nominations(world, client_for, role):
    client = client_for(world.users[role])
    village = world.villages[0]
    guided = world.extra["guided"]
    assert (
        _status(client, reverse("candidates:nomination_create", args=[village.pk]))
        == 403
    )
    assert _status(client, reverse("candidates:review_send")) == 403
    assert (
        _status(
            client,
            reverse("candidates:nomination_start_inspection", args=[guided.pk]),
            "post",
        )
        == 403
    )
    assert Nomination.objects.get(pk=guided.pk).status == "in_review"


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.GUIDE, Role.COUNTY])
def test_only_office_and_leaders_disqualify(world, client_for, role):
    client = client_for(world.users[role])
    guided = world.extra["guided"]
    assert (
        _status(
            client,
            reverse("candidates:nomination_disqualify", args=[guided.pk]),
            "post",
        )
        == 403
    )


def test_county_reads_its_townships_nominations(world, client_for):
    client = client_for(world.users[Role.COUNTY])
    assert "乙" in client.get(reverse("candidates:nomination_list")).content.decode()


# --- the department inbox ----------------------------------------------------------------------


def test_reviewer_inbox_lists_only_their_departments_items(world, client_for):
    # given
    client = client_for(world.reviewers["gongan"])
    # when
    page = client.get(reverse("candidates:review_inbox")).content.decode()
    # then
    gongan = [
        world.item(n, "gongan").pk
        for n in (world.extra["guided"], world.extra["unguided"])
    ]
    fayuan = world.item(world.extra["guided"], "fayuan").pk
    for pk in gongan:
        assert f'data-item="{pk}"' in page
    assert f'data-item="{fayuan}"' not in page


def test_reviewer_cannot_open_another_departments_item(world, client_for):
    client = client_for(world.reviewers["gongan"])
    item = world.item(world.extra["guided"], "fayuan")
    assert _status(client, item.get_absolute_url()) == 404
    assert (
        _status(client, reverse("candidates:review_sign", args=[item.pk]), "post")
        == 404
    )


def test_reviewer_cannot_open_another_townships_item(world, outside, client_for):
    # given: the other township's nominee is also sent to 公安
    client = client_for(world.reviewers["gongan"])
    item = world.item(outside, "gongan")
    # then
    assert _status(client, item.get_absolute_url()) == 404
    assert "外人" not in client.get(reverse("candidates:review_inbox")).content.decode()


def test_gongan_reviewer_never_sees_fayuan_criteria(world, client_for):
    # given: item 9 (失信被执行人) is checked only by 法院
    client = client_for(world.reviewers["gongan"])
    item = world.item(world.extra["guided"], "gongan")
    # when
    page = client.get(item.get_absolute_url()).content.decode()
    # then
    assert world.criteria[2].title in page
    assert world.criteria[4].title in page
    assert world.criteria[9].title not in page
    catalogue = client.get(reverse("candidates:criteria")).content.decode()
    assert world.criteria[2].title in catalogue
    assert world.criteria[9].title not in catalogue
    assert world.criteria[7].title not in catalogue


def test_posting_a_finding_for_another_departments_criterion_is_404(world, client_for):
    client = client_for(world.reviewers["gongan"])
    item = world.item(world.extra["guided"], "gongan")
    url = reverse(
        "candidates:review_finding", args=[item.pk, world.round_criterion(9).pk]
    )
    assert client.post(url, {"c0-result": "clear"}).status_code == 404
    assert not item.findings.exists()


def test_reviewer_cannot_open_nominations_or_ledgers(world, client_for):
    client = client_for(world.reviewers["gongan"])
    guided = world.extra["guided"]
    assert _status(client, guided.get_absolute_url()) == 403
    assert _status(client, reverse("candidates:review_table", args=[guided.pk])) == 403


@pytest.mark.parametrize("role", [Role.OFFICE, Role.LEADER, Role.GUIDE])
def test_non_reviewers_cannot_use_the_inbox(world, client_for, role):
    client = client_for(world.users[role])
    item = world.item(world.extra["guided"], "gongan")
    assert _status(client, reverse("candidates:review_inbox")) == 403
    assert _status(client, item.get_absolute_url()) == 403


def test_reviewer_sees_the_full_id_number_and_the_view_is_logged(world, client_for):
    from core.models import AccessLog

    client = client_for(world.reviewers["gongan"])
    guided = world.extra["guided"]
    page = client.get(world.item(guided, "gongan").get_absolute_url()).content.decode()
    assert guided.person.id_number in page
    assert (
        AccessLog.objects.filter(user=world.reviewers["gongan"], action="view").count()
        == 1
    )


def test_leader_sees_masked_and_office_full_id_numbers(world, client_for):
    guided = world.extra["guided"]
    full = guided.person.id_number
    leader_page = (
        client_for(world.users[Role.LEADER])
        .get(guided.get_absolute_url())
        .content.decode()
    )
    office_page = (
        client_for(world.users[Role.OFFICE])
        .get(guided.get_absolute_url())
        .content.decode()
    )
    assert full not in leader_page
    assert f"{full[:4]}**********{full[-4:]}" in leader_page
    assert full in office_page
