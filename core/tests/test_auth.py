"""Login, logout, password change, rate limiting, session expiry (SPEC §3.10)."""

import pytest
from django.conf import settings
from django.urls import reverse

from core.roles import Role

pytestmark = pytest.mark.django_db


def test_pages_require_login_and_redirect_to_the_chinese_login_page(client, villages):
    # when
    response = client.get(reverse("villages:village_list"))
    # then
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    page = client.get(response["Location"]).content.decode()
    assert "登录" in page
    assert "换届通" in page


def test_login_with_right_password_reaches_home(client, users):
    response = client.post(
        reverse("login"), {"username": "office", "password": "pw-test-123"}, follow=True
    )
    assert response.status_code == 200
    assert response.wsgi_request.user.username == "office"


def test_wrong_password_shows_chinese_error(client, users):
    response = client.post(
        reverse("login"), {"username": "office", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_five_failed_logins_lock_the_account_even_with_the_right_password(
    client, users
):
    # given
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "office", "password": "wrong"})
    # when
    response = client.post(
        reverse("login"), {"username": "office", "password": "pw-test-123"}
    )
    # then
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_logout_is_a_post_and_ends_the_session(client_for, users):
    client = client_for(users[Role.OFFICE])
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_change_page_is_in_chinese(client_for, users):
    response = client_for(users[Role.GUIDE]).get(reverse("password_change"))
    assert "修改密码" in response.content.decode()


def test_sessions_expire_after_a_working_day_and_at_browser_close():
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_english_can_be_selected(client_for, users):
    client = client_for(users[Role.OFFICE])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("villages:village_list"))
    assert 'lang="en"' in response.content.decode()
    assert "Villages and communities" in response.content.decode()
