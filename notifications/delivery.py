"""Deliver outbox rows and digests through the channels, exactly once per channel.

A delivery first *claims* its row with a conditional UPDATE (pending → sending,
with a fresh token). Only the holder of the token may change the row's states,
and each channel's state is written the moment that channel succeeded, so:

- a duplicated or retried task finds the row claimed or delivered and does nothing;
- a worker killed mid-delivery leaves the row ``sending`` with an old
  ``claimed_at``; after ``NOTIFICATIONS_CLAIM_TIMEOUT_SECONDS`` (longer than the
  task's hard time limit) ``outbox_flush`` queues it again and the channels not
  yet marked sent are delivered, once.

The one window that cannot be closed without the mail server's cooperation is a
worker killed between the SMTP/SMS call returning and the state UPDATE: that
message may go out twice. It is milliseconds wide.
"""

from __future__ import annotations

import datetime
import logging
import uuid

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.text import one_line

from .choices import ChannelState, DeliveryMode, DigestStatus, OutboxStatus
from .models import Digest, Notification, NotificationPreference
from .sms import SmsRejectedError, get_sms_backend

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6


class DeliveryError(Exception):
    """A channel failed in a way worth retrying later."""


class ClaimLostError(Exception):
    """Another delivery took the row over (ours ran past the claim timeout)."""


def backoff_seconds(attempt: int) -> int:
    """Return the wait before attempt ``attempt + 1``: 30 s, 60 s, 120 s … at most 30 min."""
    return min(30 * 2 ** max(attempt - 1, 0), 1800)


def _stale_before() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(
        seconds=settings.NOTIFICATIONS_CLAIM_TIMEOUT_SECONDS
    )


def claimable_q() -> Q:
    """Rows a delivery may take: pending (and due), or abandoned by a killed worker."""
    now = timezone.now()
    return (
        Q(status=OutboxStatus.PENDING)
        & (Q(retry_at__isnull=True) | Q(retry_at__lte=now))
    ) | Q(status=OutboxStatus.SENDING, claimed_at__lt=_stale_before())


def preference_for(user) -> NotificationPreference:
    """Return the user's saved preference or the defaults (unsaved)."""
    try:
        return user.notification_preference
    except NotificationPreference.DoesNotExist:
        return NotificationPreference(user=user)


def absolute(url: str) -> str:
    if not url:
        return settings.SITE_URL + "/"
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL + (url if url.startswith("/") else "/" + url)


# --- channels ---------------------------------------------------------------------


def _email_state(preference, user) -> str | None:
    """Return SKIPPED/DIGEST when the email is not sent now, None when it is."""
    if not preference.email_enabled or not user.email:
        return ChannelState.SKIPPED
    if preference.mode == DeliveryMode.DIGEST:
        return ChannelState.DIGEST
    return None


def _sms_state(preference, user) -> str | None:
    if not preference.sms_enabled or not user.phone:
        return ChannelState.SKIPPED
    if preference.mode == DeliveryMode.DIGEST:
        return ChannelState.DIGEST
    return None


def send_email(notification: Notification, preference) -> str:
    user = notification.recipient
    state = _email_state(preference, user)
    if state:
        return state
    context = {
        "notification": notification,
        "link": absolute(notification.url),
        "user": user,
    }
    # A plain-text header: no HTML escaping (template), no line break (one_line).
    subject = one_line(render_to_string("notifications/email/subject.txt", context))
    body = render_to_string("notifications/email/body.txt", context)
    EmailMessage(subject=subject, body=body, to=[user.email]).send()
    return ChannelState.SENT


def sms_text(notification: Notification) -> str:
    return render_to_string(
        "notifications/sms.txt",
        {"notification": notification, "link": absolute(notification.url)},
    ).strip()


def send_sms(notification: Notification, preference) -> str:
    user = notification.recipient
    state = _sms_state(preference, user)
    if state:
        return state
    try:
        get_sms_backend().send(phone=user.phone, text=sms_text(notification))
    except SmsRejectedError as exc:
        logger.warning(
            "SMS rejected", extra={"notification": notification.pk, "error": str(exc)}
        )
        return ChannelState.FAILED
    return ChannelState.SENT


