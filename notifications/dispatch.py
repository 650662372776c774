"""Hand outbox rows to the Celery broker without ever losing them.

The outbox row is already committed when this runs; if the broker is unreachable
the row simply stays ``pending`` and the periodic ``outbox_flush`` queues it
again once the broker is back.
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def enqueue_deliveries(ids: list[int]) -> int:
    """Queue one delivery task per outbox row; stop at the first broker failure.

    Return how many were queued.
    """
    from .tasks import notification_deliver_task

    queued = 0
    for pk in ids:
        try:
            notification_deliver_task.apply_async(args=[pk], retry=False)
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
        queued += 1
    return queued


def enqueue_digests(ids: list[int]) -> int:
    """Queue one digest task per digest; stop at the first broker failure."""
    from .tasks import digest_deliver_task

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
