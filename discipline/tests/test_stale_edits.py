"""Stale edits of discipline records are refused, not silently overwritten (issue 16)."""

import pytest
from django.urls import reverse

from core.roles import Role
from core.tests.stale import loaded_version
from discipline.models import EducationEvent

pytestmark = pytest.mark.django_db


def test_second_save_of_an_education_event_from_a_stale_form_is_refused(
    users, villages, client_for
):
    # given an event and two office clerks who open its edit form
    office = client_for(users[Role.OFFICE])
    data = {
        "kind": "party_study",
        "title": "党工委集中学习",
        "held_on": "2021-10-08",
        "attendance": "30",
    }
    office.post(reverse("discipline:event_add"), data)
    event = EducationEvent.objects.get()
    url = reverse("discipline:event_edit", args=[event.pk])
    other = client_for(users[Role.OFFICE])
    v1, v2 = loaded_version(office.get(url)), loaded_version(other.get(url))
    # when both change the attendance, the first clerk first
    assert (
        office.post(url, {**data, "attendance": "32", "_version": v1}).status_code
        == 302
    )
    second = other.post(url, {**data, "attendance": "28", "_version": v2})
    # then the second is refused and the first value stays
    assert second.status_code == 200
    page = second.content.decode()
    assert "未保存" in page
    assert "当前保存的值：32" in page
    event.refresh_from_db()
    assert event.attendance == 32


def test_second_save_of_a_commitment_letter_from_a_stale_form_is_refused(
    users, villages, client_for
):
    # given a recorded letter and two office clerks who open its edit form
    from discipline.tests.factories import LetterFactory

    letter = LetterFactory(village=villages[0], signer_name="王建国", notes="")
    url = reverse("discipline:letter_edit", args=[letter.pk])
    office = client_for(users[Role.OFFICE])
    other = client_for(users[Role.OFFICE])
    v1, v2 = loaded_version(office.get(url)), loaded_version(other.get(url))
    data = {
        "village": villages[0].pk,
        "signer_name": "王建国",
        "kind": letter.kind,
        "signed_on": "2021-10-08",
    }
    # when both correct the notes, the first clerk first
    first = office.post(url, {**data, "notes": "原件已存档", "_version": v1})
    assert first.status_code == 302
    second = other.post(url, {**data, "notes": "待补扫描件", "_version": v2})
    # then the second is refused in Chinese and the first correction stays
    assert second.status_code == 200
    assert "未保存" in second.content.decode()
    letter.refresh_from_db()
    assert letter.notes == "原件已存档"
