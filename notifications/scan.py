"""The reminder scan: ask every registered provider, write the outbox once, queue delivery.

``python manage.py scan_reminders`` and the beat task ``reminders_scan_task`` both
call :func:`run_scan`. Providers plug in through ``<app>/reminders.py`` (see
:mod:`notifications.registry`); the scan itself never changes when a kind is added.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import time

from django.conf import settings
from django.utils import timezone, translation

from . import health
from .registry import providers
from .services import notify_many

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class ScanResult:
    today: datetime.date
    offered: dict[str, int]
    created: int
    errors: dict[str, str]
    seconds: float

    def as_dict(self) -> dict:
        return {
            "today": self.today.isoformat(),
            "offered": self.offered,
            "created": self.created,
            "errors": self.errors,
            "seconds": round(self.seconds, 3),
        }


def run_scan(*, today: datetime.date | None = None) -> ScanResult:
    """Collect the reminders due ``today`` (Beijing date) and write the new ones."""
    started = time.perf_counter()
    today = today or timezone.localdate()
    reminders = []
    offered: dict[str, int] = {}
    errors: dict[str, str] = {}
    for kind, provider in providers().items():
        try:
            # Titles are written once, in the site language, whoever runs the scan.
            with translation.override(settings.LANGUAGE_CODE):
                batch = [
                    r if r.kind else dataclasses.replace(r, kind=kind)
                    for r in provider(today=today)
                ]
        except Exception as exc:
            # One broken provider must not silence the others' reminders.
            logger.exception("reminder provider failed", extra={"kind": kind})
            errors[kind] = f"{exc.__class__.__name__}: {exc}"
            continue
        offered[kind] = len(batch)
        reminders.extend(batch)
    created = notify_many(reminders)
    result = ScanResult(
        today=today,
        offered=offered,
        created=len(created),
        errors=errors,
        seconds=time.perf_counter() - started,
    )
    health.record(health.SCAN, **result.as_dict())
    logger.info("reminder scan", extra={"scan": result.as_dict()})
    return result
