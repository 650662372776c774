"""Benchmark the reminder scan at 22 and at 400 villages (40 tasks each).

Run: ``python bench/reminder_scan.py``. Uses a fresh SQLite database in a
temporary directory (or ``BENCH_DATABASE_URL``, an empty PostgreSQL database you
own) and prints, for each scale, the first scan (writes the outbox) and a second
scan (must create nothing): seconds, SQL queries, reminders created. Nothing is
queued to a broker: the producer is pointed at kombu's in-memory transport.
"""

from __future__ import annotations

import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="hjt-bench-scan-"))
os.environ["VAR_DIR"] = str(TMP)
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{TMP / 'bench.sqlite3'}"
)
os.environ["CELERY_BROKER_URL"] = "memory://"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "election_admin.settings.base")
os.environ["LOG_LEVEL"] = "WARNING"

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from notifications.scan import run_scan  # noqa: E402
from notifications.tasks import worker_heartbeat_task  # noqa: E402
from notifications.tests import stagedata  # noqa: E402
from stages.choices import RoundStatus  # noqa: E402
from stages.models import VillageTask  # noqa: E402
from villages.models import County, Township  # noqa: E402

TASKS_PER_VILLAGE = 40


def measure(today):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = run_scan(today=today)
        seconds = time.perf_counter() - started
    if "--queries" in sys.argv:
        for query in queries.captured_queries:
            print("   ", query["time"], query["sql"][:400])
    return seconds, len(queries), result.created


def main():
    call_command("migrate", verbosity=0)
    county = County.objects.create(code="bench", name="基准县")
    figures = {}
    previous = None
    for scale, today in (
        (22, datetime.date(2021, 11, 15)),
        (400, datetime.date(2022, 11, 15)),
    ):
        if previous is not None:
            previous.status = RoundStatus.CLOSED
            previous.save(update_fields=["status"])
        township = Township.objects.create(
            county=county, code=f"bench-{scale}", name=f"基准镇{scale}"
        )
        built = time.perf_counter()
        previous = stagedata.bulk_round(
            township, villages=scale, tasks_per_village=TASKS_PER_VILLAGE, today=today
        )
        built = time.perf_counter() - built
        # Warm what every later scan finds ready: imports, the status row, the
        # content type of a village task, the broker connection, the URLconf.
        run_scan(today=today - datetime.timedelta(days=30))
        ContentType.objects.get_for_model(VillageTask)
        worker_heartbeat_task.apply_async()  # the producer's broker connection
        reverse("home")  # the URLconf, imported on first use
        first = measure(today)
        second = measure(today)
        figures[scale] = (first, second)
        print(
            f"{scale:>4} villages × {TASKS_PER_VILLAGE} tasks (built in {built:.1f} s): "
            f"first scan {first[0]:.3f} s, {first[1]} queries, {first[2]} reminders created; "
            f"second scan {second[0]:.3f} s, {second[1]} queries, {second[2]} created"
        )
    (t22, q22, _), _ = figures[22]
    (t400, q400, _), (t400b, q400b, c400b) = figures[400]
    print(
        f"ratio 400/22: time {t400 / t22:.1f}× (18.2× the villages), "
        f"queries {q400}/{q22} ({'same' if q400 == q22 else 'DIFFERENT'}); "
        f"second scan at 400 created {c400b}"
    )
    print(f"database: {connection.vendor}; temporary files in {TMP}")


if __name__ == "__main__":
    main()
