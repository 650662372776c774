"""The site icon: linked from every page, served from the vendored static files."""

import struct

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_link_the_favicon_and_the_file_is_an_icon(users, client_for):
    # given any page of the site
    body = (
        client_for(users["office"]).get(reverse("stages:round_list")).content.decode()
    )
    # then it links the icon, and the icon is a real .ico with 16/32/48 px images
    assert 'rel="icon" href="/static/favicon.ico"' in body
    assert 'rel="apple-touch-icon"' in body
    path = finders.find("favicon.ico")
    assert path is not None
    with open(path, "rb") as handle:
        reserved, kind, count = struct.unpack("<HHH", handle.read(6))
    assert (reserved, kind) == (0, 1)
    assert count == 3
    assert finders.find("img/apple-touch-icon.png") is not None
