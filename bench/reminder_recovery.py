"""Recovery after a broker outage (issue 16): time to deliver a backlog of reminders.

Writes ``--rows`` (1,000) pending outbox rows, as a broker outage leaves them,
into a copy of a demo database, starts a real Celery worker (``--concurrency``
2, as ``scripts/run.sh``), runs one ``outbox_flush`` and measures until every row
is delivered — for each broker (the embedded ``filesystem://`` and Redis on
127.0.0.1:6379 db 6, flushed) and each delivery batch size: 1 (one task per
row, as before issue 16) and 50 (``NOTIFICATIONS_DELIVERY_BATCH``, now).

Run: ``python bench/reminder_recovery.py [--rows 1000] [--from-db demo.sqlite3]``
(without ``--from-db`` it builds the demo database first). Loopback only; every
wait is bounded (``--timeout`` per phase). The load average is printed beside
each phase: the machine may be shared.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = (
    str(ROOT / ".venv" / "bin" / "python")
    if (ROOT / ".venv").exists()
    else sys.executable
)
REDIS = "redis://127.0.0.1:6379/6"


def env_for(var_dir: Path, db: Path, broker: str, batch: int) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_", "CELERY_", "DJANGO_", "NOTIFICATIONS_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "election_admin.settings.base",
            "DATABASE_URL": f"sqlite:///{db}",
            "VAR_DIR": str(var_dir),
            "CELERY_BROKER_URL": broker,
            "NOTIFICATIONS_DELIVERY_BATCH": str(batch),
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "SMS_LOG_FILE": str(var_dir / "sms.log"),
            "DEBUG": "0",
            "SECRET_KEY": "bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def phase(args) -> None:
    """Child process: write the backlog, flush, wait until delivered; print JSON."""
    import django

    django.setup()
    import datetime

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from core.models import User
    from notifications.choices import OutboxStatus
    from notifications.models import Notification
    from notifications.tasks import outbox_flush, worker_heartbeat_task

    Notification.objects.exclude(status=OutboxStatus.DELIVERED).update(
        status=OutboxStatus.DELIVERED
    )
    users = list(User.objects.filter(is_active=True).order_by("pk")[:7])
    kind = ContentType.objects.get_for_model(User)
    old = timezone.now() - datetime.timedelta(hours=1)
    rows = [
        Notification(
            recipient=users[i % len(users)],
            subject_type=kind,
            subject_id=users[i % len(users)].pk,
            kind="bench.recovery",
            day=datetime.date(2030, 1, 1) + datetime.timedelta(days=i),
            title=f"积压提醒 {i}",
            body="请及时办理。",
            url="/",
        )
        for i in range(args.rows)
    ]
    created = Notification.objects.bulk_create(rows, batch_size=500)
    ids = [row.pk for row in created]
    Notification.objects.filter(pk__in=ids).update(created_at=old)
    # The worker is up: wait for a heartbeat before starting the clock.
    from notifications.models import JobBeat

    before = JobBeat.objects.filter(name="heartbeat").values_list("last_at").first()
    worker_heartbeat_task.delay()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        now = JobBeat.objects.filter(name="heartbeat").values_list("last_at").first()
        if now and now != before:
            break
        time.sleep(0.2)
    started = time.monotonic()
    flushed = outbox_flush(grace_seconds=0)
    flush_seconds = time.monotonic() - started
    waiting = Notification.objects.filter(pk__in=ids).exclude(
        status=OutboxStatus.DELIVERED
    )
    deadline = started + args.timeout
    left = waiting.count()
    while left and time.monotonic() < deadline:
        time.sleep(0.5)
        left = waiting.count()
    seconds = time.monotonic() - started
    attempts = sorted(
        set(Notification.objects.filter(pk__in=ids).values_list("attempts", flat=True))
    )
    print(
        "RESULT="
        + json.dumps(
            {
                "queued": flushed["queued"],
                "flush_seconds": flush_seconds,
                "seconds": seconds,
                "left": left,
                "attempts": attempts,
            }
        ),
        flush=True,
    )


def run(args, template: Path, broker_name: str, batch: int) -> dict:
    var_dir = Path(tempfile.mkdtemp(prefix=f"hjt-bench-recovery-{broker_name}-"))
    db = var_dir / "db.sqlite3"
    shutil.copy(template, db)
    broker = "filesystem://" if broker_name == "filesystem" else REDIS
    if broker_name == "redis":
        import redis

        redis.Redis.from_url(REDIS).flushdb()
    env = env_for(var_dir, db, broker, batch)
    worker = subprocess.Popen(  # noqa: S603 - fixed argv
        [
            PYTHON,
            "-m",
            "celery",
            "-A",
            "election_admin",
            "worker",
            f"--concurrency={args.concurrency}",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
            f"--hostname=bench-recovery-{os.getpid()}-{broker_name}-{batch}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=(var_dir / "worker.log").open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        out = subprocess.run(  # noqa: S603
            [
                PYTHON,
                __file__,
                "--phase",
                f"--rows={args.rows}",
                f"--timeout={args.timeout}",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=args.timeout + 300,
            check=False,
        )
        for line in out.stdout.splitlines():
            if line.startswith("RESULT="):
                return json.loads(line[len("RESULT=") :])
        raise RuntimeError(out.stdout[-2000:] + out.stderr[-2000:])
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
        if broker_name == "redis":
            import redis

            redis.Redis.from_url(REDIS).flushdb()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--from-db", type=Path)
    parser.add_argument("--brokers", default="filesystem,redis")
    parser.add_argument("--batches", default="1,50")
    parser.add_argument("--phase", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        sys.path.insert(0, str(ROOT))
        phase(args)
        return
    template = args.from_db
    if template is None:
        build = Path(tempfile.mkdtemp(prefix="hjt-bench-recovery-build-"))
        template = build / "db.sqlite3"
        env = env_for(build, template, "memory://", 50)
        for command in (["migrate", "-v0"], ["load_defaults"], ["seed_demo"]):
            subprocess.run(  # noqa: S603
                [PYTHON, "manage.py", *command],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
    for broker_name in args.brokers.split(","):
        for batch in (int(b) for b in args.batches.split(",")):
            load = f"{os.getloadavg()[0]:.2f}"
            r = run(args, template, broker_name, batch)
            state = "all delivered" if not r["left"] else f"{r['left']} STILL WAITING"
            print(
                f"{broker_name:<10} batch {batch:>3}: {args.rows} reminders, flush queued "
                f"{r['queued']} in {r['flush_seconds']:.2f} s, {state} after "
                f"{r['seconds']:.1f} s ({args.rows / r['seconds']:.1f}/s), attempts "
                f"{r['attempts']}; load {load}",
                flush=True,
            )


if __name__ == "__main__":
    main()
