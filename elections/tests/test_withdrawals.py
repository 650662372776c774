"""候选人退出 (DOMAIN.md §4; 浙江 第十九条): written, up to vc_withdrawal_days before the day.

With the default of 3 days a statement received on D−3 is accepted and one
received on D−2 refused, with nothing written. An accepted withdrawal keeps the
nomination (status “withdrew”) and its record, takes the candidate off the ballot
(the removal in the ballot's history), lets the next vetted nominee replace them
(递补) and re-checks V3; the formal-list page announces it.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates.tests.factories import NominationFactory
from core.roles import Role
from elections import services
from elections.choices import Body, NominationStatus, Post
from elections.models import CandidateWithdrawal, ElectionCandidate
from elections.services.withdrawals import candidate_withdraw
from stages.models import Rule
from villages.tests.factories import PersonFactory

from .support import formal, make_round

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 12, 12)
D_MINUS_3 = DAY - datetime.timedelta(days=3)
D_MINUS_2 = DAY - datetime.timedelta(days=2)


def vc_election(village, round, office):
    noms = [
        formal(village, round, post=Post.DIRECTOR, name=f"{village.name[:2]}甲"),
        formal(village, round, post=Post.DIRECTOR, name=f"{village.name[:2]}乙"),
        formal(village, round, post=Post.MEMBER, name=f"{village.name[:2]}丙"),
        formal(village, round, post=Post.MEMBER, name=f"{village.name[:2]}丁"),
        formal(village, round, post=Post.MEMBER, name=f"{village.name[:2]}戊"),
    ]
    election = services.election_setup(
        village=village,
        body=Body.VILLAGERS_COMMITTEE,
        held_on=DAY,
        nominations=noms,
        seats_head=1,
        seats_member=2,
        registered=1000,
        by=office,
        round=round,
    )
    return election, {n.person.name[-1]: n for n in noms}


@pytest.fixture
def world(township, villages, users):
    round = make_round(township)
    village = villages[0]
    election, noms = vc_election(village, round, users[Role.OFFICE])
    waiting = NominationFactory(
        village=village,
        round=round,
        person=PersonFactory(village=village, name="立仓己"),
        body=Body.VILLAGERS_COMMITTEE,
        post=Post.MEMBER,
        status=NominationStatus.PUBLIC_NOTICE,
    )
    return {
        "round": round,
        "village": village,
        "office": users[Role.OFFICE],
        "election": election,
        "noms": noms,
        "waiting": waiting,
    }


def withdraw(world, letter="丙", *, received=D_MINUS_3, **extra):
    params = {
        "nomination": world["noms"][letter],
        "received_on": received,
        "statement_received": True,
        "reason": "外出务工，无法履职",
        "by": world["office"],
        "today": received,
        **extra,
    }
    return candidate_withdraw(**params)


def ballot(world):
    return set(world["election"].candidates.values_list("person__name", flat=True))


def test_withdrawal_on_d_minus_3_is_accepted_and_kept(world):
    withdrawal = withdraw(world)
    nomination = world["noms"]["丙"]
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.WITHDRAWN
    assert withdrawal.received_on == D_MINUS_3
    assert withdrawal.election_day == DAY
    assert withdrawal.recorded_by == world["office"]
    assert withdrawal.statement_received is True
    assert "立仓丙" not in ballot(world)
    # never deleted: the record, the nomination, the ballot row's history stay
    assert nomination.history.filter(status=NominationStatus.WITHDRAWN).exists()
    assert ElectionCandidate.history.filter(
        nomination=nomination, history_type="-"
    ).exists()
    assert withdrawal.history.count() == 1


def test_withdrawal_on_d_minus_2_is_refused_and_nothing_written(world):
    with pytest.raises(ValidationError) as raised:
        withdraw(world, received=D_MINUS_2)
    (message,) = raised.value.message_dict["received_on"]
    assert "3日前" in message
    assert "2021年12月9日" in message
    assert "立仓丙" in message
    nomination = world["noms"]["丙"]
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.FORMAL
    assert not CandidateWithdrawal.objects.exists()
    assert "立仓丙" in ballot(world)


def test_deadline_comes_from_the_rule_set(world):
    Rule.objects.filter(
        rule_set=world["round"].rule_set, key="vc_withdrawal_days"
    ).update(numerator=5)
    world["round"].refresh_from_db()
    with pytest.raises(ValidationError):
        withdraw(world, received=D_MINUS_3)
    assert withdraw(world, received=DAY - datetime.timedelta(days=5)).pk


def test_no_written_statement_no_reason_and_a_future_date_are_refused(world):
    with pytest.raises(ValidationError) as raised:
        candidate_withdraw(
            nomination=world["noms"]["丙"],
            received_on=D_MINUS_3,
            statement_received=False,
            reason=" ",
            by=world["office"],
            today=D_MINUS_3 - datetime.timedelta(days=1),
        )
    errors = raised.value.message_dict
    assert "书面" in errors["statement_received"][0]
    assert "理由" in errors["reason"][0]
    assert "尚未到来" in errors["received_on"][0]
    assert not CandidateWithdrawal.objects.exists()


def test_dropping_to_the_seats_is_flagged_by_v3(world):
    withdrawal = withdraw(world)
    assert withdrawal.margin_short is True
    assert "V3" in withdrawal.margin_note
    assert "委员" in withdrawal.margin_note


def test_the_next_nominee_replaces_the_candidate(world):
    withdrawal = withdraw(world, replacement=world["waiting"])
    waiting = world["waiting"]
    waiting.refresh_from_db()
    assert waiting.status == NominationStatus.FORMAL
    assert withdrawal.replacement == waiting
    assert "立仓己" in ballot(world)
    assert withdrawal.margin_short is False


def test_a_replacement_for_another_post_is_refused(world):
    world["waiting"].post = Post.DIRECTOR
    world["waiting"].save()
    with pytest.raises(ValidationError) as raised:
        withdraw(world, replacement=world["waiting"])
    assert "递补" in raised.value.message_dict["replacement"][0]
    assert not CandidateWithdrawal.objects.exists()


def test_a_withdrawn_candidate_cannot_withdraw_twice(world):
    withdraw(world)
    with pytest.raises(ValidationError) as raised:
        withdraw(world)
    assert "正式候选人" in raised.value.messages[0]


# --- pages -----------------------------------------------------------------------------


def test_office_records_it_and_the_formal_list_announces_it(world, client_for):
    client = client_for(world["office"])
    nomination = world["noms"]["丙"]
    url = reverse("elections:withdrawal_new", args=[nomination.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "2021年12月9日" in page.content.decode()
    response = client.post(
        url,
        {
            "received_on": D_MINUS_3.isoformat(),
            "statement_received": "on",
            "reason": "身体原因",
            "replacement": world["waiting"].pk,
        },
    )
    assert response.status_code == 302
    listing = client.get(response["Location"]).content.decode()
    assert "候选人退出公告" in listing
    assert "身体原因" in listing
    assert "立仓己" in listing
    # a second submit leads to the record, nothing twice
    again = client.post(url, {"received_on": D_MINUS_3.isoformat()})
    assert again.status_code == 302
    assert CandidateWithdrawal.objects.count() == 1


def test_late_statement_is_refused_on_the_page(world, client_for):
    client = client_for(world["office"])
    nomination = world["noms"]["丙"]
    response = client.post(
        reverse("elections:withdrawal_new", args=[nomination.pk]),
        {
            "received_on": D_MINUS_2.isoformat(),
            "statement_received": "on",
            "reason": "身体原因",
        },
    )
    assert response.status_code == 200
    assert "不予退出" in response.content.decode()
    assert not CandidateWithdrawal.objects.exists()


def test_scoping(world, users, client_for, villages):
    other, noms = vc_election(villages[3], world["round"], world["office"])
    url = reverse("elections:withdrawal_new", args=[noms["丙"].pk])
    # a guide of another group: 404; the county reads but does not write: 403
    assert client_for(users[Role.GUIDE]).get(url).status_code == 404
    assert client_for(users[Role.COUNTY]).get(url).status_code == 403
    assert client_for(users[Role.REVIEWER]).get(url).status_code == 403
    own = reverse("elections:withdrawal_new", args=[world["noms"]["丙"].pk])
    assert client_for(users[Role.GUIDE]).get(own).status_code == 200
    county = client_for(users[Role.COUNTY]).get(
        reverse(
            "candidates:formal_list",
            args=[world["village"].pk, Body.VILLAGERS_COMMITTEE],
        )
    )
    if county.status_code == 200:
        assert reverse(
            "elections:withdrawal_new", args=[world["noms"]["丁"].pk]
        ) not in (county.content.decode())


def test_formal_list_queries_do_not_grow_with_withdrawals(world, client_for):
    client = client_for(world["office"])
    url = reverse(
        "candidates:formal_list", args=[world["village"].pk, Body.VILLAGERS_COMMITTEE]
    )
    withdraw(world, "丙")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    withdraw(world, "丁")
    withdraw(world, "乙")
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    assert len(three) == len(one)
