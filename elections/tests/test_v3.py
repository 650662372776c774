"""V3 (DOMAIN.md §7): a villagers' committee post has more candidates than seats.

Checked when the formal VC list is fixed (candidates' vetting) and when the
election is set up; the surplus comes from the rule set (vc_candidate_surplus).
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from candidates.services.vetting.notices import vc_margin_problems
from core.roles import Role
from elections import services
from elections.choices import Body, Post

from .support import formal, make_round

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 12, 12)


@pytest.fixture
def world(township, villages, users):
    return {
        "round": make_round(township),
        "village": villages[0],
        "office": users[Role.OFFICE],
    }


def setup(world, directors, members, *, seats_member=2):
    village, round = world["village"], world["round"]
    noms = [formal(village, round, post=Post.DIRECTOR, name=n) for n in directors]
    noms += [formal(village, round, post=Post.MEMBER, name=n) for n in members]
    return services.election_setup(
        village=village,
        body=Body.VILLAGERS_COMMITTEE,
        held_on=DAY,
        nominations=noms,
        seats_head=1,
        seats_member=seats_member,
        registered=1000,
        by=world["office"],
        round=round,
    )


def test_as_many_member_candidates_as_seats_is_refused(world):
    with pytest.raises(ValidationError) as raised:
        setup(world, ["甲", "乙"], ["丙", "丁"])
    messages = " ".join(raised.value.message_dict["nominations"])
    assert "V3" in messages
    assert "委员" in messages
    assert "至少3名" in messages
    assert not world["village"].committee_elections.exists()


def test_one_director_candidate_is_refused_naming_the_post(world):
    with pytest.raises(ValidationError) as raised:
        setup(world, ["甲"], ["丙", "丁", "戊"])
    (message,) = raised.value.message_dict["nominations"]
    assert "主任" in message
    assert "V3" in message


def test_one_more_candidate_than_seats_is_set_up(world):
    election = setup(world, ["甲", "乙"], ["丙", "丁", "戊"])
    assert election.pk


def test_surplus_from_the_rule_set(world):
    from stages.models import Rule

    rule_set = world["round"].rule_set
    Rule.objects.update_or_create(
        rule_set=rule_set,
        key="vc_candidate_surplus",
        defaults={"kind": "count", "numerator": 2, "legal_basis": "测试：多2人"},
    )
    world["round"].refresh_from_db()
    with pytest.raises(ValidationError) as raised:
        setup(world, ["甲", "乙", "庚"], ["丙", "丁", "戊"])
    assert "委员" in " ".join(raised.value.message_dict["nominations"])
    assert "至少4名" in " ".join(raised.value.message_dict["nominations"])


def test_formal_list_flags_a_post_without_a_surplus(world):
    village, round = world["village"], world["round"]
    noms = [
        formal(village, round, post=Post.DIRECTOR, name="甲"),
        formal(village, round, post=Post.MEMBER, name="丙"),
        formal(village, round, post=Post.MEMBER, name="丁"),
    ]
    problems = vc_margin_problems(round, noms)
    assert len(problems) == 1
    assert "主任" in problems[0]
    noms.append(formal(village, round, post=Post.DIRECTOR, name="乙"))
    assert vc_margin_problems(round, noms) == []
