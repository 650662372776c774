"""A joint-review department reads no discipline record (SPEC §1: only what is sent to it)."""

import pytest
from django.urls import reverse

from core.roles import Role
from discipline.models import (
    CommitmentLetter,
    EducationEvent,
    MaterialDistribution,
    PublicityEntry,
    PublicOpinion,
)

from .factories import (
    EducationEventFactory,
    LetterFactory,
    MaterialFactory,
    OpinionFactory,
    PublicityFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def township_records(township, villages):
    """Township-level records (no village) and village records of each kind."""
    return {
        "event": EducationEventFactory(township=township, title="党工委集中学习"),
        "letter": LetterFactory(
            township=township,
            village=None,
            signer_name="王立新",
            signer_unit="镇党政办",
        ),
        "material": MaterialFactory(township=township, village=None),
        "publicity": PublicityFactory(township=township, village=None),
        "opinion": OpinionFactory(township=township, village=None),
        "village_opinion": OpinionFactory(township=township, village=villages[0]),
    }


DETAIL_URLS = {
    "event": "discipline:event_detail",
    "letter": "discipline:letter_detail",
    "material": "discipline:material_edit",
    "publicity": "discipline:publicity_edit",
    "opinion": "discipline:opinion_detail",
    "village_opinion": "discipline:opinion_detail",
}


@pytest.mark.parametrize(
    "model",
    [
        EducationEvent,
        CommitmentLetter,
        MaterialDistribution,
        PublicityEntry,
        PublicOpinion,
    ],
)
def test_reviewer_queryset_holds_no_discipline_record(users, township_records, model):
    # given township-level and village records of the reviewer's own township
    # when the reviewer's queryset is asked
    # then it is empty, while the office sees the records
    assert not model.objects.visible_to(users[Role.REVIEWER]).exists()
    assert model.objects.visible_to(users[Role.OFFICE]).exists()


@pytest.mark.parametrize("key", list(DETAIL_URLS))
def test_reviewer_gets_404_on_discipline_record_pages(
    users, township_records, client_for, key
):
    # given a record of the reviewer's township
    url = reverse(DETAIL_URLS[key], args=[township_records[key].pk])
    # when the reviewer opens its page
    response = client_for(users[Role.REVIEWER]).get(url)
    # then it answers 404 (out of scope), while the leader reads it
    assert response.status_code == 404
    assert client_for(users[Role.LEADER]).get(url).status_code == 200


def test_reviewer_lists_show_no_signer_of_a_township_letter(
    users, township_records, client_for
):
    # given a township-level letter naming a staff member and their unit
    client = client_for(users[Role.REVIEWER])
    # when the reviewer opens the letter and opinion lists
    for name in ("discipline:letter_list", "discipline:opinion_list"):
        response = client.get(reverse(name))
        # then neither the signer nor the unit appears (or the page is refused)
        assert response.status_code in (200, 403)
        assert "王立新" not in response.content.decode()
        assert "镇党政办" not in response.content.decode()


def test_guide_still_reads_township_level_event(users, township_records):
    # given a township-level event
    # when the guide (limited to two villages) asks
    # then the township-level event is visible, as before
    assert (
        EducationEvent.objects.visible_to(users[Role.GUIDE])
        .filter(pk=township_records["event"].pk)
        .exists()
    )
