"""Celery tasks of the notifications app. Arguments are ids; every task is safe to run twice.

Schedules live in django-celery-beat rows created by ``notifications.defaults``.
"""

from __future__ import annotations

import contextlib
import random
import socket
import time

from celery import shared_task

from . import health
from .delivery import (
    DeliveryError,
    backoff_seconds,
    deliver_digest,
    deliver_notification,
    digests_collect,
    outbox_due_ids,
)

# Sending one reminder is one SMTP and one SMS call: a minute is plenty; the hard
# limit must stay below NOTIFICATIONS_CLAIM_TIMEOUT_SECONDS.
DELIVERY_LIMITS = {"soft_time_limit": 60, "time_limit": 90}
MAX_RETRIES = 5


def _countdown(retries: int) -> int:
    base = backoff_seconds(retries + 1)
    return base + random.randint(0, max(base // 5, 1))  # noqa: S311 - jitter, not crypto


@shared_task(
    bind=True,
    name="notifications.notification_deliver_task",
    max_retries=MAX_RETRIES,
    acks_late=True,
    **DELIVERY_LIMITS,
)
def notification_deliver_task(self, notification_id: int) -> str:
    """Deliver one outbox row (in-app, email, SMS); retry with backoff on failure."""
    try:
        return deliver_notification(
            notification_id=notification_id,
            final_attempt=self.request.retries >= self.max_retries,
        )
    except DeliveryError as exc:
        raise self.retry(exc=exc, countdown=_countdown(self.request.retries)) from exc


# A batch delivers its rows one after another and hands what is left to a new
# batch before its own time runs out; each row is claimed just before it is sent,
# so a killed batch leaves at most one row "being delivered" (recovered by the
# flush after NOTIFICATIONS_CLAIM_TIMEOUT_SECONDS) and the rest pending.
BATCH_LIMITS = {"soft_time_limit": 240, "time_limit": 270}
BATCH_BUDGET_SECONDS = 150


@shared_task(
    name="notifications.notification_deliver_batch_task",
    acks_late=True,
    **BATCH_LIMITS,
)
def notification_deliver_batch_task(notification_ids: list[int]) -> dict:
    """Deliver several outbox rows in one task; a failing row retries on its own."""
    from .dispatch import enqueue_deliveries

    started = time.monotonic()
    counts: dict[str, int] = {}
    for index, pk in enumerate(notification_ids):
        if time.monotonic() - started > BATCH_BUDGET_SECONDS:
            rest = notification_ids[index:]
            enqueue_deliveries(rest)  # the flush finds them if the broker is down
            counts["handed-on"] = len(rest)
            break
        try:
            result = deliver_notification(notification_id=pk)
        except DeliveryError:
            # The row is pending again with its back-off; retry it alone.
            result = "retry"
            with contextlib.suppress(Exception):
                notification_deliver_task.apply_async(
                    args=[pk], countdown=_countdown(0), retry=False
                )
        counts[result] = counts.get(result, 0) + 1
    return counts


@shared_task(
    bind=True,
    name="notifications.digest_deliver_task",
    max_retries=MAX_RETRIES,
    acks_late=True,
    **DELIVERY_LIMITS,
)
def digest_deliver_task(self, digest_id: int) -> str:
    """Send one user's daily digest; retry with backoff on failure."""
    try:
        return deliver_digest(
            digest_id=digest_id, final_attempt=self.request.retries >= self.max_retries
        )
    except DeliveryError as exc:
        raise self.retry(exc=exc, countdown=_countdown(self.request.retries)) from exc


@shared_task(
    name="notifications.reminders_scan_task", soft_time_limit=240, time_limit=300
)
def reminders_scan_task() -> dict:
    """Run the reminder scan (the same function as ``manage.py scan_reminders``)."""
    from .scan import run_scan

    return run_scan().as_dict()


@shared_task(
    name="notifications.outbox_flush_task", soft_time_limit=120, time_limit=180
)
def outbox_flush_task() -> dict:
    """Queue again every outbox row and digest whose delivery message was lost."""
    return outbox_flush()


FLUSH_PAGE = 1000
FLUSH_BUDGET_SECONDS = 90  # below the flush task's soft time limit


def outbox_flush(
    *, grace_seconds: int | None = None, budget_seconds: float | None = None
) -> dict:
    """Queue every waiting row, page by page until none is left (or time is up).

    Return how many of each were found and queued. Stops at the first broker
    failure: what is left waits for the next flush.
    """
    from .dispatch import enqueue_deliveries, enqueue_digests

    budget = FLUSH_BUDGET_SECONDS if budget_seconds is None else budget_seconds
    started = time.monotonic()
    result = {"waiting": 0, "queued": 0, "digests_waiting": 0, "digests_queued": 0}
    after = (0, 0)
    while True:
        notification_ids, digest_ids = outbox_due_ids(
            grace_seconds=grace_seconds, limit=FLUSH_PAGE, after=after
        )
        queued = enqueue_deliveries(notification_ids)
        queued_digests = enqueue_digests(digest_ids)
        result["waiting"] += len(notification_ids)
        result["queued"] += queued
        result["digests_waiting"] += len(digest_ids)
        result["digests_queued"] += queued_digests
        broker_failed = queued < len(notification_ids) or queued_digests < len(
            digest_ids
        )
        full = len(notification_ids) == FLUSH_PAGE or len(digest_ids) == FLUSH_PAGE
        if broker_failed or not full or time.monotonic() - started > budget:
            break
        after = (
            notification_ids[-1] if notification_ids else after[0] or 2**62,
            digest_ids[-1] if digest_ids else after[1] or 2**62,
        )
    result["seconds"] = round(time.monotonic() - started, 3)
    health.record(health.FLUSH, **result)
    return result


@shared_task(
    name="notifications.digests_send_task", soft_time_limit=120, time_limit=180
)
def digests_send_task() -> dict:
    """Open today's digests for users whose digest hour has come, and queue them."""
    from .dispatch import enqueue_digests

    digest_ids = digests_collect()
    queued = enqueue_digests(digest_ids)
    health.record(health.DIGEST, opened=len(digest_ids), queued=queued)
    return {"opened": len(digest_ids), "queued": queued}


@shared_task(
    name="notifications.worker_heartbeat_task",
    soft_time_limit=20,
    time_limit=30,
    expires=120,
)
def worker_heartbeat_task() -> str:
    """Record that a worker is alive and consuming (shown on the status page)."""
    health.record(health.HEARTBEAT, host=socket.gethostname())
    return "ok"
