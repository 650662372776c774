"""Crawl the demo township as every role: no page fails, nothing leaks across scope.

Each role starts at the home page and follows same-site links (GET only) breadth
first. Every page must answer 200/302/403/404 — never 500 — and a guidance-group
member must never see the name of a village outside their guidance group, on
any page they can reach.
"""

import io
import re
from collections import deque
from urllib.parse import urldefrag, urlparse

import pytest
from django.core.management import call_command
from django.test import Client

from core.models import User
from core.roles import Role
from villages.models import Village

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="([^"#][^"]*)"')
SKIP = ("/accounts/logout", "/admin/", "/static/", "/i18n/", "javascript:", "mailto:")
MAX_PAGES = 120


def _crawl(client: Client, start: str = "/") -> dict[str, tuple[int, str]]:
    seen: dict[str, tuple[int, str]] = {}
    queue = deque([start])
    while queue and len(seen) < MAX_PAGES:
        url = urldefrag(queue.popleft())[0]
        if url in seen or any(part in url for part in SKIP):
            continue
        response = client.get(url)
        body = ""
        if response.get("Content-Type", "").startswith("text/html"):
            body = response.content.decode()
            for href in LINK.findall(body):
                href = href.replace("&amp;", "&")
                parsed = urlparse(href)
                if parsed.scheme or parsed.netloc:
                    continue
                if not href.startswith("/"):
                    href = urlparse(url).path + href
                if "export=" in href or href.endswith(".ics"):
                    continue
                queue.append(href)
        seen[url] = (response.status_code, body)
    return seen


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False


def test_every_role_crawls_without_server_error_and_guide_sees_no_other_village(demo):
    """One demo township serves every role (seeding it once keeps the test fast)."""
    crawled = {}
    for role in Role:
        # given
        client = Client()
        client.force_login(User.objects.get(username=role.value))
        # when
        crawled[role.value] = _crawl(client)
    # then: no server error anywhere, and every role reached more than its home page
    failures = {
        (role, url): status
        for role, pages in crawled.items()
        for url, (status, _) in pages.items()
        if status >= 500
    }
    assert not failures
    assert all(len(pages) > 1 for pages in crawled.values())
    # then: a guidance-group member never sees the name of a village outside scope
    guide = User.objects.get(username="guide")
    mine = set(Village.objects.visible_to(guide).values_list("name", flat=True))
    others = set(Village.objects.exclude(name__in=mine).values_list("name", flat=True))
    assert mine
    assert others
    leaks = {
        url: sorted(name for name in others if name in body)
        for url, (_, body) in crawled["guide"].items()
        if any(name in body for name in others)
    }
    assert not leaks


def test_every_admin_add_and_change_page_opens_for_office_and_superuser(demo):
    """Open the add page and one change page of every registered admin model."""
    from django.contrib import admin
    from django.urls import reverse

    # given: the office (staff, scoped) and a superuser
    superuser = User.objects.create_superuser("root-crawl", "", "pw-test-123")
    office = User.objects.get(username="office")
    assert office.is_staff
    pages = []
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages.append(reverse(f"{name}_add"))
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            pages.append(reverse(f"{name}_change", args=[obj.pk]))
    assert len(pages) > len(admin.site._registry)
    failures = {}
    for user in (office, superuser):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for url in pages:
            # when
            status = client.get(url).status_code
            # then: allowed, refused or absent, but never a server error
            if status >= 500 or status not in (200, 302, 403, 404):
                failures[(user.username, url)] = status
    assert not failures
