"""Query budgets: the battle map, county map and stage view do not grow with villages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import User
from stages.models import Stage
from stages.scale import generate_county

pytestmark = pytest.mark.django_db

# Session, user, groups, navigation … plus the page's own queries.
BATTLE_MAP_BUDGET = 16
STAGE_VIEW_BUDGET = 16
COUNTY_MAP_BUDGET = 14


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _office_of(data):
    return User.objects.get(
        username__endswith="-000-office0", township=data.townships[0]
    )


@pytest.fixture
def scales(defaults):
    """A 22-village township, a 400-village county (20 × 20) and one 400-village township."""
    return {
        22: generate_county(townships=1, villages=22),
        "county": generate_county(townships=20, villages=20),
        400: generate_county(townships=1, villages=400),
    }


def test_battle_map_and_stage_view_run_the_same_queries_at_22_and_400_villages(
    scales, client_for, django_assert_max_num_queries
):
    counts = {}
    stage = Stage.objects.get(code="candidates")
    for size in (22, 400):
        data = scales[size]
        client = client_for(_office_of(data))  # logging in is not part of the budget
        round = data.rounds[0]
        with django_assert_max_num_queries(BATTLE_MAP_BUDGET):
            counts[("map", size)] = _queries(
                client, reverse("stages:round_map", args=[round.pk])
            )
        with django_assert_max_num_queries(STAGE_VIEW_BUDGET):
            counts[("stage", size)] = _queries(
                client, reverse("stages:stage_view", args=[round.pk, stage.pk])
            )
        with django_assert_max_num_queries(BATTLE_MAP_BUDGET):
            counts[("map page 2", size)] = _queries(
                client, reverse("stages:round_map", args=[round.pk]) + "?page=2"
            )
    assert counts[("map", 22)] == counts[("map", 400)]
    assert counts[("stage", 22)] == counts[("stage", 400)]
    assert counts[("map page 2", 22)] == counts[("map page 2", 400)]


def test_township_battle_map_in_a_county_of_400_villages_costs_the_same(
    scales, client_for, django_assert_max_num_queries
):
    small = client_for(_office_of(scales[22]))
    county = client_for(_office_of(scales["county"]))
    with django_assert_max_num_queries(BATTLE_MAP_BUDGET):
        at_22 = _queries(small, reverse("stages:battle_map"))
    with django_assert_max_num_queries(BATTLE_MAP_BUDGET):
        at_400 = _queries(county, reverse("stages:battle_map"))
    assert at_22 == at_400


def test_county_map_runs_the_same_queries_for_1_and_20_townships(
    scales, make_user, client_for, django_assert_max_num_queries
):
    small_official = make_user(
        "county", county=scales[22].county, username="county-small"
    )
    large_official = make_user(
        "county", county=scales["county"].county, username="county-large"
    )
    small_client, large_client = client_for(small_official), client_for(large_official)
    with django_assert_max_num_queries(COUNTY_MAP_BUDGET):
        small = _queries(small_client, reverse("stages:battle_map"))
    with django_assert_max_num_queries(COUNTY_MAP_BUDGET):
        large = _queries(large_client, reverse("stages:battle_map"))
    assert small == large


def test_my_tasks_and_home_panel_do_not_grow_with_villages(
    scales, client_for, django_assert_max_num_queries
):
    counts = {}
    for size in (22, 400):
        data = scales[size]
        guide = User.objects.filter(
            username__contains="-guide", township=data.townships[0]
        ).first()
        guide_client, office_client = client_for(guide), client_for(_office_of(data))
        with django_assert_max_num_queries(14):
            counts[("mine", size)] = _queries(guide_client, reverse("stages:my_tasks"))
        # The home page carries every app's panel: lagging villages, progress,
        # inspection notes, discipline, statistics (each a fixed number of queries).
        with django_assert_max_num_queries(45):
            counts[("home", size)] = _queries(office_client, reverse("home"))
    assert counts[("mine", 22)] == counts[("mine", 400)]
    assert counts[("home", 22)] == counts[("home", 400)]
