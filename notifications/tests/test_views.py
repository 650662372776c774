"""Inbox, mark read, preferences and the system status page: scoping and budgets."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications import health
from notifications.models import Notification, NotificationPreference
from notifications.tests.factories import (
    DeliveredNotificationFactory,
    NotificationFactory,
)

pytestmark = pytest.mark.django_db


def test_inbox_lists_only_my_delivered_notifications(users, client_for):
    # given
    mine = DeliveredNotificationFactory(
        recipient=users["guide"], title="王楼村：任务明天到期"
    )
    DeliveredNotificationFactory(recipient=users["office"], title="别人的提醒")
    NotificationFactory(recipient=users["guide"], title="还在发件箱")
    # when
    response = client_for(users["guide"]).get(reverse("notifications:inbox"))
    # then
    assert response.status_code == 200
    assert list(response.context["notifications"]) == [mine]
    assert "别人的提醒" not in response.content.decode()
    assert response.context["unread_notifications"] == 1


def test_inbox_is_paginated_with_a_fixed_number_of_queries(
    users, client_for, django_assert_max_num_queries
):
    # given
    DeliveredNotificationFactory.create_batch(60, recipient=users["guide"])
    client = client_for(users["guide"])
    # when
    with django_assert_max_num_queries(12):
        response = client.get(reverse("notifications:inbox"), {"page": 2})
    # then
    assert len(response.context["notifications"]) == 25
    assert response.context["page_obj"].number == 2


def test_inbox_filters_unread_and_searches_titles(users, client_for):
    # given
    read = DeliveredNotificationFactory(
        recipient=users["guide"], title="已读的提醒", read_at=timezone.now()
    )
    unread = DeliveredNotificationFactory(recipient=users["guide"], title="王楼村逾期")
    client = client_for(users["guide"])
    # when
    only_unread = client.get(reverse("notifications:inbox"), {"unread": "1"})
    searched = client.get(reverse("notifications:inbox"), {"q": "已读"})
    # then
    assert list(only_unread.context["notifications"]) == [unread]
    assert list(searched.context["notifications"]) == [read]


def test_opening_a_notification_marks_it_read_and_goes_to_its_subject(
    users, client_for
):
    # given
    row = DeliveredNotificationFactory(recipient=users["guide"], url="/villages/")
    # when
    response = client_for(users["guide"]).get(row.get_absolute_url())
    # then
    row.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == "/villages/"
    assert row.read_at is not None


def test_opening_never_redirects_off_site(users, client_for):
    # given a link to another host
    row = DeliveredNotificationFactory(
        recipient=users["guide"], url="https://evil.example/"
    )
    # when
    response = client_for(users["guide"]).get(row.get_absolute_url())
    # then
    assert response["Location"] == reverse("notifications:inbox")


@pytest.mark.parametrize("role", ["office", "leader", "inspector", "county"])
def test_somebody_elses_notification_answers_404(users, client_for, role):
    # given the guide's notification
    row = DeliveredNotificationFactory(recipient=users["guide"])
    client = client_for(users[role])
    # when
    opened = client.get(row.get_absolute_url())
    marked = client.post(reverse("notifications:mark_read", args=[row.pk]))
    # then
    assert opened.status_code == 404
    assert marked.status_code == 404
    row.refresh_from_db()
    assert row.read_at is None


def test_another_townships_user_gets_404_for_my_notification(
    users, client_for, make_user, other_township
):
    # given
    row = DeliveredNotificationFactory(recipient=users["office"])
    outsider = make_user("office", township=other_township, username="outsider-office")
    # when
    response = client_for(outsider).get(row.get_absolute_url())
    # then
    assert response.status_code == 404


def test_mark_read_and_mark_all_read(users, client_for):
    # given
    rows = DeliveredNotificationFactory.create_batch(3, recipient=users["guide"])
    client = client_for(users["guide"])
    # when one is marked, then all
    one = client.post(
        reverse("notifications:mark_read", args=[rows[0].pk]), follow=True
    )
    rest = client.post(reverse("notifications:mark_all_read"), follow=True)
    # then
    assert "已读" in one.content.decode()
    assert "已将 2 条通知标为已读。" in rest.content.decode()
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_mark_read_refuses_get(users, client_for):
    # given
    row = DeliveredNotificationFactory(recipient=users["guide"])
    # when
    response = client_for(users["guide"]).get(
        reverse("notifications:mark_read", args=[row.pk])
    )
    # then
    assert response.status_code == 405


def test_preferences_are_saved(users, client_for):
    # given
    client = client_for(users["guide"])
    # when
    response = client.post(
        reverse("notifications:preferences"),
        {"email_enabled": "on", "mode": "digest", "digest_hour": "18"},
        follow=True,
    )
    # then
    preference = NotificationPreference.objects.get(user=users["guide"])
    assert (
        preference.email_enabled,
        preference.sms_enabled,
        preference.mode,
        preference.digest_hour,
    ) == (True, False, "digest", 18)
    assert "您的提醒设置已保存。" in response.content.decode()


def test_bad_preferences_are_refused_and_nothing_is_saved(users, client_for):
    # given
    client = client_for(users["guide"])
    # when
    response = client.post(
        reverse("notifications:preferences"), {"mode": "hourly", "digest_hour": "25"}
    )
    # then
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not NotificationPreference.objects.exists()


def test_preference_service_refuses_an_hour_out_of_range(users):
    # given
    from django.core.exceptions import ValidationError

    from notifications import services

    # when / then
    with pytest.raises(ValidationError) as error:
        services.preference_update(
            user=users["guide"],
            email_enabled=True,
            sms_enabled=True,
            mode="digest",
            digest_hour=24,
        )
    assert error.value.message_dict["digest_hour"] == [
        str(services.MSG_BAD_DIGEST_HOUR)
    ]
    assert not NotificationPreference.objects.exists()


# --- system status -----------------------------------------------------------------


def test_status_page_shows_scan_heartbeat_and_outbox_counts(
    users, client_for, django_assert_max_num_queries
):
    # given
    health.record(health.SCAN, created=7, seconds=0.4)
    health.record(health.HEARTBEAT, host="worker-1")
    NotificationFactory.create_batch(2, recipient=users["guide"])
    NotificationFactory(
        recipient=users["guide"], status="failed", last_error="SMTP 550"
    )
    client = client_for(users["office"])
    # when
    with django_assert_max_num_queries(14):
        response = client.get(reverse("notifications:health"))
    # then
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["health"].pending == 2
    assert response.context["health"].failed == 1
    assert "worker-1" in page
    assert "SMTP 550" in page
    assert "worker-silent" not in page


def test_status_page_warns_about_a_silent_worker(users, client_for, settings):
    # given
    from notifications.models import JobBeat

    JobBeat.objects.create(
        name="heartbeat", last_at=timezone.now() - datetime.timedelta(hours=1)
    )
    # when
    response = client_for(users["office"]).get(reverse("notifications:health"))
    # then
    assert "后台工作进程自" in response.content.decode()


def test_status_page_counts_only_the_office_township(
    users, client_for, make_user, other_township
):
    # given a failed reminder in another township
    outsider = make_user("guide", township=other_township, username="outsider-guide")
    NotificationFactory(recipient=outsider, status="failed")
    # when
    response = client_for(users["office"]).get(reverse("notifications:health"))
    # then
    assert response.context["health"].failed == 0
    assert list(response.context["failures"]) == []


@pytest.mark.parametrize(
    "role", ["guide", "leader", "inspector", "reviewer", "discipline", "county"]
)
def test_status_page_is_for_the_office_only(users, client_for, role):
    # when
    response = client_for(users[role]).get(reverse("notifications:health"))
    # then
    assert response.status_code == 403


def test_healthz_reports_the_reminder_machinery(client, db, settings):
    # given (details are for staff and monitoring holding HEALTHZ_TOKEN)
    settings.HEALTHZ_TOKEN = "monitoring-token"
    health.record(health.SCAN, created=1)
    health.record(health.HEARTBEAT, host="w")
    # when
    response = client.get("/healthz", HTTP_X_HEALTHZ_TOKEN="monitoring-token")
    # then
    reminders = response.json()["checks"]["reminders"]
    assert reminders["ok"] is True
    assert reminders["last_scan"] is not None
    assert reminders["worker_silent"] is False


def test_healthz_fails_when_a_worker_went_silent(db):
    # given
    from notifications.models import JobBeat

    JobBeat.objects.create(
        name="heartbeat", last_at=timezone.now() - datetime.timedelta(hours=2)
    )
    # when
    name, ok, details = health.reminders()
    # then
    assert (name, ok, details["worker_silent"]) == ("reminders", False, True)


def test_healthz_is_healthy_before_any_worker_ever_reported(db):
    # when
    _name, ok, details = health.reminders()
    # then
    assert ok is True
    assert details["last_heartbeat"] is None


def test_nav_bell_shows_the_unread_count(users, client_for):
    # given
    DeliveredNotificationFactory.create_batch(3, recipient=users["guide"])
    # when
    response = client_for(users["guide"]).get(reverse("notifications:inbox"))
    # then
    assert 'id="unread-badge">3<' in response.content.decode()


@pytest.mark.parametrize("model", ["notification", "notificationpreference", "digest"])
def test_admin_lists_only_the_staff_members_township(
    users, client_for, make_user, other_township, model
):
    # given an office clerk with admin access, and rows of both townships
    from django.contrib.auth.models import Permission

    from notifications.models import Digest

    office = users["office"]
    office.is_staff = True
    office.save()
    office.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="notifications")
    )
    outsider = make_user("guide", township=other_township, username="outsider-admin")
    for user in (users["guide"], outsider):
        DeliveredNotificationFactory(recipient=user, title=f"{user.username}的提醒")
        NotificationPreference.objects.create(user=user)
        Digest.objects.create(recipient=user, day=datetime.date(2021, 11, 15))
    # when
    response = client_for(office).get(
        reverse(f"admin:notifications_{model}_changelist")
    )
    # then
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
