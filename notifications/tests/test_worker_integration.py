"""End to end: a real Celery worker on the real Redis delivers a reminder exactly once.

The worker is a subprocess (``celery -A election_admin worker``) on Redis database
5 of 127.0.0.1:6379 (only that database is flushed), writing email with the
file backend and SMS to a log in a temporary directory. It reads the same
database as the test: on PostgreSQL the test database itself; on SQLite the
in-memory test database is copied to a file for the length of the test.

Then the producer is pointed at a dead broker: the scan still writes the outbox,
nothing is delivered, and once the broker is back ``outbox_flush`` delivers the
waiting rows, once.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from election_admin.celery import app as celery_app
from notifications.choices import OutboxStatus
from notifications.models import JobBeat, Notification
from notifications.scan import run_scan
from notifications.tasks import outbox_flush, worker_heartbeat_task
from stages import reminders as task_reminders

from . import stagedata

pytestmark = [
    pytest.mark.redis,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
]

REDIS_DB = 5
BROKER = f"redis://127.0.0.1:6379/{REDIS_DB}"
DEAD_BROKER = f"redis://127.0.0.1:1/{REDIS_DB}"
TODAY = datetime.date(2021, 11, 15)
WAIT = 30


@pytest.fixture
def queued():
    """Override the recording fixture: this test publishes to the real broker."""
    return


def _flush_redis():
    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB, socket_timeout=5).flushdb()


def _reset_producer():
    from kombu import pools

    pools.reset()  # close and forget every pooled connection and producer
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextlib.contextmanager
def producer_broker(url: str):
    """Point this process's Celery producer at another broker for a while."""
    old_url = celery_app.conf.broker_url
    old_options = celery_app.conf.broker_transport_options
    _reset_producer()
    celery_app.conf.broker_url = url
    celery_app.conf.broker_transport_options = {"max_retries": 1}
    try:
        yield
    finally:
        _reset_producer()
        celery_app.conf.broker_url = old_url
        celery_app.conf.broker_transport_options = old_options


@contextlib.contextmanager
def shared_database(tmp_path: Path):
    """Yield a DATABASE_URL the worker can open for the database this test uses."""
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        user = settings_dict.get("USER") or ""
        password = settings_dict.get("PASSWORD") or ""
        auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host = settings_dict.get("HOST") or "127.0.0.1"
        port = settings_dict.get("PORT") or 5432
        yield f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"
        return
    if connection.vendor != "sqlite":
        pytest.skip(f"no cross-process test database for {connection.vendor}")
    # Copy the in-memory test database to a file and use the file from now on;
    # the in-memory connection is kept aside and put back afterwards.
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    saved_connection, saved_name = connection.connection, settings_dict["NAME"]
    connection.connection = None
    settings_dict["NAME"] = str(path)
    try:
        yield f"sqlite:///{path}"
    finally:
        connection.close()
        settings_dict["NAME"] = saved_name
        connection.connection = saved_connection


