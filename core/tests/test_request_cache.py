"""The per-request memo: repeats within one page come from memory, writes never do."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.request_cache import memoize
from core.roles import Role
from stages import selectors
from stages.choices import RoundStatus
from stages.tests.factories import ElectionRoundFactory


def test_without_a_request_every_call_computes():
    calls = []
    for _ in range(3):
        memoize("k", lambda: calls.append(1))
    assert len(calls) == 3


def _round_queries(captured):
    return [q["sql"] for q in captured if 'FROM "stages_electionround"' in q["sql"]]


@pytest.mark.django_db
def test_village_page_asks_for_the_current_round_once(users, village, client_for):
    ElectionRoundFactory(township=village.township, status=RoundStatus.ACTIVE)
    client = client_for(users[Role.OFFICE])
    url = reverse("villages:village_detail", args=[village.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    # stages, elections, discipline and supervision panels all need the round
    assert len(_round_queries(captured.captured_queries)) == 1


@pytest.mark.django_db
def test_a_new_round_is_seen_by_the_next_request(village):
    first = ElectionRoundFactory(township=village.township, status=RoundStatus.CLOSED)
    assert selectors.current_round(village.township_id) == first
    second = ElectionRoundFactory(
        township=village.township, status=RoundStatus.ACTIVE, name="2026年换届"
    )
    assert selectors.current_round(village.township_id) == second
