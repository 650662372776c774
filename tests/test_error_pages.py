"""Production error pages (DEBUG off): Chinese, in the site's layout, never a bare page."""

import pytest
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import include, path

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("deliberate failure")


def _forbidden(request):
    raise PermissionDenied


def _missing(request):
    raise Http404


def _bad(request):
    raise BadRequest("bad")


urlpatterns = [
    path("boom/", _boom),
    path("forbidden/", _forbidden),
    path("missing/", _missing),
    path("bad/", _bad),
    path("", include("election_admin.urls")),
]


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__


def _get(user, url, **extra):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="zh-hans")
    if user is not None:
        client.force_login(user)
    return client.get(url, **extra)


@pytest.mark.parametrize(
    ("url", "status", "heading"),
    [
        ("/boom/", 500, "系统出错了"),
        ("/forbidden/", 403, "无权操作"),
        ("/missing/", 404, "未找到"),
        ("/bad/", 400, "请求无效"),
        ("/no-such-page/", 404, "未找到"),
    ],
)
def test_error_pages_are_chinese_in_the_site_layout(
    production, users, url, status, heading
):
    # when
    response = _get(users["office"], url)
    content = response.content.decode()
    # then: the status, a Chinese heading, the site's stylesheet and brand
    assert response.status_code == status
    assert heading in content
    assert "css/app.css" in content
    assert "navbar-brand" in content
    assert "返回首页" in content or "首页" in content
    assert "Server Error" not in content
    assert "Traceback" not in content


def test_server_error_page_needs_no_context_processor(production, settings, users):
    """A context processor that itself fails must not turn the 500 page blank."""
    # given: a context processor that raises
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {
            **engine,
            "OPTIONS": {
                **engine["OPTIONS"],
                "context_processors": [
                    *engine["OPTIONS"]["context_processors"],
                    f"{__name__}._broken_processor",
                ],
            },
        }
    ]
    # when
    response = _get(users["office"], "/boom/")
    # then
    assert response.status_code == 500
    assert "系统出错了" in response.content.decode()


def _broken_processor(request):
    raise RuntimeError("context processor failed")


def test_csrf_failure_page_is_chinese_and_saves_nothing(production, users):
    # given: a client that enforces CSRF checks, posting without a token
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(users["office"])
    # when
    response = client.post("/accounts/password/", {"old_password": "x"})
    content = response.content.decode()
    # then
    assert response.status_code == 403
    assert "页面已过期" in content
    assert "没有保存任何内容" in content
    assert "CSRF verification failed" not in content
    assert "css/app.css" in content


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_error_pages_in_browser(production, users, login_page):
    # given
    page = login_page("office")
    # when / then: a missing page, a refused page and a server error
    for url, heading in (
        ("/no-such-page/", "未找到"),
        ("/forbidden/", "无权操作"),
        ("/boom/", "系统出错了"),
    ):
        response = page.goto(page.base_url + url)
        assert response.status >= 400
        assert heading in page.locator("h1").inner_text()
        assert page.locator(".navbar-brand").inner_text().strip() == "换届通"
