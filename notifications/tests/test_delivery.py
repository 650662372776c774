"""Delivery of outbox rows and digests, called as task bodies: exactly once per channel."""

import datetime
import smtplib

import pytest
from django.utils import timezone

from notifications import delivery, tasks
from notifications.choices import ChannelState, DeliveryMode, OutboxStatus
from notifications.models import Digest, JobBeat, Notification
from notifications.tests.factories import (
    NotificationFactory,
    NotificationPreferenceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def recipient(make_user, township):
    return make_user(
        "guide",
        township=township,
        username="wang",
        email="wang@example.invalid",
        phone="13800001111",
    )


def test_delivery_fills_inbox_sends_email_and_sms_once(recipient, mailbox, sms_log):
    # given
    row = NotificationFactory(
        recipient=recipient, title="王楼村：任务今天到期", url="/stages/tasks/7/"
    )
    # when the task body runs twice (a duplicated message)
    first = tasks.notification_deliver_task(row.pk)
    second = tasks.notification_deliver_task(row.pk)
    # then
    row.refresh_from_db()
    assert (first, second) == ("delivered", "skipped")
    assert row.status == OutboxStatus.DELIVERED
    assert (row.inapp_state, row.email_state, row.sms_state) == ("sent", "sent", "sent")
    assert row.attempts == 1
    assert row.delivered_at is not None
    assert len(mailbox) == 1
    assert mailbox[0].to == ["wang@example.invalid"]
    assert mailbox[0].subject == "[换届通] 王楼村：任务今天到期"
    assert "http://127.0.0.1:8000/stages/tasks/7/" in mailbox[0].body
    assert [line["phone"] for line in sms_log()] == ["13800001111"]
    assert sms_log()[0]["text"].startswith("【换届通】王楼村：任务今天到期")


def test_channels_without_address_or_switched_off_are_skipped(
    make_user, township, mailbox, sms_log
):
    # given one user without email/phone and one who switched both off
    bare = make_user("guide", township=township, username="bare", email="", phone="")
    quiet = make_user("guide", township=township, username="quiet", phone="13800002222")
    NotificationPreferenceFactory(user=quiet, email_enabled=False, sms_enabled=False)
    rows = [NotificationFactory(recipient=bare), NotificationFactory(recipient=quiet)]
    # when
    for row in rows:
        delivery.deliver_notification(notification_id=row.pk)
    # then the inbox still gets them; nothing else is sent
    for row in rows:
        row.refresh_from_db()
        assert (row.status, row.inapp_state, row.email_state, row.sms_state) == (
            "delivered",
            "sent",
            "skipped",
            "skipped",
        )
    assert mailbox == []
    assert sms_log() == []


def test_a_failed_email_is_retried_later_without_resending_the_sms(
    recipient, mailbox, sms_log, monkeypatch
):
    # given an SMTP server that refuses once
    row = NotificationFactory(recipient=recipient)
    calls = {"n": 0}
    real_send = delivery.send_email

    def flaky(notification, preference):
        calls["n"] += 1
        if calls["n"] == 1:
            raise smtplib.SMTPServerDisconnected("connection closed")
        return real_send(notification, preference)

    monkeypatch.setattr(
        delivery,
        "CHANNELS",
        (
            ("inapp_state", delivery.CHANNELS[0][1]),
            ("email_state", flaky),
            ("sms_state", delivery.CHANNELS[2][1]),
        ),
    )
    # when the first attempt fails
    with pytest.raises(delivery.DeliveryError, match="connection closed"):
        tasks.notification_deliver_task(row.pk)  # called directly, retry re-raises
    row.refresh_from_db()
    # then the row waits, with a backoff, and the in-app channel is already done
    assert row.status == OutboxStatus.PENDING
    assert row.inapp_state == ChannelState.SENT
    assert row.email_state == ChannelState.PENDING
    assert row.retry_at > timezone.now()
    assert "SMTPServerDisconnected" in row.last_error
    # and a run before the backoff ends does nothing
    assert delivery.deliver_notification(notification_id=row.pk) == "skipped"
    # when the retry comes after the backoff
    Notification.objects.filter(pk=row.pk).update(retry_at=timezone.now())
    assert delivery.deliver_notification(notification_id=row.pk) == "delivered"
    # then everything went out exactly once
    assert len(mailbox) == 1
    assert len(sms_log()) == 1
    row.refresh_from_db()
    assert row.attempts == 2
    assert row.last_error == ""


def test_the_final_attempt_marks_the_row_failed(recipient, settings):
    # given an email backend that always fails
    settings.EMAIL_BACKEND = "notifications.tests.test_delivery.BrokenEmailBackend"
    row = NotificationFactory(recipient=recipient)
    # when
    result = delivery.deliver_notification(notification_id=row.pk, final_attempt=True)
    # then
    row.refresh_from_db()
    assert result == "failed"
    assert row.status == OutboxStatus.FAILED
    assert "refused" in row.last_error


class BrokenEmailBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"x": (550, b"refused")})


