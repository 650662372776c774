"""Shared pytest fixtures: a township with villages, users by role, browsers.

Tests that need PostgreSQL, Redis or Chromium are marked; where the service is
missing they are skipped with a reason, unless ``HJT_STRICT=1`` (set by
``.ci/run``) turns those skips into failures so CI never skips silently.
"""

import os
import shutil
import socket

import pytest
from django.db import connection

from core.roles import Role
from core.tests.factories import UserFactory
from villages.choices import GroupKind, GroupPosition
from villages.tests.factories import (
    GroupMembershipFactory,
    TownshipFactory,
    VillageFactory,
    VillageFileFactory,
    WorkingGroupFactory,
)

STRICT = os.environ.get("HJT_STRICT") == "1"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _missing(reason: str):
    if STRICT:
        pytest.fail(f"HJT_STRICT=1 and {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        _missing("this test needs PostgreSQL: set DATABASE_URL=postgres://…")
    if item.get_closest_marker("redis") and not _port_open("127.0.0.1", 6379):
        _missing("this test needs Redis on 127.0.0.1:6379")
    if item.get_closest_marker("browser") and not shutil.which(CHROMIUM):
        _missing(f"this test needs Chromium at {CHROMIUM} (apt-get install chromium)")


# --- organisation ---------------------------------------------------------------


@pytest.fixture
def township(db):
    return TownshipFactory(code="341622108", name="立仓镇")


@pytest.fixture
def villages(township):
    """Four villages of the township, each with a village file."""
    result = [
        VillageFactory(township=township, code=f"{i:03d}", name=name)
        for i, name in enumerate(["立仓社区", "王楼村", "李庙村", "张湖村"], 1)
    ]
    for village in result:
        VillageFileFactory(village=village)
    return result


@pytest.fixture
def village(villages):
    return villages[0]


@pytest.fixture
def other_township(db):
    """A second township with one village, to prove nothing leaks across townships."""
    other = TownshipFactory(code="341622999", name="外镇")
    outsider = VillageFactory(township=other, code="001", name="外镇一村")
    VillageFileFactory(village=outsider)
    return other


@pytest.fixture
def other_village(other_township):
    return other_township.villages.get()


@pytest.fixture
def make_user(db):
    """Return a factory: ``make_user("guide", township=t, villages=[v])``."""

    def make(role, *, township=None, villages=(), username=None, **extra):
        user = UserFactory(
            username=username or f"{role}-{UserFactory._meta.model.objects.count()}",
            township=township,
            roles=[role],
            **extra,
        )
        if villages:
            group = WorkingGroupFactory(
                township=township,
                kind=GroupKind.GUIDANCE,
                name=f"{user.username}指导组",
            )
            group.villages.set(villages)
            GroupMembershipFactory(
                group=group, user=user, position=GroupPosition.LEADER
            )
        return user

    return make


@pytest.fixture
def users(township, villages, make_user):
    """One user per role in the township; the guide guides the first two villages."""
    return {
        Role.OFFICE: make_user(Role.OFFICE, township=township, username="office"),
        Role.LEADER: make_user(Role.LEADER, township=township, username="leader"),
        Role.GUIDE: make_user(
            Role.GUIDE, township=township, villages=villages[:2], username="guide"
        ),
        Role.INSPECTOR: make_user(
            Role.INSPECTOR, township=township, username="inspector"
        ),
        Role.REVIEWER: make_user(Role.REVIEWER, township=township, username="reviewer"),
        Role.DISCIPLINE: make_user(
            Role.DISCIPLINE, township=township, username="discipline"
        ),
        Role.COUNTY: make_user(
            Role.COUNTY, township=None, county=township.county, username="county"
        ),
    }


@pytest.fixture
def client_for(client):
    """Return a function that logs a user in on a fresh test client."""
    from django.test import Client

    def login(user):
        c = Client()
        c.force_login(user)
        return c

    return login


# --- browser ------------------------------------------------------------------------


@pytest.fixture
def browser_page(live_server, monkeypatch):
    """A Playwright page in Debian's Chromium, against the live test server."""
    if not shutil.which(CHROMIUM):
        _missing(f"this test needs Chromium at {CHROMIUM}")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # test makes meanwhile are synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            locale="zh-CN", viewport={"width": 1366, "height": 900}
        )
        page = context.new_page()
        page.set_default_timeout(15000)
        page.base_url = live_server.url
        yield page
        context.close()
        browser.close()


@pytest.fixture
def login_page(browser_page):
    """Return a function that logs a username in through the real login form."""

    def login(username, password="pw-test-123"):
        page = browser_page
        page.goto(page.base_url + "/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return login
