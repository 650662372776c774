"""Beat schedules as editable django-celery-beat rows."""

import pytest
from django_celery_beat.models import PeriodicTask

from notifications.defaults import SCHEDULES, load_defaults

pytestmark = pytest.mark.django_db


def test_load_defaults_creates_each_schedule_once():
    # when
    load_defaults()
    load_defaults()
    # then
    tasks = {task.name: task for task in PeriodicTask.objects.all()}
    assert set(tasks) >= {name for name, *_ in SCHEDULES}
    scan = tasks["换届通：提醒扫描"]
    assert scan.task == "notifications.reminders_scan_task"
    assert (scan.crontab.hour, scan.crontab.minute, str(scan.crontab.timezone)) == (
        "7-21",
        "0",
        "Asia/Shanghai",
    )
    assert "hour" in scan.description
    assert tasks["换届通：工作进程心跳"].interval.every == 1


def test_load_defaults_keeps_an_edited_schedule():
    # given the office moved the scan and disabled the digest
    load_defaults()
    PeriodicTask.objects.filter(name="换届通：每日提醒汇总").update(enabled=False)
    # when
    load_defaults()
    # then
    assert PeriodicTask.objects.get(name="换届通：每日提醒汇总").enabled is False


def test_every_scheduled_task_exists():
    # given
    from election_admin.celery import app

    app.loader.import_default_modules()
    # when / then
    for _name, task, _spec, _description in SCHEDULES:
        assert task in app.tasks
