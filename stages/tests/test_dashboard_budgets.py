"""Query budgets of the supervisors' screens: the same queries at 22 and 400 villages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import User
from stages.scale import generate_county

pytestmark = pytest.mark.django_db

# Session, user, groups, navigation … plus each page's own queries.
BUDGETS = {
    "home": 45,
    "lagging": 18,
    "tasks": 22,
    "tasks overdue": 22,
    "tasks print": 22,
    "tasks xlsx": 18,
    "map xlsx": 16,
    "notes": 16,
}
COUNTY_HOME_BUDGET = 40


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _office_of(data):
    return User.objects.get(
        username__endswith="-000-office0", township=data.townships[0]
    )


def test_supervisor_screens_run_the_same_queries_at_22_and_400_villages(
    defaults, client_for, make_user, django_assert_max_num_queries
):
    # given a township of 22 villages, one of 400, and a county of 20 × 20
    scales = {
        22: generate_county(townships=1, villages=22),
        400: generate_county(townships=1, villages=400),
    }
    # counties of 2 × 11 and 20 × 20 villages (a county of one township shows the
    # discipline panel's township totals instead, a different page)
    small_county = generate_county(townships=2, villages=11)
    county = generate_county(townships=20, villages=20)
    counts = {}
    for size, data in scales.items():
        client = client_for(_office_of(data))
        round = data.rounds[0]
        tasks = reverse("stages:task_list")
        urls = {
            "home": reverse("home"),
            "lagging": reverse("stages:lagging"),
            "tasks": tasks,
            "tasks overdue": f"{tasks}?overdue=1&page=2",
            "tasks print": f"{tasks}?overdue=1&format=print",
            "tasks xlsx": f"{tasks}?overdue=1&format=xlsx",
            "map xlsx": reverse("stages:round_map", args=[round.pk]) + "?format=xlsx",
            "notes": reverse("supervision:note_list") + "?state=all",
        }
        for name, url in urls.items():
            with django_assert_max_num_queries(BUDGETS[name]):
                counts[(name, size)] = _queries(client, url)
    for name in BUDGETS:
        assert counts[(name, 22)] == counts[(name, 400)], name
    # the county official's first screen: 22 villages vs 400 villages
    small = make_user("county", county=small_county.county, username="county-22")
    large = make_user("county", county=county.county, username="county-400")
    with django_assert_max_num_queries(COUNTY_HOME_BUDGET):
        at_22 = _queries(client_for(small), reverse("home"))
    with django_assert_max_num_queries(COUNTY_HOME_BUDGET):
        at_400 = _queries(client_for(large), reverse("home"))
    assert at_22 == at_400
