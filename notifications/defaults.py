"""Default beat schedules of the reminder machinery, as django-celery-beat rows.

``load_defaults()`` creates each row once and never overwrites it: the office or
the administrator may change times in the admin (定时任务) and keep their edits.
All times are Beijing time.
"""

from __future__ import annotations

import json

from django.db import transaction

# (name, task, schedule, description) — each description says when and why.
SCHEDULES = [
    (
        "换届通：提醒扫描",
        "notifications.reminders_scan_task",
        {"crontab": {"minute": "0", "hour": "7-21"}},
        "Every hour on the hour from 07:00 to 21:00: write the day's reminders "
        "(due in 3 days, tomorrow, today, overdue, escalations) to the outbox. "
        "Hourly so that tasks created during the day are reminded the same day; "
        "idempotent, so later runs only add what is new; never at night so no SMS "
        "wakes anybody.",
    ),
    (
        "换届通：发件箱补发",
        "notifications.outbox_flush_task",
        {"interval": {"every": 5, "period": "minutes"}},
        "Every 5 minutes: queue again the reminders and digests whose delivery "
        "message was lost (broker down when they were written, worker killed while "
        "delivering). Nothing waits longer than this once the broker is back.",
    ),
    (
        "换届通：工作进程心跳",
        "notifications.worker_heartbeat_task",
        {"interval": {"every": 1, "period": "minutes"}},
        "Every minute: a worker records that it is alive; the system status page "
        "and /healthz report a silent worker after NOTIFICATIONS_HEARTBEAT_STALE_MINUTES.",
    ),
    (
        "换届通：每日提醒汇总",
        "notifications.digests_send_task",
        {"crontab": {"minute": "30", "hour": "*"}},
        "Every hour at half past: send the daily digest to users who chose one and "
        "whose digest hour has come (default NOTIFICATIONS_DIGEST_HOUR, 08:00).",
    ),
    (
        "换届通：导入任务恢复",
        "villages.roster_imports_recover",
        {"interval": {"every": 5, "period": "minutes"}},
        "Every 5 minutes: an import job whose worker died while checking or writing "
        "fails with a retryable Chinese message (nothing was written: the write is "
        "one transaction); a job no worker picked up is handed over again. Without "
        "this row a stranded job is rescued only when somebody opens its page.",
    ),
]


def _schedule(spec: dict) -> dict:
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule

    if "crontab" in spec:
        values = {
            "day_of_week": "*",
            "day_of_month": "*",
            "month_of_year": "*",
            **spec["crontab"],
        }
        crontab = CrontabSchedule.objects.filter(
            timezone="Asia/Shanghai", **values
        ).first()
        if crontab is None:
            crontab = CrontabSchedule.objects.create(timezone="Asia/Shanghai", **values)
        return {"crontab": crontab}
    interval, _created = IntervalSchedule.objects.get_or_create(**spec["interval"])
    return {"interval": interval}


@transaction.atomic
def load_defaults() -> None:
    """Create the beat rows that are missing; keep every existing row as edited."""
    from django_celery_beat.models import PeriodicTask

    for name, task, spec, description in SCHEDULES:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        PeriodicTask.objects.create(
            name=name,
            task=task,
            description=description,
            args=json.dumps([]),
            kwargs=json.dumps({}),
            enabled=True,
            **_schedule(spec),
        )
