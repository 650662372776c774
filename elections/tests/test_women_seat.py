"""The women's seat (第六条; 浙江 第二十九条): a recordable separate vote, the flag until filled.

A villagers' committee whose votes elect no woman is flagged (缺妇女成员) and its
另行选举 step stays open; a WOMEN_SEAT vote with women only is counted like a
另行选举 (at least vc_runoff_min_share of the ballots cast) and clears the flag
when a woman is elected.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.roles import Role
from elections import services
from elections.choices import Body, ElectionKind, Post
from elections.models import Election
from stages.choices import TaskStatus
from stages.defaults import load_stages, load_templates
from stages.models import TaskTemplate, VillageTask
from villages.tests.factories import PersonFactory

from .support import formal, make_round

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 12, 12)
LATER = DAY + datetime.timedelta(days=7)


@pytest.fixture
def world(township, villages, users):
    load_templates(load_stages())
    round = make_round(township)
    village = villages[0]
    tasks = {}
    for code in ("vc-election", "vc-runoff"):
        template = TaskTemplate.objects.get(code=code)
        tasks[code] = VillageTask.objects.create(
            round=round,
            village=village,
            stage=template.stage,
            template=template,
            title=template.title,
            due_date=DAY + datetime.timedelta(days=template.offset_days),
        )
    noms = [
        formal(village, round, post=Post.DIRECTOR, name="甲", gender="male"),
        formal(village, round, post=Post.DIRECTOR, name="丙", gender="male"),
        formal(village, round, post=Post.MEMBER, name="乙", gender="male"),
        formal(village, round, post=Post.MEMBER, name="丁", gender="male"),
        formal(village, round, post=Post.MEMBER, name="戊", gender="female"),
    ]
    election = services.election_setup(
        village=village,
        body=Body.VILLAGERS_COMMITTEE,
        held_on=DAY,
        nominations=noms,
        seats_head=1,
        seats_member=2,
        registered=1000,
        by=users[Role.OFFICE],
        round=round,
    )
    return {
        "round": round,
        "village": village,
        "office": users[Role.OFFICE],
        "election": election,
        "tasks": tasks,
        "people": {n.person.name: n.person for n in noms},
    }


def count(election, by, cast, **named):
    ids = {c.person.name: c.pk for c in election.candidates.select_related("person")}
    return services.election_count(
        election=election,
        by=by,
        ballots_issued=cast,
        ballots_returned=cast,
        votes={ids[name]: n for name, n in named.items()},
    )


def no_woman(world):
    return count(
        world["election"], world["office"], 600, 甲=500, 丙=90, 乙=400, 丁=350, 戊=100
    )


def task(world, code):
    return VillageTask.objects.get(pk=world["tasks"][code].pk)


def women_seat(world, *names, extra=()):
    people = [world["people"][n] for n in names] + list(extra)
    return services.election_followup(
        election=world["election"],
        kind=ElectionKind.WOMEN_SEAT,
        held_on=LATER,
        by=world["office"],
        candidate_ids=[p.pk for p in people],
    )


def test_no_woman_elected_flags_the_committee_and_keeps_the_runoff_step_open(world):
    counted = no_woman(world)
    assert counted.valid is True
    assert counted.women_missing is True
    assert task(world, "vc-election").status == TaskStatus.DONE
    runoff = task(world, "vc-runoff")
    assert runoff.status == TaskStatus.NOT_STARTED
    assert "妇女" in task(world, "vc-election").note


def test_a_woman_elected_leaves_no_flag(world):
    counted = count(
        world["election"], world["office"], 600, 甲=500, 丙=90, 乙=400, 丁=100, 戊=350
    )
    assert counted.women_missing is False
    assert task(world, "vc-runoff").status == TaskStatus.NOT_APPLICABLE


def test_a_man_is_refused_for_the_womens_seat(world):
    no_woman(world)
    with pytest.raises(ValidationError) as raised:
        women_seat(world, "戊", "丁")
    messages = " ".join(raised.value.message_dict["candidates"])
    assert "丁" in messages
    assert "男性" in messages
    assert not Election.objects.filter(kind=ElectionKind.WOMEN_SEAT).exists()


def test_one_woman_is_too_few_for_a_separate_vote(world):
    no_woman(world)
    with pytest.raises(ValidationError) as raised:
        women_seat(world, "戊")
    assert "妇女委员" in " ".join(raised.value.message_dict["candidates"])


def test_not_needed_when_a_woman_is_on_the_committee(world):
    count(
        world["election"], world["office"], 600, 甲=500, 丙=90, 乙=400, 丁=100, 戊=350
    )
    other = PersonFactory(village=world["village"], name="己", gender="female")
    with pytest.raises(ValidationError) as raised:
        women_seat(world, "戊", extra=[other])
    assert "已有妇女成员" in " ".join(raised.value.messages)


def test_woman_of_another_village_is_refused(world, villages):
    no_woman(world)
    stranger = PersonFactory(village=villages[1], name="庚", gender="female")
    with pytest.raises(ValidationError) as raised:
        women_seat(world, "戊", extra=[stranger])
    assert "庚" in " ".join(raised.value.message_dict["candidates"])


def test_flag_stays_until_a_woman_reaches_a_third_of_the_ballots(world):
    no_woman(world)
    other = PersonFactory(village=world["village"], name="己", gender="female")
    vote = women_seat(world, "戊", extra=[other])
    assert vote.seats == 1
    assert vote.seats_member == 1
    assert {c.person.name for c in vote.candidates.select_related("person")} == {
        "戊",
        "己",
    }
    # 600 ballots cast: a third is 200. 199 is not enough (V6, vc_runoff_min_share).
    counted = count(vote, world["office"], 600, 戊=199, 己=150)
    assert counted.valid is True
    assert not counted.candidates.filter(result="elected").exists()
    world["election"].refresh_from_db()
    assert world["election"].women_missing is True
    assert task(world, "vc-runoff").status != TaskStatus.DONE
    # 200 is exactly a third: elected, the flag clears, the 另行选举 step is done.
    counted = count(vote, world["office"], 600, 戊=200, 己=150)
    assert counted.candidates.get(result="elected").person.name == "戊"
    world["election"].refresh_from_db()
    assert world["election"].women_missing is False
    assert task(world, "vc-runoff").status == TaskStatus.DONE


def test_applied_woman_joins_the_committee_and_void_brings_the_flag_back(world):
    from villages.models import RosterMembership

    no_woman(world)
    services.election_apply(election=world["election"], by=world["office"])
    other = PersonFactory(village=world["village"], name="己", gender="female")
    vote = women_seat(world, "戊", extra=[other])
    count(vote, world["office"], 600, 戊=300, 己=150)
    services.election_apply(election=vote, by=world["office"])
    members = RosterMembership.objects.current(on=LATER).filter(
        village=world["village"], category="villagers_committee"
    )
    assert "戊" in {m.person.name for m in members}
    services.election_void(
        person=world["people"]["戊"],
        village=world["village"],
        reason="经查实存在贿选行为",
        by=world["office"],
    )
    world["election"].refresh_from_db()
    assert world["election"].women_missing is True


# --- pages -----------------------------------------------------------------------------


def test_pages_show_the_flag_and_record_the_vote(world, client_for):
    from django.urls import reverse

    no_woman(world)
    client = client_for(world["office"])
    election = world["election"]
    detail = client.get(election.get_absolute_url()).content.decode()
    assert "缺妇女成员" in detail
    assert reverse("elections:women_seat_new", args=[election.pk]) in detail
    assert (
        "缺妇女成员" in client.get(reverse("elections:election_list")).content.decode()
    )
    village_page = client.get(world["village"].get_absolute_url()).content.decode()
    assert "缺妇女成员" in village_page
    url = reverse("elections:women_seat_new", args=[election.pk])
    page = client.get(url)
    assert page.status_code == 200
    other = PersonFactory(village=world["village"], name="己", gender="female")
    man = world["people"]["丁"]
    refused = client.post(
        url, {"held_on": LATER.isoformat(), "candidates": [other.pk, man.pk]}
    )
    assert refused.status_code == 200
    assert "男性" in refused.content.decode()
    assert not Election.objects.filter(kind=ElectionKind.WOMEN_SEAT).exists()
    woman = world["people"]["戊"]
    done = client.post(
        url, {"held_on": LATER.isoformat(), "candidates": [other.pk, woman.pk]}
    )
    assert done.status_code == 302
    vote = Election.objects.get(kind=ElectionKind.WOMEN_SEAT)
    assert "妇女委员另行选举" in client.get(vote.get_absolute_url()).content.decode()


def test_women_seat_page_scoping(world, users, client_for, villages):
    from django.urls import reverse

    no_woman(world)
    url = reverse("elections:women_seat_new", args=[world["election"].pk])
    assert client_for(users[Role.GUIDE]).get(url).status_code == 200
    assert client_for(users[Role.COUNTY]).get(url).status_code == 403
    noms = [
        formal(villages[3], world["round"], post=Post.DIRECTOR, name="张甲"),
        formal(villages[3], world["round"], post=Post.DIRECTOR, name="张乙"),
        formal(villages[3], world["round"], post=Post.MEMBER, name="张丙"),
        formal(villages[3], world["round"], post=Post.MEMBER, name="张丁"),
        formal(villages[3], world["round"], post=Post.MEMBER, name="张戊"),
    ]
    other = services.election_setup(
        village=villages[3],
        body=Body.VILLAGERS_COMMITTEE,
        held_on=DAY,
        nominations=noms,
        seats_head=1,
        seats_member=2,
        registered=1000,
        by=world["office"],
        round=world["round"],
    )
    other_url = reverse("elections:women_seat_new", args=[other.pk])
    assert client_for(users[Role.GUIDE]).get(other_url).status_code == 404
