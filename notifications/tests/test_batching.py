"""Recovery speed (issue 16): deliveries go in batches and the flush drains the outbox."""

import datetime
import smtplib

import pytest
from django.utils import timezone

from notifications import dispatch, tasks
from notifications.choices import OutboxStatus
from notifications.models import Notification
from notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued():
    """Override the recording fixture: these tests look at the real enqueue."""
    return


@pytest.fixture
def published(monkeypatch):
    """Record the messages the producer would publish (task name, arguments)."""
    sent = []

    def recorder(name):
        def apply_async(args=None, **options):
            sent.append((name, list(args or [])))

        return apply_async

    monkeypatch.setattr(tasks.notification_deliver_task, "apply_async", recorder("one"))
    monkeypatch.setattr(
        tasks.notification_deliver_batch_task, "apply_async", recorder("batch")
    )
    monkeypatch.setattr(tasks.digest_deliver_task, "apply_async", recorder("digest"))
    return sent


@pytest.fixture
def recipient(make_user, township):
    return make_user(
        "guide", township=township, username="li", email="li@example.invalid"
    )


def _old_rows(recipient, count):
    rows = NotificationFactory.create_batch(count, recipient=recipient)
    Notification.objects.filter(pk__in=[r.pk for r in rows]).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    return [r.pk for r in rows]


def test_a_thousand_rows_are_twenty_messages(published, settings):
    settings.NOTIFICATIONS_DELIVERY_BATCH = 50
    ids = list(range(1, 1001))
    # when
    queued = dispatch.enqueue_deliveries(ids)
    # then every id is in exactly one message of at most 50
    assert queued == 1000
    assert len(published) == 20
    assert {name for name, _args in published} == {"batch"}
    flat = [pk for _name, args in published for pk in args[0]]
    assert flat == ids


def test_a_single_row_goes_as_a_single_delivery(published):
    assert dispatch.enqueue_deliveries([7]) == 1
    assert published == [("one", [7])]


def test_a_broker_failure_leaves_the_rest_pending(monkeypatch, settings):
    settings.NOTIFICATIONS_DELIVERY_BATCH = 10
    calls = []

    def flaky(args=None, **options):
        if len(calls) == 2:
            raise ConnectionError("broker down")
        calls.append(args)

    monkeypatch.setattr(tasks.notification_deliver_batch_task, "apply_async", flaky)
    # when 45 rows are queued and the broker fails at the third message
    queued = dispatch.enqueue_deliveries(list(range(45)))
    # then two messages (20 rows) went out and the caller knows it
    assert queued == 20


def test_the_flush_drains_more_than_one_page(published, recipient, monkeypatch):
    # given more waiting rows than one page of the flush
    monkeypatch.setattr(tasks, "FLUSH_PAGE", 4)
    ids = _old_rows(recipient, 11)
    # when the flush runs once
    result = tasks.outbox_flush(grace_seconds=0)
    # then every row was queued exactly once
    flat = [
        pk
        for _name, args in published
        for pk in (args[0] if _name == "batch" else args)
    ]
    assert sorted(flat) == sorted(ids)
    assert result["waiting"] == result["queued"] == 11


def test_the_flush_stops_at_its_time_budget(published, recipient, monkeypatch):
    monkeypatch.setattr(tasks, "FLUSH_PAGE", 4)
    _old_rows(recipient, 11)
    # when there is no time left after the first page
    result = tasks.outbox_flush(grace_seconds=0, budget_seconds=-1)
    # then one page went and the rest waits for the next flush
    assert result["queued"] == 4


def test_a_batch_delivers_each_row_once_and_retries_a_failing_row_alone(
    published, recipient, mailbox, monkeypatch
):
    # given three rows, the second of which the mail server refuses
    ids = _old_rows(recipient, 3)
    from notifications import delivery

    real_send = delivery.send_email

    def send(notification, preference):
        if notification.pk == ids[1]:
            raise smtplib.SMTPServerDisconnected("gone")
        return real_send(notification, preference)

    monkeypatch.setattr(
        delivery,
        "CHANNELS",
        tuple(
            (field, send if field == "email_state" else channel)
            for field, channel in delivery.CHANNELS
        ),
    )
    # when the batch runs twice (a duplicated message)
    first = tasks.notification_deliver_batch_task(ids)
    second = tasks.notification_deliver_batch_task(ids)
    # then the good rows were delivered once and the bad one waits for its retry
    assert first == {"delivered": 2, "retry": 1}
    assert second == {"skipped": 3}
    statuses = dict(Notification.objects.values_list("pk", "status"))
    assert statuses[ids[0]] == statuses[ids[2]] == OutboxStatus.DELIVERED
    assert statuses[ids[1]] == OutboxStatus.PENDING
    assert len(mailbox) == 2
    assert ("one", [ids[1]]) in published
