"""Person pickers: searchable by name, pinyin and initials; never a full ID number."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from candidates.models import Nomination
from villages.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_nomination_picker_masks_ids_and_carries_search_keys(vetting, client_for):
    # given: a roster with 陈立新 among others
    village = vetting.villages[0]
    person = PersonFactory(village=village, name="陈立新")
    for number in range(30):
        PersonFactory(village=village, name=f"村民{number}")
    # when: the office opens the nomination form
    page = client_for(vetting.office).get(
        reverse("candidates:nomination_create", args=[village.pk])
    )
    content = page.content.decode()
    # then: no full ID number anywhere in the picker; the masked one and search keys
    assert person.id_number not in content
    assert person.id_number[:4] + "**********" + person.id_number[-4:] in content
    option = re.search(rf'<option value="{person.pk}"[^>]*>', content).group(0)
    assert 'data-pinyin="chenlixin"' in option
    assert 'data-initials="clx"' in option
    assert "data-person-picker" in content
    assert "js/person-picker.js" in content


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("typed", ["陈立", "chenli", "clx"])
def test_office_finds_a_person_by_name_pinyin_or_initials(vetting, login_page, typed):
    # given: 90 people on the roster
    village = vetting.villages[0]
    person = PersonFactory(village=village, name="陈立新")
    for number in range(89):
        PersonFactory(village=village, name=f"王{number}")
    page = login_page("office")
    page.goto(
        page.base_url + reverse("candidates:nomination_create", args=[village.pk])
    )
    # when: they type in the picker and choose the one match
    page.locator(".ts-control").first.click()
    page.keyboard.type(typed)
    options = page.locator(".ts-dropdown .option")
    expect(options).to_have_count(1)
    assert "陈立新" in options.first.inner_text()
    assert person.id_number not in options.first.inner_text()
    options.first.click()
    page.select_option("select[name=body]", "villagers_committee")
    page.select_option("select[name=post]", "director")
    page.select_option("select[name=route]", "villagers")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#nomination-status")
    # then
    assert Nomination.objects.get().person == person
