"""The scan reads and writes in a fixed number of queries, at 22 and at 400 villages."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications import health
from notifications.models import Notification
from notifications.scan import run_scan
from stages.models import VillageTask

from . import stagedata

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2021, 11, 15)
TASKS_PER_VILLAGE = 8
# Per village: due in 3 days, tomorrow, today, overdue 1 day, overdue 5 days (+ escalation).
REMINDERS_PER_VILLAGE = 6
SCAN_QUERY_BUDGET = 20


def test_scan_queries_do_not_grow_from_22_to_400_villages(township, make_user, queued):
    # given a scan ran before (its status row exists) and 22 villages, scanned once
    ContentType.objects.get_for_model(VillageTask)  # warm the cache both scans share
    health.record(health.SCAN)
    stagedata.bulk_round(
        township,
        villages=22,
        tasks_per_village=TASKS_PER_VILLAGE,
        today=TODAY,
        make_user=make_user,
    )
    with CaptureQueriesContext(connection) as at_22:
        first = run_scan(today=TODAY)
    # and then 378 more villages (400 in all)
    stagedata.bulk_round(
        township,
        villages=378,
        tasks_per_village=TASKS_PER_VILLAGE,
        today=TODAY,
        make_user=make_user,
    )
    # when
    with CaptureQueriesContext(connection) as at_400:
        second = run_scan(today=TODAY)
    # then
    assert first.created == 22 * REMINDERS_PER_VILLAGE
    assert second.created == 378 * REMINDERS_PER_VILLAGE
    assert len(at_22) == len(at_400) <= SCAN_QUERY_BUDGET
    assert len(queued["deliveries"]) == 0  # queued only after commit, see test_tasks


def test_a_second_scan_at_400_villages_creates_nothing(
    township, make_user, django_assert_max_num_queries
):
    # given
    stagedata.bulk_round(
        township,
        villages=400,
        tasks_per_village=TASKS_PER_VILLAGE,
        today=TODAY,
        make_user=make_user,
    )
    run_scan(today=TODAY)
    before = Notification.objects.count()
    # when
    with django_assert_max_num_queries(SCAN_QUERY_BUDGET):
        result = run_scan(today=TODAY)
    # then
    assert before == 400 * REMINDERS_PER_VILLAGE
    assert result.created == 0
    assert Notification.objects.count() == before
