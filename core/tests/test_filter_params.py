"""Every list page survives hostile filter values (issue 15 item 7).

For each page without URL arguments, the filter names it uses (fields of its GET
forms, query keys of its own links, and the common id filters) are tried with an
id no column can hold, a negative id, a word and a float. No answer may be a
server error; an out-of-range id answers 400 with the Chinese message.
"""

import re
from html import unescape
from urllib.parse import parse_qsl, urlparse

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from core.roles import Role

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = ("admin/", "accounts/", "i18n/", "healthz", "static/")
HUGE = "99999999999999999999999"
VALUES = (HUGE, "-1", "abc", "1.5", "9223372036854775807")
ALWAYS = ("village", "township", "round")
GET_FORM = re.compile(r"<form\b(?:(?!>).)*>(.*?)</form>", re.S | re.I)
NAME = re.compile(r'\bname="([A-Za-z_][\w-]*)"')
HREF = re.compile(r'href="([^"]+)"')


def _plain_urls(resolver=None, prefix=""):
    """Yield the paths of URL patterns that take no arguments."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            if "<" in route or "(?P" in route:
                continue
            yield from _plain_urls(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            path = prefix + route
            if "<" in path or "(?P" in path or path.startswith(SKIP_PREFIXES):
                continue
            yield "/" + path.lstrip("^").rstrip("$")


def _filter_names(path: str, body: str) -> set[str]:
    names = set(ALWAYS)
    for form in re.finditer(r"<form\b[^>]*>", body, re.I):
        tag = form.group(0).lower()
        if 'method="post"' in tag:
            continue
        end = body.find("</form>", form.end())
        names |= set(NAME.findall(body[form.end() : end]))
    for href in HREF.findall(body):
        parsed = urlparse(unescape(href))
        if parsed.path in ("", path) and parsed.query:
            names |= {key for key, _ in parse_qsl(parsed.query)}
    names -= {"csrfmiddlewaretoken", "next", "export", "format", "print"}
    return names


@pytest.fixture
def data(users, villages):
    from stages.tests.factories import ElectionRoundFactory

    ElectionRoundFactory(township=villages[0].township)
    return users


def test_no_list_page_fails_on_hostile_filter_values(data):
    client = Client(raise_request_exception=False)
    client.force_login(data[Role.OFFICE])
    failures, tried, refused = [], 0, 0
    for path in sorted(set(_plain_urls())):
        page = client.get(path)
        if page.status_code != 200 or not page.get("Content-Type", "").startswith(
            "text/html"
        ):
            continue
        body = page.content.decode()
        for name in sorted(_filter_names(path, body)):
            for value in VALUES:
                response = client.get(path, {name: value})
                tried += 1
                if response.status_code >= 500:
                    failures.append((path, name, value, response.status_code))
                if value == HUGE and name in ALWAYS:
                    refused += 1
                    if response.status_code != 400 or "筛选条件" not in (
                        response.content.decode()
                    ):
                        failures.append((path, name, value, response.status_code))
    assert not failures
    assert tried > 100
    assert refused > 10
