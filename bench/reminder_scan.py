"""Benchmark the reminder scan at 22 and at 400 villages (40 tasks each).

Run: ``python bench/reminder_scan.py``. Uses a fresh SQLite database in a
temporary directory (or ``BENCH_DATABASE_URL``, an empty PostgreSQL database you
own). Builds the data with the stages app's county generator (``stages.scale``:
one township of 22 villages, then 20 × 20 villages) and, last, the test
fixture where every village has a task on every boundary day. For each it
prints the first scan (writes the outbox) and a second scan (must create
nothing): seconds, SQL queries, reminders created. Nothing reaches a broker: the
producer publishes to kombu's in-memory transport.
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
from django.utils import timezone  # noqa: E402

from notifications.scan import run_scan  # noqa: E402
from notifications.tasks import worker_heartbeat_task  # noqa: E402
from notifications.tests import stagedata  # noqa: E402
from stages.choices import RoundStatus  # noqa: E402
from stages.models import ElectionRound, VillageTask  # noqa: E402
from stages.scale import generate_county  # noqa: E402
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


def warm(today):
    """Warm what every later scan finds ready: imports, the status row, the content
    type of a village task, the producer's broker connection, the URLconf."""
    run_scan(today=today - datetime.timedelta(days=400))
    ContentType.objects.get_for_model(VillageTask)
    worker_heartbeat_task.apply_async()
    reverse("home")


def report(label, first, second):
    print(
        f"{label}: first scan {first[0]:.3f} s, {first[1]} queries, {first[2]} reminders "
        f"created; second scan {second[0]:.3f} s, {second[1]} queries, {second[2]} created"
    )


def main():
    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    figures = {}
    previous = []
    # The stages app's county generator: default 任务表 (40 templates), election days
    # around today, a realistic mix of done / open / overdue tasks.
    for townships, villages in ((1, 22), (20, 20)):
        ElectionRound.objects.filter(pk__in=previous).update(status=RoundStatus.CLOSED)
        built = time.perf_counter()
        data = generate_county(townships=townships, villages=villages, today=today)
        built = time.perf_counter() - built
        previous = [round_.pk for round_ in data.rounds]
        warm(today)
        first, second = measure(today), measure(today)
        figures[data.villages] = (first, second)
        report(
            f"{data.villages:>4} villages, {data.tasks} tasks (stages.scale, built in {built:.0f} s)",
            first,
            second,
        )
    (t22, q22, _), _ = figures[22]
    (t400, q400, _), (_t, _q, c400b) = figures[400]
    print(
        f"ratio 400/22: time {t400 / t22:.1f}× (18.2× the villages), "
        f"queries {q400}/{q22} ({'same' if q400 == q22 else 'DIFFERENT'}); "
        f"second scan at 400 created {c400b}"
    )
    # The test fixture: every village has a task on each boundary day.
    ElectionRound.objects.filter(pk__in=previous).update(status=RoundStatus.CLOSED)
    county = County.objects.create(code="bench", name="基准县")
    township = Township.objects.create(county=county, code="bench-400", name="基准镇")
    day = today + datetime.timedelta(days=365)
    stagedata.bulk_round(
        township, villages=400, tasks_per_village=TASKS_PER_VILLAGE, today=day
    )
    warm(day)
    report(
        f" 400 villages × {TASKS_PER_VILLAGE} tasks, every boundary day in every village",
        measure(day),
        measure(day),
    )
    print(f"database: {connection.vendor}; temporary files in {TMP}")


if __name__ == "__main__":
    main()