def test_a_row_being_delivered_by_a_live_worker_is_left_alone(recipient, mailbox):
    # given another worker claimed the row a moment ago
    row = NotificationFactory(
        recipient=recipient,
        status=OutboxStatus.SENDING,
        claimed_at=timezone.now(),
        claim_token="other",
    )
    # when
    result = delivery.deliver_notification(notification_id=row.pk)
    # then
    assert result == "skipped"
    assert mailbox == []


def test_a_row_abandoned_by_a_killed_worker_is_delivered_once_later(
    recipient, mailbox, sms_log, settings
):
    # given a worker died after the in-app channel and the email, before the SMS
    long_ago = timezone.now() - datetime.timedelta(
        seconds=settings.NOTIFICATIONS_CLAIM_TIMEOUT_SECONDS + 1
    )
    row = NotificationFactory(
        recipient=recipient,
        status=OutboxStatus.SENDING,
        claimed_at=long_ago,
        claim_token="dead",
        inapp_state="sent",
        email_state="sent",
        attempts=1,
    )
    # when the flush finds it and a delivery runs (twice, as duplicates may)
    waiting, _digests = delivery.outbox_due_ids(grace_seconds=0)
    results = [delivery.deliver_notification(notification_id=row.pk) for _ in range(2)]
    # then only the SMS went out, once
    assert row.pk in waiting
    assert results == ["delivered", "skipped"]
    assert mailbox == []
    assert len(sms_log()) == 1


def test_a_delivery_that_lost_its_claim_stops_without_marking(
    recipient, mailbox, monkeypatch
):
    # given a slow delivery whose claim another worker took over meanwhile
    row = NotificationFactory(recipient=recipient)

    def take_over(notification, preference):
        Notification.objects.filter(pk=notification.pk).update(claim_token="thief")
        return ChannelState.SENT

    monkeypatch.setattr(delivery, "CHANNELS", (("inapp_state", take_over),))
    # when
    result = delivery.deliver_notification(notification_id=row.pk)
    # then
    row.refresh_from_db()
    assert result == "claim-lost"
    assert row.inapp_state == ChannelState.PENDING


def test_outbox_flush_queues_waiting_rows_but_not_fresh_or_backing_off_ones(
    recipient, queued
):
    # given
    old = timezone.now() - datetime.timedelta(minutes=10)
    waiting = NotificationFactory(recipient=recipient)
    fresh = NotificationFactory(recipient=recipient)
    backing_off = NotificationFactory(
        recipient=recipient, retry_at=timezone.now() + datetime.timedelta(minutes=5)
    )
    done = NotificationFactory(recipient=recipient, status=OutboxStatus.DELIVERED)
    Notification.objects.filter(pk__in=[waiting.pk, backing_off.pk, done.pk]).update(
        created_at=old
    )
    # when
    result = tasks.outbox_flush_task()
    # then
    assert queued["deliveries"] == [waiting.pk]
    assert result["waiting"] == 1
    assert fresh.pk not in queued["deliveries"]
    assert JobBeat.objects.get(name="flush").info["queued"] == 1


