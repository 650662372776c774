"""Writes of the notifications app: the outbox, the inbox and preferences."""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Iterable
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .choices import ChannelState, DeliveryMode, OutboxStatus
from .models import Notification, NotificationPreference
from .registry import KIND_RE, Reminder

logger = logging.getLogger(__name__)

TITLE_MAX = Notification._meta.get_field("title").max_length
URL_MAX = Notification._meta.get_field("url").max_length

MSG_BAD_KIND = _(
    "The reminder kind “%(kind)s” is not valid: write it as <app>.<kind>, "
    "in lower-case letters, digits and underscores, for example stages.task_overdue."
)
MSG_NO_TITLE = _("A reminder needs a title: say in a few words what is due.")
MSG_UNSAVED_SUBJECT = _(
    "The reminder's subject has not been saved yet: save it first, then send the reminder."
)
MSG_NO_RECIPIENT = _(
    "A reminder needs a recipient who can log in: choose an active user."
)
MSG_BAD_DIGEST_HOUR = _(
    "The digest hour must be a whole hour from 0 to 23 (Beijing time)."
)


def _clean_reminder(*, recipient, kind, subject, day, title, url) -> None:
    errors = {}
    if not kind or not KIND_RE.match(kind):
        errors["kind"] = MSG_BAD_KIND % {"kind": kind}
    if not (title or "").strip():
        errors["title"] = MSG_NO_TITLE
    if getattr(subject, "pk", None) is None:
        errors["subject_id"] = MSG_UNSAVED_SUBJECT
    if getattr(recipient, "pk", None) is None or not getattr(
        recipient, "is_active", False
    ):
        errors["recipient"] = MSG_NO_RECIPIENT
    if not isinstance(day, datetime.date) or isinstance(day, datetime.datetime):
        errors["day"] = _("The reminder's day must be a date.")
    if errors:
        raise ValidationError(errors)


def _title(title) -> str:
    return Truncator(str(title).strip()).chars(TITLE_MAX)


def enqueue_after_commit(ids: list[int]) -> None:
    """Queue the delivery of outbox rows once the surrounding transaction commits."""
    if ids:
        from .dispatch import enqueue_deliveries

        transaction.on_commit(partial(enqueue_deliveries, list(ids)))


@transaction.atomic
def notify(
    *,
    recipient,
    kind: str,
    subject,
    day: datetime.date,
    title: str,
    body: str = "",
    url: str = "",
) -> Notification | None:
    """Write one reminder to the outbox and queue its delivery after commit.

    Return the new row, or ``None`` when the same (subject, recipient, kind, day)
    is already in the outbox: calling twice never sends twice.
    """
    _clean_reminder(
        recipient=recipient, kind=kind, subject=subject, day=day, title=title, url=url
    )
    notification = Notification(
        recipient=recipient,
        subject_type=ContentType.objects.get_for_model(type(subject)),
        subject_id=subject.pk,
        kind=kind,
        day=day,
        title=_title(title),
        body=str(body or ""),
        url=str(url or "")[:URL_MAX],
    )
    notification.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            notification.save()
    except IntegrityError:
        if Notification.objects.filter(
            subject_type=notification.subject_type,
            subject_id=notification.subject_id,
            recipient=recipient,
            kind=kind,
            day=day,
        ).exists():
            return None
        raise
    enqueue_after_commit([notification.pk])
    return notification


# --- the scan's bulk write: one statement, whatever the number of reminders --------

_COLUMNS = (
    ("recipient_id", "bigint"),
    ("subject_type_id", "integer"),
    ("subject_id", "bigint"),
    ("kind", "text"),
    ("day", "date"),
    ("title", "text"),
    ("body", "text"),
    ("url", "text"),
)


def _rows(reminders: Iterable[Reminder]) -> list[list]:
    """Turn reminders into unique rows of plain values (the first of duplicates wins)."""
    content_types: dict[type, int] = {}
    rows: dict[tuple, list] = {}
    for reminder in reminders:
        model = type(reminder.subject)
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(model).pk
        row = [
            reminder.recipient.pk,
            content_types[model],
            reminder.subject.pk,
            reminder.kind,
            reminder.day.isoformat(),
            _title(str(reminder.title)),
            str(reminder.body or ""),
            str(reminder.url or "")[:URL_MAX],
        ]
        rows.setdefault((row[1], row[2], row[0], row[3], row[4]), row)
    return list(rows.values())


