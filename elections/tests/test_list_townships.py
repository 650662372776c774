"""The county's election list narrows by township before it offers villages."""

import pytest
from django.urls import reverse

from core.roles import Role
from villages.tests.factories import TownshipFactory, VillageFactory

from .support import make_round
from .test_views import setup_vc

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_townships(township, villages, users, make_user):
    """立仓镇 and a second township of the same county, one election each."""
    other = TownshipFactory(county=township.county, code="341622109", name="小涧镇")
    other_village = VillageFactory(township=other, code="001", name="外镇一村")
    office = users[Role.OFFICE]
    setup_vc(villages[0], make_round(township), office)
    setup_vc(other_village, make_round(other), make_user(Role.OFFICE, township=other))
    return township, other


def _names(response):
    return {e.village.name for e in response.context["elections"]}


def test_county_chooses_a_township_then_a_village(two_townships, users, client_for):
    township, other = two_townships
    client = client_for(users[Role.COUNTY])
    url = reverse("elections:election_list")

    response = client.get(url)
    assert response.status_code == 200
    assert _names(response) == {"立仓社区", "外镇一村"}
    assert [t.pk for t in response.context["townships"]] == [township.pk, other.pk]
    assert 'id="filter-township"' in response.content.decode()
    # no village list of the whole county until a township is chosen
    assert list(response.context["villages"]) == []

    response = client.get(url, {"township": other.pk})
    assert _names(response) == {"外镇一村"}
    assert [v.name for v in response.context["villages"]] == ["外镇一村"]


def test_township_users_see_no_township_filter(two_townships, users, client_for):
    township, other = two_townships
    client = client_for(users[Role.OFFICE])
    response = client.get(reverse("elections:election_list"), {"township": other.pk})
    assert response.status_code == 200
    assert response.context["townships"] == []
    assert _names(response) == {"立仓社区"}
    assert len(response.context["villages"]) == 4


def test_an_unknown_township_is_ignored(two_townships, users, client_for):
    client = client_for(users[Role.COUNTY])
    response = client.get(reverse("elections:election_list"), {"township": "999999"})
    assert response.status_code == 200
    assert response.context["township"] is None
    assert len(response.context["elections"]) == 2
