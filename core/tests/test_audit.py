"""Change histories show moments in the site's time zone, in the Chinese format."""

import datetime

import pytest
from django.utils import timezone

from core.audit import history_entries
from villages.models import ImportJob

pytestmark = pytest.mark.django_db


def test_history_shows_datetimes_in_local_time_and_chinese_format(users, township):
    # given: an import job finished at 15:51:32 UTC (23:51 in Asia/Shanghai)
    job = ImportJob.objects.create(
        token="t" * 32,
        township=township,
        created_by=users["office"],
        original_name="台账.xlsx",
    )
    job.finished_at = datetime.datetime(
        2026, 11, 29, 15, 51, 32, 942963, tzinfo=datetime.UTC
    )
    job.save()
    # when
    entries = history_entries(job)
    # then: the changed field reads local time; no raw UTC text anywhere
    change = next(c for c in entries[0].changes if c.field == "完成时间")
    assert change.new == "2026年11月29日 23:51"
    assert "+00:00" not in repr([c.new for e in entries for c in e.changes])


def test_history_table_shows_local_time_in_chinese_format(users, township):
    # given
    job = ImportJob.objects.create(
        token="u" * 32,
        township=township,
        created_by=users["office"],
        original_name="台账.xlsx",
    )
    # when: the history table is rendered
    from django.template.loader import render_to_string

    html = render_to_string("includes/history.html", {"history": history_entries(job)})
    # then: the row's time is local and in the Chinese format
    local = timezone.localtime(job.history.first().history_date)
    assert f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}" in html
