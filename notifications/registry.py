"""The registry of reminder kinds: where other apps plug their reminders into the scan.

An app writes ``<app>/reminders.py``::

    from notifications.registry import Reminder, reminder_kind

    @reminder_kind("candidates.review_due")
    def review_items_due(*, today):
        for item in ...:
            yield Reminder(recipient=user, subject=item, kind="candidates.review_due",
                           day=today, title="…", body="…", url=item.get_absolute_url())

The scan (:func:`notifications.scan.run_scan`) imports every installed app's
``reminders`` module with ``autodiscover_modules`` and calls each provider once
with ``today``. A provider must read the database in a fixed number of queries,
whatever the number of villages, and must not write: the scan writes the outbox.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import autodiscover_modules

KIND_RE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*$")

Provider = Callable[..., Iterable["Reminder"]]

_providers: dict[str, Provider] = {}


@dataclass(frozen=True)
class Reminder:
    """One reminder a provider wants sent: to whom, about what, of which kind, for which day.

    ``kind`` defaults to the provider's registered kind when left empty.
    ``(subject, recipient, kind, day)`` is the unique key: the same reminder
    offered twice is written once.
    """

    recipient: Any
    subject: Any
    kind: str
    day: datetime.date
    title: str
    body: str = ""
    url: str = ""

    @property
    def key(self) -> tuple:
        """Return the identity of the reminder without touching the database."""
        return (
            type(self.subject)._meta.label_lower,
            self.subject.pk,
            self.recipient.pk,
            self.kind,
            self.day,
        )


def reminder_kind(kind: str) -> Callable[[Provider], Provider]:
    """Register a provider function ``(*, today: date) -> Iterable[Reminder]`` under a kind."""
    if not KIND_RE.match(kind):
        raise ValueError(
            f"Reminder kind {kind!r} must look like '<app>.<kind>' in lower case."
        )

    def register(func: Provider) -> Provider:
        existing = _providers.get(kind)
        if existing is not None and _qualname(existing) != _qualname(func):
            raise ValueError(
                f"Reminder kind {kind!r} is already registered by {_qualname(existing)}."
            )
        _providers[kind] = func
        func.reminder_kind = kind
        return func

    return register


def _qualname(func) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def discover() -> None:
    """Import ``<app>.reminders`` of every installed app (idempotent)."""
    autodiscover_modules("reminders")


def providers() -> dict[str, Provider]:
    """Return the registered providers by kind, after discovering them."""
    discover()
    return dict(sorted(_providers.items()))


def unregister(kind: str) -> None:
    """Remove a provider (for tests that register temporary kinds)."""
    _providers.pop(kind, None)