class Worker:
    """A ``celery worker`` subprocess in its own process group."""

    def __init__(
        self, *, database_url: str, var_dir: Path, name: str = "worker", **extra_env
    ):
        self.var_dir = var_dir
        self.log = var_dir / f"{name}.log"
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("CELERY_", "DJANGO_", "DATABASE_", "EMAIL_", "SMS_"))
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "election_admin.settings.base",
                "DATABASE_URL": database_url,
                "CELERY_BROKER_URL": BROKER,
                "VAR_DIR": str(var_dir),
                "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "SMS_LOG_FILE": str(var_dir / "sms.log"),
                "LOG_LEVEL": "INFO",
                "DEBUG": "0",
                "SECRET_KEY": "integration-test-secret-key-0123456789-abcdefghijklmnop",
                **extra_env,
            }
        )
        self.process = subprocess.Popen(  # noqa: S603 - fixed argv
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "election_admin",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
                f"--hostname=hjt-it-{name}-{os.getpid()}@%h",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self):
        """Warm shutdown, then kill the worker's own process group if it lingers."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        # Children of the prefork pool share the group; make sure none survives.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)


def wait_for(condition, *, what: str, worker: Worker, timeout: float = WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.process.poll() is not None:
            pytest.fail(
                f"the worker exited while waiting for {what}:\n{worker.output()[-4000:]}"
            )
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}:\n{worker.output()[-4000:]}")


def mails(var_dir: Path) -> list[str]:
    folder = var_dir / "mail"
    if not folder.exists():
        return []
    return [path.read_text(encoding="utf-8") for path in sorted(folder.iterdir())]


def sms_lines(var_dir: Path) -> list[dict]:
    path = var_dir / "sms.log"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def barrier(worker: Worker):
    """Wait until the worker has consumed everything queued before this call."""
    before = (
        JobBeat.objects.filter(name="heartbeat")
        .values_list("last_at", flat=True)
        .first()
    )
    worker_heartbeat_task.delay()
    wait_for(
        lambda: (
            JobBeat.objects.filter(name="heartbeat").exclude(last_at=before).exists()
        ),
        what="a heartbeat after the queued work",
        worker=worker,
    )


def test_real_worker_delivers_a_reminder_once_and_catches_up_after_a_broker_outage(
    tmp_path, township, villages, make_user
):
    started = time.monotonic()
    _flush_redis()
    var_dir = tmp_path / "worker-var"
    var_dir.mkdir()
    with shared_database(tmp_path) as database_url:
        # given an overdue task in the guide's village, in the database the worker reads
        guide = make_user(
            "guide",
            township=township,
            villages=villages[:2],
            username="it-guide",
            email="it-guide@example.invalid",
            phone="13900001111",
        )
        round_ = stagedata.election_round(township)
        stagedata.task(
            round_,
            villages[0],
            due=TODAY - datetime.timedelta(days=1),
            owner=guide,
            title="公布选民名单",
        )
        worker = Worker(database_url=database_url, var_dir=var_dir)
        try:
            with producer_broker(BROKER):
                barrier(worker)  # the worker is up and consuming
                # when the scan runs
                first = run_scan(today=TODAY)
                # then the in-app notification and the email arrive, once
                row = Notification.objects.get(recipient=guide)
                wait_for(
                    lambda: Notification.objects.filter(
                        pk=row.pk, status=OutboxStatus.DELIVERED
                    ).exists(),
                    what="the reminder to be delivered",
                    worker=worker,
                )
                row.refresh_from_db()
                assert first.created == 1
                assert row.kind == task_reminders.OVERDUE
                assert (row.inapp_state, row.email_state, row.sms_state) == (
                    "sent",
                    "sent",
                    "sent",
                )
                assert row.attempts == 1
                assert len(mails(var_dir)) == 1
                assert "公布选民名单" in mails(var_dir)[0]
                assert len(sms_lines(var_dir)) == 1

                # when the scan runs again and the delivery message is duplicated
                second = run_scan(today=TODAY)
                from notifications.dispatch import enqueue_deliveries

                enqueue_deliveries([row.pk])
                barrier(worker)
                # then nothing new is written or sent
                assert second.created == 0
                assert Notification.objects.count() == 1
                assert len(mails(var_dir)) == 1
                assert len(sms_lines(var_dir)) == 1

            # when the broker is unreachable and the next day's scan runs
            with producer_broker(DEAD_BROKER):
                third = run_scan(today=TODAY + datetime.timedelta(days=1))
            # then the outbox holds the new reminder, undelivered
            waiting = Notification.objects.filter(status=OutboxStatus.PENDING)
            assert third.created == 1
            assert waiting.count() == 1
            time.sleep(1)
            assert Notification.objects.filter(status=OutboxStatus.PENDING).count() == 1
            assert len(mails(var_dir)) == 1

            # when the broker is back and the periodic flush runs
            with producer_broker(BROKER):
                flushed = outbox_flush(grace_seconds=0)
                wait_for(
                    lambda: (
                        not Notification.objects.exclude(
                            status=OutboxStatus.DELIVERED
                        ).exists()
                    ),
                    what="the waiting reminder to be delivered",
                    worker=worker,
                )
                # and even if it runs twice
                outbox_flush(grace_seconds=0)
                barrier(worker)
            # then it was delivered once
            assert flushed["queued"] == 1
            assert Notification.objects.count() == 2
            assert len(mails(var_dir)) == 2
            assert len(sms_lines(var_dir)) == 2
            assert set(Notification.objects.values_list("attempts", flat=True)) == {1}
        finally:
            worker.stop()
            _flush_redis()
    assert worker.process.returncode is not None
    elapsed = time.monotonic() - started
    message = (
        f"\nintegration: worker delivered 2 reminders exactly once in {elapsed:.1f} s"
    )
    print(message)  # noqa: T201 - the figure the lead asked for


def test_a_worker_killed_mid_delivery_leaves_the_row_and_a_later_run_delivers_it_once(
    tmp_path, township, villages, make_user, settings
):
    _flush_redis()
    var_dir = tmp_path / "worker-var"
    var_dir.mkdir()
    with shared_database(tmp_path) as database_url:
        # given a reminder whose SMS gateway hangs in the first worker
        guide = make_user(
            "guide",
            township=township,
            villages=villages[:2],
            username="it-killed",
            email="it-killed@example.invalid",
            phone="13900002222",
        )
        round_ = stagedata.election_round(township)
        stagedata.task(
            round_, villages[0], due=TODAY, owner=guide, title="召开党员大会"
        )
        hanging = Worker(
            database_url=database_url,
            var_dir=var_dir,
            name="hanging",
            SMS_BACKEND="notifications.tests.sms_backends.HangingSmsBackend",
        )
        second = None
        try:
            with producer_broker(BROKER):
                barrier(hanging)
                run_scan(today=TODAY)
                row = Notification.objects.get(recipient=guide)
                wait_for(
                    lambda: (var_dir / "sms-hanging").exists(),
                    what="the delivery to reach the SMS gateway",
                    worker=hanging,
                )
                # when the worker is killed in the middle of the delivery
                os.killpg(hanging.process.pid, signal.SIGKILL)
                hanging.process.wait(timeout=10)
                # then the row stays undelivered: in-app and email done, SMS not
                row.refresh_from_db()
                assert row.status == OutboxStatus.SENDING
                assert (row.inapp_state, row.email_state, row.sms_state) == (
                    "sent",
                    "sent",
                    "pending",
                )
                assert len(mails(var_dir)) == 1
                assert sms_lines(var_dir) == []

                # when another worker runs and the flush finds the abandoned row
                settings.NOTIFICATIONS_CLAIM_TIMEOUT_SECONDS = 2
                second = Worker(
                    database_url=database_url,
                    var_dir=var_dir,
                    name="second",
                    NOTIFICATIONS_CLAIM_TIMEOUT_SECONDS="2",
                )
                barrier(second)
                time.sleep(2.5)
                flushed = outbox_flush(grace_seconds=0)
                outbox_flush(grace_seconds=0)  # a duplicate flush changes nothing
                wait_for(
                    lambda: Notification.objects.filter(
                        pk=row.pk, status=OutboxStatus.DELIVERED
                    ).exists(),
                    what="the abandoned reminder to be delivered",
                    worker=second,
                )
                barrier(second)
            # then the SMS went out once and the email was not repeated
            row.refresh_from_db()
            assert flushed["queued"] == 1
            assert row.sms_state == "sent"
            assert row.attempts == 2
            assert len(mails(var_dir)) == 1
            assert len(sms_lines(var_dir)) == 1
        finally:
            hanging.stop()
            if second is not None:
                second.stop()
            _flush_redis()
