"""Health of the reminder machinery: last scan, last worker heartbeat, outbox size."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from .choices import OutboxStatus
from .models import JobBeat, Notification

SCAN = "scan"
HEARTBEAT = "heartbeat"
FLUSH = "flush"
DIGEST = "digest"


def record(name: str, **info) -> None:
    """Record that a background job ran now (one row per job, overwritten).

    One UPDATE in the common case: no read-then-write transaction, which SQLite
    (web and worker sharing one file) would refuse with "database is locked".
    """
    now = timezone.now()
    if JobBeat.objects.filter(name=name).update(last_at=now, info=info):
        return
    try:
        with transaction.atomic():
            JobBeat.objects.create(name=name, last_at=now, info=info)
    except IntegrityError:  # created meanwhile by another process
        JobBeat.objects.filter(name=name).update(last_at=now, info=info)


@dataclass(frozen=True)
class ReminderHealth:
    last_scan: datetime.datetime | None
    last_scan_info: dict
    last_heartbeat: datetime.datetime | None
    last_heartbeat_info: dict
    last_flush: datetime.datetime | None
    last_digest: datetime.datetime | None
    pending: int
    sending: int
    failed: int
    oldest_pending: datetime.datetime | None
    stale_after: datetime.timedelta

    @property
    def worker_silent(self) -> bool:
        """Return whether a worker that once reported has been silent too long."""
        return self.last_heartbeat is not None and (
            timezone.now() - self.last_heartbeat > self.stale_after
        )

    @property
    def worker_never_seen(self) -> bool:
        return self.last_heartbeat is None


def reminder_health(*, notifications=None) -> ReminderHealth:
    """Collect the figures of the status page in two queries.

    ``notifications`` limits the outbox counts (e.g. to the office's township).
    """
    beats = {beat.name: beat for beat in JobBeat.objects.all()}
    rows = Notification.objects.all() if notifications is None else notifications
    counts = rows.aggregate(
        pending=Count("pk", filter=Q(status=OutboxStatus.PENDING)),
        sending=Count("pk", filter=Q(status=OutboxStatus.SENDING)),
        failed=Count("pk", filter=Q(status=OutboxStatus.FAILED)),
    )
    oldest = (
        rows.filter(status=OutboxStatus.PENDING)
        .order_by("created_at")
        .values_list("created_at", flat=True)[:1]
    )
    oldest_pending = next(iter(oldest), None)

    def at(name):
        beat = beats.get(name)
        return beat.last_at if beat else None

    def info(name):
        beat = beats.get(name)
        return beat.info if beat else {}

    return ReminderHealth(
        last_scan=at(SCAN),
        last_scan_info=info(SCAN),
        last_heartbeat=at(HEARTBEAT),
        last_heartbeat_info=info(HEARTBEAT),
        last_flush=at(FLUSH),
        last_digest=at(DIGEST),
        pending=counts["pending"],
        sending=counts["sending"],
        failed=counts["failed"],
        oldest_pending=oldest_pending,
        stale_after=datetime.timedelta(
            minutes=settings.NOTIFICATIONS_HEARTBEAT_STALE_MINUTES
        ),
    )


def _iso(value):
    return value.isoformat() if value else None


def reminders():
    """Check for /healthz: unhealthy when a worker that used to beat has gone silent."""
    try:
        health = reminder_health()
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        return "reminders", False, {"error": exc.__class__.__name__}
    return (
        "reminders",
        not health.worker_silent,
        {
            "last_scan": _iso(health.last_scan),
            "last_heartbeat": _iso(health.last_heartbeat),
            "worker_silent": health.worker_silent,
            "pending": health.pending,
            "failed": health.failed,
        },
    )