def test_worker_heartbeat_task_records_the_time(db):
    # when
    tasks.worker_heartbeat_task()
    # then
    beat = JobBeat.objects.get(name="heartbeat")
    assert timezone.now() - beat.last_at < datetime.timedelta(seconds=5)
    assert beat.info["host"]


# --- digests -----------------------------------------------------------------------


@pytest.fixture
def digest_user(recipient):
    NotificationPreferenceFactory(
        user=recipient, mode=DeliveryMode.DIGEST, digest_hour=8
    )
    return recipient


def at_beijing(hour, day=datetime.date(2021, 11, 15)):
    return timezone.make_aware(
        datetime.datetime(day.year, day.month, day.day, hour, 30)
    )


def test_digest_users_get_the_inbox_now_and_email_sms_later(
    digest_user, mailbox, sms_log
):
    # given
    row = NotificationFactory(recipient=digest_user)
    # when
    delivery.deliver_notification(notification_id=row.pk)
    # then
    row.refresh_from_db()
    assert (row.status, row.inapp_state, row.email_state, row.sms_state) == (
        "delivered",
        "sent",
        "digest",
        "digest",
    )
    assert mailbox == []


def test_digest_waits_for_the_users_hour_then_goes_out_once(
    digest_user, mailbox, sms_log, queued
):
    # given two reminders waiting for the digest
    rows = NotificationFactory.create_batch(2, recipient=digest_user)
    for row in rows:
        delivery.deliver_notification(notification_id=row.pk)
    Notification.objects.update(created_at=at_beijing(6))
    # when the digest job runs before the user's hour
    assert delivery.digests_collect(now=at_beijing(7)) == []
    # and at the hour, twice
    opened = delivery.digests_collect(now=at_beijing(8))
    again = delivery.digests_collect(now=at_beijing(9))
    results = [delivery.deliver_digest(digest_id=opened[0]) for _ in range(2)]
    # then one digest email and one SMS carry both reminders
    assert again == []
    assert results == ["sent", "skipped"]
    assert len(mailbox) == 1
    assert all(row.title in mailbox[0].body for row in rows)
    assert mailbox[0].subject == "[换届通] 2021年11月15日的2条提醒"
    assert len(sms_log()) == 1
    assert set(Notification.objects.values_list("email_state", "sms_state")) == {
        ("sent", "sent")
    }
    digest = Digest.objects.get()
    assert digest.day == datetime.date(2021, 11, 15)
    assert digest.status == "sent"


def test_reminders_arriving_after_the_digest_wait_for_the_next_day(
    digest_user, mailbox
):
    # given today's digest already went out
    first = NotificationFactory(recipient=digest_user)
    delivery.deliver_notification(notification_id=first.pk)
    Notification.objects.update(created_at=at_beijing(6))
    delivery.deliver_digest(digest_id=delivery.digests_collect(now=at_beijing(8))[0])
    late = NotificationFactory(recipient=digest_user)
    delivery.deliver_notification(notification_id=late.pk)
    Notification.objects.filter(pk=late.pk).update(created_at=at_beijing(12))
    # when the job runs again today, then tomorrow
    today_again = delivery.digests_collect(now=at_beijing(13))
    tomorrow = delivery.digests_collect(now=at_beijing(8, datetime.date(2021, 11, 16)))
    # then
    assert today_again == []
    assert len(tomorrow) == 1
    assert list(Digest.objects.get(pk=tomorrow[0]).notifications.all()) == [late]


def test_digests_send_task_opens_and_queues_digests(digest_user, queued, monkeypatch):
    # given
    row = NotificationFactory(recipient=digest_user)
    delivery.deliver_notification(notification_id=row.pk)
    Notification.objects.update(created_at=at_beijing(6))
    monkeypatch.setattr(timezone, "now", lambda: at_beijing(9))
    # when
    result = tasks.digests_send_task()
    # then
    assert result == {"opened": 1, "queued": 1}
    assert queued["digests"] == [Digest.objects.get().pk]