CHANNELS = (
    ("inapp_state", lambda notification, preference: ChannelState.SENT),
    ("email_state", send_email),
    ("sms_state", send_sms),
)


# --- one outbox row --------------------------------------------------------------


def _claim(model, pk: int, claimable: Q) -> str | None:
    token = uuid.uuid4().hex
    claimed = (
        model.objects.filter(pk=pk)
        .filter(claimable)
        .update(
            status=OutboxStatus.SENDING,
            claim_token=token,
            claimed_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
    )
    return token if claimed else None


def deliver_notification(*, notification_id: int, final_attempt: bool = False) -> str:
    """Deliver one outbox row on every channel not yet done; return what happened.

    Raise :class:`DeliveryError` when a channel failed and the row should be
    retried (its claim is released first, so a later run can take it).
    """
    token = _claim(Notification, notification_id, claimable_q())
    if token is None:
        return "skipped"
    notification = Notification.objects.select_related("recipient").get(
        pk=notification_id
    )
    mine = Notification.objects.filter(pk=notification_id, claim_token=token)
    preference = preference_for(notification.recipient)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            for field, channel in CHANNELS:
                if getattr(notification, field) != ChannelState.PENDING:
                    continue
                state = channel(notification, preference)
                if not mine.filter(**{field: ChannelState.PENDING}).update(
                    **{field: state}
                ):
                    raise ClaimLostError(notification_id)
                setattr(notification, field, state)
    except ClaimLostError:
        logger.warning("delivery claim lost", extra={"notification": notification_id})
        return "claim-lost"
    except Exception as exc:
        failed = final_attempt or notification.attempts >= MAX_ATTEMPTS
        mine.update(
            status=OutboxStatus.FAILED if failed else OutboxStatus.PENDING,
            claim_token="",
            claimed_at=None,
            retry_at=None
            if failed
            else timezone.now()
            + datetime.timedelta(seconds=backoff_seconds(notification.attempts)),
            last_error=f"{exc.__class__.__name__}: {exc}"[:500],
        )
        logger.warning(
            "delivery failed",
            extra={
                "notification": notification_id,
                "error": repr(exc),
                "final": failed,
            },
        )
        if failed:
            return "failed"
        raise DeliveryError(str(exc)) from exc
    mine.update(
        status=OutboxStatus.DELIVERED,
        delivered_at=timezone.now(),
        claim_token="",
        claimed_at=None,
        retry_at=None,
        last_error="",
    )
    return "delivered"


# --- daily digests ------------------------------------------------------------------


def waiting_for_digest_q() -> Q:
    return Q(email_state=ChannelState.DIGEST) | Q(sms_state=ChannelState.DIGEST)


def digests_collect(*, now: datetime.datetime | None = None) -> list[int]:
    """Open today's digest for every user whose digest hour has come; return their ids.

    A user's digest for a day is created once (unique per user and day) and takes
    the rows waiting at that moment; rows that arrive later wait for tomorrow's.
    """
    now = now or timezone.now()
    local = timezone.localtime(now)
    waiting = (
        Notification.objects.filter(
            waiting_for_digest_q(), digest__isnull=True, created_at__lte=now
        )
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    user_ids = set(waiting)
    if not user_ids:
        return []
    hours = dict(
        NotificationPreference.objects.filter(user_id__in=user_ids).values_list(
            "user_id", "digest_hour"
        )
    )
    created = []
    for user_id in sorted(user_ids):
        if local.hour < hours.get(user_id, settings.NOTIFICATIONS_DIGEST_HOUR):
            continue
        # Write first (no read inside the transaction): the unique (user, day)
        # refuses a second digest for the day, whoever runs at the same time.
        try:
            with transaction.atomic():
                digest = Digest.objects.create(recipient_id=user_id, day=local.date())
                Notification.objects.filter(
                    waiting_for_digest_q(),
                    recipient_id=user_id,
                    digest__isnull=True,
                    created_at__lte=now,
                ).update(digest=digest)
        except IntegrityError:
            continue
        created.append(digest.pk)
    return created


def digest_claimable_q() -> Q:
    return Q(status=DigestStatus.PENDING) | Q(
        status=DigestStatus.SENDING, claimed_at__lt=_stale_before()
    )


def deliver_digest(*, digest_id: int, final_attempt: bool = False) -> str:
    """Send one user's daily digest by email and SMS, once; mark its rows sent."""
    token = _claim(Digest, digest_id, digest_claimable_q())
    if token is None:
        return "skipped"
    digest = Digest.objects.select_related("recipient").get(pk=digest_id)
    mine = Digest.objects.filter(pk=digest_id, claim_token=token)
    user = digest.recipient
    items = list(digest.notifications.order_by("day", "created_at", "pk"))
    context = {
        "digest": digest,
        "user": user,
        "items": [(item, absolute(item.url)) for item in items],
        "inbox": absolute("/notifications/"),
    }
    try:
        with translation.override(settings.LANGUAGE_CODE):
            if digest.email_state == ChannelState.PENDING:
                state = ChannelState.SKIPPED
                if user.email and any(
                    i.email_state == ChannelState.DIGEST for i in items
                ):
                    subject = render_to_string(
                        "notifications/email/digest_subject.txt", context
                    )
                    body = render_to_string(
                        "notifications/email/digest_body.txt", context
                    )
                    EmailMessage(
                        subject=one_line(subject), body=body, to=[user.email]
                    ).send()
                    state = ChannelState.SENT
                if not mine.filter(email_state=ChannelState.PENDING).update(
                    email_state=state
                ):
                    raise ClaimLostError(digest_id)
                digest.notifications.filter(email_state=ChannelState.DIGEST).update(
                    email_state=state
                )
            if digest.sms_state == ChannelState.PENDING:
                state = ChannelState.SKIPPED
                if user.phone and any(
                    i.sms_state == ChannelState.DIGEST for i in items
                ):
                    text = render_to_string(
                        "notifications/digest_sms.txt", context
                    ).strip()
                    try:
                        get_sms_backend().send(phone=user.phone, text=text)
                        state = ChannelState.SENT
                    except SmsRejectedError:
                        state = ChannelState.FAILED
                if not mine.filter(sms_state=ChannelState.PENDING).update(
                    sms_state=state
                ):
                    raise ClaimLostError(digest_id)
                digest.notifications.filter(sms_state=ChannelState.DIGEST).update(
                    sms_state=state
                )
    except ClaimLostError:
        return "claim-lost"
    except Exception as exc:
        failed = final_attempt or digest.attempts >= MAX_ATTEMPTS
        mine.update(
            status=DigestStatus.FAILED if failed else DigestStatus.PENDING,
            claim_token="",
            claimed_at=None,
            last_error=f"{exc.__class__.__name__}: {exc}"[:500],
        )
        if failed:
            return "failed"
        raise DeliveryError(str(exc)) from exc
    mine.update(
        status=DigestStatus.SENT,
        sent_at=timezone.now(),
        claim_token="",
        claimed_at=None,
    )
    return "sent"


# --- the flush ------------------------------------------------------------------------


def outbox_due_ids(
    *,
    limit: int = 1000,
    grace_seconds: int | None = None,
    after: tuple[int, int] = (0, 0),
) -> tuple[list, list]:
    """Return (notification ids, digest ids) that wait for delivery and should be queued.

    Rows younger than the grace period were queued by whoever wrote them; the
    flush is for rows whose message was lost (broker down, worker killed). Ids
    come in ascending order, above ``after`` (the last ids of the previous page),
    so a flush pages through any number of rows.
    """
    grace = (
        settings.NOTIFICATIONS_FLUSH_GRACE_SECONDS
        if grace_seconds is None
        else grace_seconds
    )
    cutoff = timezone.now() - datetime.timedelta(seconds=grace)
    notification_ids = list(
        Notification.objects.filter(
            claimable_q(), created_at__lte=cutoff, pk__gt=after[0]
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    digest_ids = list(
        Digest.objects.filter(
            digest_claimable_q(), created_at__lte=cutoff, pk__gt=after[1]
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return notification_ids, digest_ids
