"""A sign-off that disqualifies a candidate is confirmed first and tells office and leader."""

import pytest
from django.urls import reverse

from candidates.choices import NominationStatus
from notifications.delivery import deliver_notification
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def _with_block_finding(vetting, client):
    nomination = vetting.nominate(name="李四")
    vetting.send(nomination)
    item = vetting.item(nomination, "gongan")
    criterion = vetting.round_criterion(2)
    client.post(
        reverse("candidates:review_finding", args=[item.pk, criterion.pk]),
        {
            f"c{criterion.pk}-result": "issue",
            f"c{criterion.pk}-finding": "2016年因故意伤害罪被判处有期徒刑",
        },
    )
    client.post(reverse("candidates:review_rest_clear", args=[item.pk]))
    return nomination, item


def test_disqualifying_sign_off_asks_for_confirmation_and_changes_nothing(
    vetting, client_for, django_capture_on_commit_callbacks
):
    # given: a 公安 reviewer recorded a problem on “must not” item 2
    client = client_for(vetting.reviewers["gongan"])
    nomination, item = _with_block_finding(vetting, client)
    # when: they sign without confirming
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("candidates:review_sign", args=[item.pk]),
            {"conclusion": "存在十不选之二情形"},
        )
    # then: a confirmation page naming the consequence and who is told; nothing saved
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="confirm-disqualify"' in content
    assert "签署后将立即取消李四本轮的资格" in content
    assert "故意伤害罪" in content
    assert vetting.office.display_name in content
    assert vetting.leader.display_name in content
    nomination.refresh_from_db()
    item.refresh_from_db()
    assert nomination.status == NominationStatus.IN_REVIEW
    assert item.status == "pending"
    assert not Notification.objects.filter(
        kind="candidates.disqualified_by_review"
    ).exists()


def test_confirmed_sign_off_disqualifies_and_notifies_office_and_leader(
    vetting, client_for, django_capture_on_commit_callbacks
):
    # given
    client = client_for(vetting.reviewers["gongan"])
    nomination, item = _with_block_finding(vetting, client)
    # when: they confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("candidates:review_sign", args=[item.pk]),
            {"conclusion": "存在十不选之二情形", "confirm": "disqualify"},
            follow=True,
        )
    # then: disqualified, and the office and the leader each have one inbox item
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DISQUALIFIED
    assert "已通知组织办和领导组" in response.content.decode()
    notes = Notification.objects.filter(kind="candidates.disqualified_by_review")
    assert sorted(n.recipient_id for n in notes) == sorted(
        [vetting.office.pk, vetting.leader.pk]
    )
    note = notes.first()
    assert note.title == f"联审取消资格：李四（{nomination.village.name}）"
    assert "故意伤害罪" in note.body
    assert note.url == nomination.get_absolute_url()
    # the worker delivers them to the inbox
    for n in notes:
        deliver_notification(notification_id=n.pk)
    inbox = client_for(vetting.leader).get(reverse("notifications:inbox"))
    assert "联审取消资格：李四" in inbox.content.decode()


def test_sign_off_without_block_finding_needs_no_confirmation(vetting, client_for):
    # given: every item answered “no problem”
    nomination = vetting.nominate(name="王五")
    vetting.send(nomination)
    item = vetting.item(nomination, "gongan")
    client = client_for(vetting.reviewers["gongan"])
    client.post(reverse("candidates:review_rest_clear", args=[item.pk]))
    # when
    response = client.post(
        reverse("candidates:review_sign", args=[item.pk]), {"conclusion": "无问题"}
    )
    # then: signed at once
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "signed"
    assert not Notification.objects.filter(
        kind="candidates.disqualified_by_review"
    ).exists()
