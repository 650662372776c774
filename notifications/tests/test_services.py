"""The outbox write: notify() and the scan's bulk notify_many()."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from notifications import services
from notifications.models import Notification
from notifications.registry import Reminder
from notifications.selectors import unread_count

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 11, 30)


def test_notify_writes_a_pending_row_and_queues_it_after_commit(
    users, village, queued, django_capture_on_commit_callbacks
):
    # given
    guide = users["guide"]
    # when
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notify(
            recipient=guide,
            kind="stages.task_due_today",
            subject=village,
            day=DAY,
            title="立仓社区：任务今天到期",
            body="请今天完成。",
            url="/villages/1/",
        )
    # then
    assert notification.status == "pending"
    assert notification.subject == village
    assert queued["deliveries"] == [notification.pk]


def test_notify_twice_for_the_same_key_writes_once(users, village, queued):
    # given
    kwargs = {
        "recipient": users["guide"],
        "kind": "stages.task_overdue",
        "subject": village,
        "day": DAY,
        "title": "逾期",
    }
    # when
    first = services.notify(**kwargs)
    second = services.notify(**{**kwargs, "title": "逾期（再次）"})
    # then
    assert first is not None
    assert second is None
    assert Notification.objects.count() == 1


def test_notify_same_subject_another_day_is_a_new_reminder(users, village):
    # given
    kwargs = {
        "recipient": users["guide"],
        "kind": "stages.task_overdue",
        "subject": village,
        "title": "逾期",
    }
    # when
    services.notify(day=DAY, **kwargs)
    services.notify(day=DAY + datetime.timedelta(days=1), **kwargs)
    # then
    assert Notification.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"kind": "Overdue!"}, "kind", "提醒类别“Overdue!”无效"),
        ({"title": "  "}, "title", "提醒缺少标题"),
    ],
)
def test_notify_refuses_bad_input_and_writes_nothing(
    users, village, change, field, message
):
    # given
    kwargs = {
        "recipient": users["guide"],
        "kind": "stages.task_overdue",
        "subject": village,
        "day": DAY,
        "title": "逾期",
        **change,
    }
    # when
    with pytest.raises(ValidationError) as error:
        services.notify(**kwargs)
    # then
    assert message in " ".join(error.value.message_dict[field])
    assert not Notification.objects.exists()


def test_notify_refuses_an_inactive_recipient(users, village):
    # given
    guide = users["guide"]
    guide.is_active = False
    guide.save()
    # when
    with pytest.raises(ValidationError) as error:
        services.notify(
            recipient=guide,
            kind="stages.task_overdue",
            subject=village,
            day=DAY,
            title="逾期",
        )
    # then
    assert error.value.message_dict["recipient"] == [str(services.MSG_NO_RECIPIENT)]
    assert not Notification.objects.exists()


def test_notify_many_writes_new_rows_in_one_statement_and_skips_existing(
    users, villages, django_assert_num_queries
):
    # given one reminder already in the outbox
    guide = users["guide"]
    services.notify(
        recipient=guide,
        kind="stages.task_overdue",
        subject=villages[0],
        day=DAY,
        title="已有",
    )
    reminders = [
        Reminder(
            recipient=guide,
            subject=v,
            kind="stages.task_overdue",
            day=DAY,
            title=f"{v}逾期",
        )
        for v in villages
    ]
    # when (one INSERT … ON CONFLICT DO NOTHING RETURNING, inside a savepoint pair)
    with django_assert_num_queries(3):
        created = services.notify_many(reminders + reminders)
    # then
    assert len(created) == len(villages) - 1
    assert Notification.objects.count() == len(villages)
    row = Notification.objects.get(pk=created[0])
    assert row.day == DAY
    assert row.status == "pending"
    assert row.created_at is not None


def test_unread_count_counts_only_delivered_unread_rows_of_the_user(users, village):
    # given
    from notifications.tests.factories import (
        DeliveredNotificationFactory,
        NotificationFactory,
    )

    DeliveredNotificationFactory.create_batch(2, recipient=users["guide"])
    DeliveredNotificationFactory(
        recipient=users["guide"],
        read_at=datetime.datetime(2021, 11, 30, tzinfo=datetime.UTC),
    )
    NotificationFactory(recipient=users["guide"])  # still in the outbox
    DeliveredNotificationFactory(recipient=users["office"])
    # when / then
    assert unread_count(user=users["guide"]) == 2
