"""Issue 15: lockout keyed on the real client, password-change throttle, headers,
/healthz details, out-of-range filter ids, control characters in one-line fields."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from core.roles import Role
from core.security import bad_id_parameter, client_ip

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.66"
USER_PC = "198.51.100.23"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


# --- item 5: the client address and the login lockout ------------------------------


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "1.2.3.4", PROXY),  # no trusted proxy: the header is the client's word
        (1, f"{ATTACKER}", ATTACKER),
        (1, f"6.6.6.6, {ATTACKER}", ATTACKER),  # the left entry was forged
        (2, f"{USER_PC}, 10.0.0.9", USER_PC),
        (2, "10.0.0.9", PROXY),  # did not pass both proxies
        (1, "not-an-ip", PROXY),
        (1, "[2001:db8::7]:443", "2001:db8::7"),
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(
    settings, count, forwarded, expected
):
    # given TRUSTED_PROXY_COUNT proxies in front of the application
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded
    )
    # when / then
    assert client_ip(request) == expected


def _login(client, password, ip):
    return client.post(
        reverse("login"),
        {"username": "office", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=ip,
    )


def test_failures_from_an_attacker_do_not_lock_out_the_user_elsewhere(
    settings, client, users
):
    # given one reverse proxy in front of the application
    settings.TRUSTED_PROXY_COUNT = 1
    # when an attacker fails the office's password five times from their machine
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "wrong", ATTACKER)
    # then the attacker is locked out even with the right password
    locked = _login(client, "pw-test-123", ATTACKER)
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    # and the office, from their own PC behind the same proxy, still signs in
    from django.test import Client

    response = _login(Client(), "pw-test-123", USER_PC)
    assert response.status_code == 302
    assert response.wsgi_request.user.username == "office"


# --- item 5: the password-change form ----------------------------------------------


def _change(client, old):
    return client.post(
        reverse("password_change"),
        {
            "old_password": old,
            "new_password1": "Xin-mima-2026!",
            "new_password2": "Xin-mima-2026!",
        },
    )


def test_password_change_refuses_after_repeated_wrong_current_passwords(
    settings, client_for, users
):
    # given a signed-in session guessing the current password
    settings.PASSWORD_CHANGE_FAILURE_LIMIT = 3
    user = users[Role.GUIDE]
    client = client_for(user)
    for _ in range(2):
        assert _change(client, "guess").status_code == 200
    # when the third guess fails
    third = _change(client, "guess")
    # then the form refuses with a Chinese message
    assert third.status_code == 429
    assert "原密码输错次数过多" in third.content.decode()
    # and even the right password is not checked until the pause ends
    right = _change(client, "pw-test-123")
    assert right.status_code == 429
    user.refresh_from_db()
    assert user.check_password("pw-test-123")


def test_password_change_with_the_right_password_still_works(client_for, users):
    client = client_for(users[Role.GUIDE])
    _change(client, "guess")
    response = _change(client, "pw-test-123")
    assert response.status_code == 302
    users[Role.GUIDE].refresh_from_db()
    assert users[Role.GUIDE].check_password("Xin-mima-2026!")


# --- item 9: headers and /healthz ---------------------------------------------------


def test_pages_carry_a_content_security_policy_without_inline_script(client_for, users):
    response = client_for(users[Role.OFFICE]).get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";")[0]
    body = response.content.decode()
    assert "onchange=" not in body
    assert "<script>" not in body


def test_signed_in_pages_and_exports_are_not_stored(client_for, users, villages):
    client = client_for(users[Role.OFFICE])
    for url in (
        reverse("home"),
        reverse("villages:village_list"),
        reverse("villages:village_list") + "?export=xlsx",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_anonymous_pages_get_the_policy_too(client):
    response = client.get(reverse("login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_healthz_gives_the_load_balancer_the_status_only(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_details_for_staff_and_for_the_token(
    client, client_for, users, settings
):
    # staff see the details; a signed-in non-staff user does not
    assert "checks" not in client_for(users[Role.GUIDE]).get(reverse("healthz")).json()
    users[Role.OFFICE].is_staff = True
    users[Role.OFFICE].save()
    body = client_for(users[Role.OFFICE]).get(reverse("healthz")).json()
    assert body["checks"]["database"]["ok"] is True
    # a wrong token, then the configured one (header and query)
    settings.HEALTHZ_TOKEN = "s3cret-probe"
    assert "checks" not in client.get(reverse("healthz") + "?token=nope").json()
    by_header = client.get(reverse("healthz"), HTTP_X_HEALTHZ_TOKEN="s3cret-probe")
    assert "checks" in by_header.json()
    assert "checks" in client.get(reverse("healthz") + "?token=s3cret-probe").json()


def test_healthz_without_a_configured_token_never_shows_details(client, settings):
    settings.HEALTHZ_TOKEN = ""
    response = client.get(reverse("healthz") + "?token=", HTTP_X_HEALTHZ_TOKEN="")
    assert "checks" not in response.json()


# --- item 7: ids out of range in filters ---------------------------------------------


@pytest.mark.parametrize(
    ("query", "bad"),
    [
        ("village=99999999999999999999999", True),
        ("village=9223372036854775808", True),
        ("village=9223372036854775807", False),
        ("village=-1", True),
        ("round=+99999999999999999999", True),
        ("village=township", False),
        ("village=abc", False),
        ("village=12", False),
        ("village_id=99999999999999999999999", True),
        ("q=99999999999999999999999", False),  # a search, not an id
        ("page=99999999999999999999999", False),
    ],
)
def test_bad_id_parameter(query, bad):
    from django.http import QueryDict

    assert (bad_id_parameter(QueryDict(query)) is not None) is bad


def test_out_of_range_village_filter_answers_400_with_a_chinese_message(
    client_for, users, villages
):
    response = client_for(users[Role.OFFICE]).get(
        reverse("villages:village_list") + "?village=99999999999999999999999&q=王"
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "筛选条件" in body
    assert "?q=%E7%8E%8B" in body  # the link back keeps the other filters


# --- item 8: control characters in one-line fields -----------------------------------


def test_control_characters_are_stripped_from_a_village_name(village):
    # when a name with CR, LF and NUL is saved (admin, import, service: all save())
    village.name = "王楼\r\n村\x00"
    village.save()
    village.refresh_from_db()
    # then the stored name is one clean line
    assert village.name == "王楼 村"


def test_text_fields_keep_their_line_breaks(villages):
    from villages.models import VillageFile

    file = VillageFile.objects.get(village=villages[0])
    text_fields = [
        f.name
        for f in VillageFile._meta.concrete_fields
        if f.get_internal_type() == "TextField"
    ]
    assert text_fields
    setattr(file, text_fields[0], "第一行\r\n第二行")
    file.save()
    file.refresh_from_db()
    assert getattr(file, text_fields[0]) == "第一行\r\n第二行"


def test_reminder_email_subject_is_one_plain_line(users, village):
    # given a reminder whose title holds a CR (a row written before the cleaning)
    # and characters HTML would escape
    from notifications import delivery
    from notifications.models import Notification
    from notifications.tests.factories import (
        NotificationFactory,
        NotificationPreferenceFactory,
    )

    preference = NotificationPreferenceFactory(
        user=users[Role.OFFICE], email_enabled=True, mode="immediate"
    )
    notification = NotificationFactory(recipient=users[Role.OFFICE])
    Notification.objects.filter(pk=notification.pk).update(
        title='王楼村\r"两委"<换届> & 公示'
    )
    notification.refresh_from_db()
    # when the email is sent
    delivery.send_email(notification, preference)
    # then the subject is one line without entities
    assert len(mail.outbox) == 1
    subject = mail.outbox[0].subject
    assert "\r" not in subject
    assert "\n" not in subject
    for entity in ("&quot;", "&lt;", "&gt;", "&amp;"):
        assert entity not in subject
    assert '"两委"<换届> & 公示' in subject


def test_ics_lines_never_carry_a_bare_cr():
    from stages.ical import _escape

    assert _escape("王楼村\r李庙村\x00") == "王楼村\\n李庙村"
    assert _escape("a\r\nb,c;d") == "a\\nb\\,c\\;d"
