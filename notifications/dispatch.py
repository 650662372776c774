"""Hand outbox rows to the Celery broker without ever losing them.

The outbox row is already committed when this runs; if the broker is unreachable
the row simply stays ``pending`` and the periodic ``outbox_flush`` queues it
again once the broker is back.
"""

from __future__ import annotations

import logging

from celery import current_app
from django.conf import settings

logger = logging.getLogger(__name__)

# The Celery tasks are looked up by name: ``tasks`` imports this module to queue
# deliveries, so this module does not import ``tasks`` back (it is imported, and
# its tasks registered, by NotificationsConfig.ready()).
DELIVER_TASK = "notifications.notification_deliver_task"
DELIVER_BATCH_TASK = "notifications.notification_deliver_batch_task"
DIGEST_TASK = "notifications.digest_deliver_task"


def _task(name: str):
    return current_app.tasks[name]


def batches(ids: list[int], size: int | None = None) -> list[list[int]]:
    """Split outbox ids into delivery batches of ``NOTIFICATIONS_DELIVERY_BATCH``."""
    size = size or max(int(settings.NOTIFICATIONS_DELIVERY_BATCH), 1)
    return [list(ids[i : i + size]) for i in range(0, len(ids), size)]


def enqueue_deliveries(ids: list[int]) -> int:
    """Queue delivery tasks for outbox rows; stop at the first broker failure.

    One message carries up to ``NOTIFICATIONS_DELIVERY_BATCH`` rows (one task for
    a single row), so a thousand reminders are twenty messages, not a thousand:
    the broker (the embedded ``filesystem://`` one moves a few messages a second)
    is no longer the bottleneck. Return how many rows were queued.
    """
    notification_deliver_task = _task(DELIVER_TASK)
    notification_deliver_batch_task = _task(DELIVER_BATCH_TASK)
    queued = 0
    for batch in batches(list(ids)):
        try:
            if len(batch) == 1:
                notification_deliver_task.apply_async(args=[batch[0]], retry=False)
            else:
                notification_deliver_batch_task.apply_async(args=[batch], retry=False)
        except Exception as exc:  # noqa: BLE001 - any broker error: leave rows pending
            logger.warning(
                "broker unreachable; outbox rows wait for outbox_flush",
                extra={
                    "queued": queued,
                    "waiting": len(ids) - queued,
                    "error": repr(exc),
                },
            )
            break
        queued += len(batch)
    return queued


def enqueue_digests(ids: list[int]) -> int:
    """Queue one digest task per digest; stop at the first broker failure."""
    digest_deliver_task = _task(DIGEST_TASK)
    queued = 0
    for pk in ids:
        try:
            digest_deliver_task.apply_async(args=[pk], retry=False)
        except Exception as exc:  # noqa: BLE001
            logger.warning(
                "broker unreachable; digests wait for outbox_flush",
                extra={
                    "queued": queued,
                    "waiting": len(ids) - queued,
                    "error": repr(exc),
                },
            )
            break
        queued += 1
    return queued
