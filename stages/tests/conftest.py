"""Fixtures of the stages tests: defaults, a started round, a fixed “today”."""

import datetime

import pytest

from stages import services, workdays
from stages.defaults import load_defaults
from stages.models import VillageElection, VillageTask

from .factories import ElectionRoundFactory

# The demo story: mid-November 2021, Party elections done, VC elections under way.
TODAY = datetime.date(2021, 11, 10)
PARTY_DAY = datetime.date(2021, 10, 15)
VC_DAY = datetime.date(2021, 11, 20)


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    workdays.clear_cache()
    yield
    workdays.clear_cache()


@pytest.fixture
def defaults(db):
    load_defaults()


@pytest.fixture
def election_round(township, villages, users, defaults):
    """A started round: every village elects its Party committee on 15 Oct, its VC on 20 Nov."""
    round = ElectionRoundFactory(township=township)
    for village in villages:
        VillageElection.objects.update_or_create(
            round=round,
            village=village,
            defaults={"party_election_date": PARTY_DAY, "vc_election_date": VC_DAY},
        )
    services.round_start(round=round, by=users["office"])
    round.refresh_from_db()
    return round


@pytest.fixture
def task_of(election_round):
    """Return ``task_of(village, code)``: the village's task made from a template code."""

    def get(village, code):
        return VillageTask.objects.select_related("template", "round").get(
            round=election_round, village=village, template__code=code
        )

    return get


def complete(task, on, by):
    """Mark a task done on a day through the service (helper for chains of prerequisites)."""
    return services.task_update(
        task=task, status="done", completed_on=on, note="", by=by, today=TODAY
    )
