"""The scope of each role decides what querysets return (SPEC §1)."""

import pytest

from core.roles import Role
from core.scope import get_scope
from villages.models import Village

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role", [Role.OFFICE, Role.LEADER, Role.INSPECTOR, Role.DISCIPLINE]
)
def test_township_roles_see_every_village_of_their_township_only(
    role, users, villages, other_village
):
    # given
    user = users[role]
    # when
    visible = set(Village.objects.visible_to(user))
    # then
    assert visible == set(villages)
    assert other_village not in visible


def test_guide_sees_only_the_villages_of_their_guidance_group(users, villages):
    visible = set(Village.objects.visible_to(users[Role.GUIDE]))
    assert visible == set(villages[:2])


def test_reviewer_only_sees_no_village_data(users, villages):
    assert not Village.objects.visible_to(users[Role.REVIEWER]).exists()


def test_county_official_reads_every_township_of_their_county(
    users, villages, other_village, township
):
    # given: the other township belongs to another county
    user = users[Role.COUNTY]
    # then
    assert set(Village.objects.visible_to(user)) == set(villages)
    other_village.township.county = township.county
    other_village.township.save()
    user = type(user).objects.get(pk=user.pk)  # a new request: scope recomputed
    assert other_village in set(Village.objects.visible_to(user))


def test_user_without_role_or_township_sees_nothing(make_user, villages):
    nobody = make_user("nobody-role", township=None)
    assert not Village.objects.visible_to(nobody).exists()


def test_inactive_user_sees_nothing(users, villages):
    user = users[Role.OFFICE]
    user.is_active = False
    assert not Village.objects.visible_to(user).exists()


def test_guide_may_edit_own_villages_and_office_all_of_township(
    users, villages, other_village
):
    guide = get_scope(users[Role.GUIDE])
    office = get_scope(users[Role.OFFICE])
    leader = get_scope(users[Role.LEADER])
    assert guide.can_edit_village(villages[0])
    assert not guide.can_edit_village(villages[2])
    assert all(office.can_edit_village(v) for v in villages)
    assert not office.can_edit_village(other_village)
    assert not leader.can_edit_village(villages[0])


def test_user_with_guide_and_office_roles_is_township_wide(
    make_user, township, villages
):
    # given: one person may hold several roles
    user = make_user(Role.GUIDE, township=township, villages=villages[:1])
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get_or_create(name=Role.OFFICE)[0])
    # then
    assert set(Village.objects.visible_to(user)) == set(villages)
