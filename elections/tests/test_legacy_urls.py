"""The election pages' addresses from before the split still work (bookmarks, QR codes)."""

import pytest
from django.urls import reverse

from core.roles import Role

OLD_TO_NEW = [
    ("/candidates/meetings/", "/elections/meetings/"),
    ("/candidates/villages/7/meetings/new/", "/elections/villages/7/meetings/new/"),
    ("/candidates/meetings/3/", "/elections/meetings/3/"),
    ("/candidates/meetings/3/edit/", "/elections/meetings/3/edit/"),
    ("/candidates/meetings/3/confirm/", "/elections/meetings/3/confirm/"),
    ("/candidates/elections/", "/elections/"),
    ("/candidates/elections/new/", "/elections/new/"),
    (
        "/candidates/villages/7/elections/party_committee/new/",
        "/elections/villages/7/election/party_committee/new/",
    ),
    ("/candidates/elections/5/", "/elections/5/"),
    ("/candidates/elections/5/edit/", "/elections/5/edit/"),
    ("/candidates/elections/5/count/", "/elections/5/count/"),
    ("/candidates/elections/5/apply/", "/elections/5/apply/"),
    ("/candidates/elections/5/follow/runoff/", "/elections/5/follow/runoff/"),
    ("/candidates/elections/5/reduce/", "/elections/5/reduce/"),
    ("/candidates/elections/5/delete/", "/elections/5/delete/"),
    ("/candidates/elections/5/void/", "/elections/5/void/"),
    ("/candidates/structure/", "/elections/structure/"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("old", "new"), OLD_TO_NEW)
def test_old_address_redirects_permanently_to_the_new_one(old, new, users, client_for):
    client = client_for(users[Role.OFFICE])
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


@pytest.mark.django_db
def test_redirect_keeps_the_query_string(users, client_for):
    client = client_for(users[Role.OFFICE])
    response = client.get("/candidates/structure/?village=3&export=xlsx")
    assert response.status_code == 301
    assert response["Location"] == "/elections/structure/?village=3&export=xlsx"


@pytest.mark.django_db
def test_old_structure_address_ends_on_the_structure_page(users, client_for):
    # given a bookmark of the old structure page
    client = client_for(users[Role.OFFICE])
    # when it is followed
    response = client.get("/candidates/structure/", follow=True)
    # then the page answers from its new address
    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("elections:structure"), 301)]


@pytest.mark.django_db
def test_vetting_addresses_stay_under_candidates(users, client_for):
    client = client_for(users[Role.OFFICE])
    response = client.get(reverse("candidates:nomination_list"))
    assert response.status_code == 200
    assert reverse("candidates:nomination_list").startswith("/candidates/")
