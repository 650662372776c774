"""Stale actions on nominations are refused, double nominations are one (issue 16)."""

import re

import pytest
from django.urls import reverse

from candidates.choices import NominationStatus
from candidates.models import Nomination
from core.tests.stale import loaded_version
from villages.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_second_disqualification_from_a_stale_form_is_refused(vetting, client_for):
    # given the office and the leader open the disqualification form of a nominee
    nomination = vetting.nominate()
    url = reverse("candidates:nomination_disqualify", args=[nomination.pk])
    office, leader = client_for(vetting.office), client_for(vetting.leader)
    v1, v2 = loaded_version(office.get(url)), loaded_version(leader.get(url))
    assert v1 == v2 != ""
    # when both save a different reason, the office first
    first = office.post(url, {"reason": "经查有违法记录", "_version": v1})
    second = leader.post(url, {"reason": "不宜提名", "_version": v2})
    # then the leader is refused in Chinese with the office's reason shown
    assert first.status_code == 302
    assert second.status_code == 200
    page = second.content.decode()
    assert "未保存" in page
    assert vetting.office.display_name in page
    assert "当前保存的值：经查有违法记录" in page
    assert "不宜提名" in page  # the leader's input is kept
    # and the office's reason is intact
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DISQUALIFIED
    assert nomination.disqualified_reason == "经查有违法记录"


def test_a_decision_on_a_nomination_that_changed_since_the_page_is_refused(
    vetting, client_for
):
    nomination = vetting.nominate()
    vetting.send(nomination)
    vetting.answer(nomination, "gongan")
    vetting.answer(nomination, "fayuan")
    vetting.answer(nomination, "zuzhi", issues={7: "不合格党员"})
    leader = client_for(vetting.leader)
    page = leader.get(nomination.get_absolute_url()).content.decode()
    form = page[page.index('id="decision-form"') :]
    version = re.search(r'name="_version" value="(\d+)"', form).group(1)
    # when the office disqualifies the nominee meanwhile
    client_for(vetting.office).post(
        reverse("candidates:nomination_disqualify", args=[nomination.pk]),
        {"reason": "另有问题"},
    )
    # then the leader's decision from the old page is not recorded
    response = leader.post(
        reverse("candidates:review_decide", args=[nomination.pk]),
        {"decision": "proceed", "reason": "已整改", "_version": version},
        follow=True,
    )
    assert "未保存" in response.content.decode()
    assert not nomination.review_decisions.exists()


def test_the_same_nomination_posted_twice_is_one_nomination(vetting, client_for):
    village = vetting.villages[0]
    person = PersonFactory(village=village, name="钱七")
    url = reverse("candidates:nomination_create", args=[village.pk])
    data = {
        "person": person.pk,
        "body": "villagers_committee",
        "post": "director",
        "route": "villagers",
    }
    client = client_for(vetting.office)
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == 302
    assert second.status_code == 200
    assert "钱七已被提名为本轮村民委员会人选" in second.content.decode()
    assert Nomination.objects.filter(person=person).count() == 1