def _insert_sqlite(rows, now) -> list[int]:
    table = Notification._meta.db_table
    names = [name for name, _type in _COLUMNS]
    extracts = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(names)))
    sql = (
        f"INSERT INTO {table} ({', '.join(names)}, status, inapp_state, email_state, "
        "sms_state, attempts, last_error, claim_token, created_at) "
        f"SELECT {extracts}, %s, %s, %s, %s, 0, '', '', %s FROM json_each(%s) WHERE true "
        "ON CONFLICT DO NOTHING RETURNING id"
    )
    params = [
        OutboxStatus.PENDING,
        ChannelState.PENDING,
        ChannelState.PENDING,
        ChannelState.PENDING,
        connection.ops.adapt_datetimefield_value(now),
        json.dumps(rows, ensure_ascii=False),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _insert_postgresql(rows, now) -> list[int]:
    table = Notification._meta.db_table
    names = [name for name, _type in _COLUMNS]
    record = ", ".join(f"{name} {kind}" for name, kind in _COLUMNS)
    # jsonb_to_recordset needs objects, not arrays.
    objects = [dict(zip(names, row, strict=True)) for row in rows]
    sql = (
        f"INSERT INTO {table} ({', '.join(names)}, status, inapp_state, email_state, "
        "sms_state, attempts, last_error, claim_token, created_at) "
        f"SELECT {', '.join('r.' + n for n in names)}, %s, %s, %s, %s, 0, '', '', %s "
        f"FROM jsonb_to_recordset(%s::jsonb) AS r({record}) "
        "ON CONFLICT DO NOTHING RETURNING id"
    )
    params = [
        OutboxStatus.PENDING,
        ChannelState.PENDING,
        ChannelState.PENDING,
        ChannelState.PENDING,
        now,
        json.dumps(objects, ensure_ascii=False),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _insert_generic(rows, now) -> list[int]:
    """Fallback for other databases: insert row by row, skipping existing keys."""
    created = []
    for row in rows:
        recipient_id, ct_id, subject_id, kind, day, title, body, url = row
        try:
            with transaction.atomic():
                created.append(
                    Notification.objects.create(
                        recipient_id=recipient_id,
                        subject_type_id=ct_id,
                        subject_id=subject_id,
                        kind=kind,
                        day=datetime.date.fromisoformat(day),
                        title=title,
                        body=body,
                        url=url,
                    ).pk
                )
        except IntegrityError:
            continue
    return created


def notify_many(reminders: Iterable[Reminder]) -> list[int]:
    """Write many reminders to the outbox in one statement; return the ids written now.

    Reminders already in the outbox (same subject, recipient, kind and day) are
    skipped by the database itself (``ON CONFLICT DO NOTHING``), so two scans
    running at the same time still write each reminder once. Deliveries of the
    new rows are queued after commit.
    """
    # Reads (content types) happen before the write transaction opens: on SQLite
    # a read followed by a write in one transaction fails when another process
    # wrote in between, instead of waiting.
    rows = _rows(reminders)
    if not rows:
        return []
    insert = {
        "sqlite": _insert_sqlite,
        "postgresql": _insert_postgresql,
    }.get(connection.vendor, _insert_generic)
    with transaction.atomic():
        created = insert(rows, timezone.now())
        enqueue_after_commit(created)
    return created


# --- inbox ----------------------------------------------------------------------


def notification_mark_read(*, notification: Notification, user) -> bool:
    """Mark one of the user's notifications read; return whether it changed now."""
    if notification.recipient_id != user.pk:
        raise ValidationError(_("This notification is addressed to somebody else."))
    changed = Notification.objects.filter(
        pk=notification.pk, read_at__isnull=True
    ).update(read_at=timezone.now())
    return bool(changed)


def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification in the user's inbox read; return how many."""
    return Notification.objects.visible_to(user).unread().update(read_at=timezone.now())


# --- preferences ------------------------------------------------------------------


@transaction.atomic
def preference_update(
    *, user, email_enabled: bool, sms_enabled: bool, mode: str, digest_hour: int
) -> NotificationPreference:
    """Save how a user wants their reminders delivered."""
    if mode not in DeliveryMode.values:
        raise ValidationError(
            {"mode": _("Choose immediate delivery or a daily digest.")}
        )
    if not isinstance(digest_hour, int) or not 0 <= digest_hour <= 23:
        raise ValidationError({"digest_hour": MSG_BAD_DIGEST_HOUR})
    preference, _created = NotificationPreference.objects.get_or_create(user=user)
    preference.email_enabled = email_enabled
    preference.sms_enabled = sms_enabled
    preference.mode = mode
    preference.digest_hour = digest_hour
    preference.full_clean()
    preference.save()
    return preference
