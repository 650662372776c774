"""Stale task progress is refused, not silently overwritten (issue 16)."""

import pytest
from django.urls import reverse

from core.roles import Role
from core.tests.stale import loaded_version
from stages.choices import TaskStatus

from .test_views import _task

pytestmark = pytest.mark.django_db


def test_second_progress_save_from_a_stale_form_is_refused(
    election_round, village, users, client_for
):
    # given the office and the guide open the same task
    task = _task(election_round, village)
    url = reverse("stages:task_detail", args=[task.pk])
    office, guide = client_for(users[Role.OFFICE]), client_for(users[Role.GUIDE])
    v1, v2 = loaded_version(office.get(url)), loaded_version(guide.get(url))
    assert v1 == v2 != ""
    # when the office records progress, then the guide from the old page
    first = office.post(
        url, {"status": "in_progress", "note": "已走访三户", "_version": v1}
    )
    second = guide.post(
        url,
        {"status": "done", "completed_on": "2021-08-29", "note": "", "_version": v2},
    )
    # then the guide is refused in Chinese: who, which fields, the stored values
    assert first.status_code == 302
    assert second.status_code == 200
    page = second.content.decode()
    assert "未保存" in page
    assert users[Role.OFFICE].display_name in page
    assert "当前保存的值：已走访三户" in page
    # and the office's progress is intact
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS
    assert task.note == "已走访三户"
    assert task.completed_by is None


def test_progress_saved_again_after_the_refusal_goes_through(
    election_round, village, users, client_for
):
    task = _task(election_round, village)
    url = reverse("stages:task_detail", args=[task.pk])
    office, guide = client_for(users[Role.OFFICE]), client_for(users[Role.GUIDE])
    version = loaded_version(office.get(url))
    office.post(url, {"status": "in_progress", "note": "甲", "_version": version})
    refused = guide.post(
        url, {"status": "in_progress", "note": "乙", "_version": version}
    )
    again = guide.post(
        url,
        {"status": "in_progress", "note": "乙", "_version": loaded_version(refused)},
    )
    assert again.status_code == 302
    task.refresh_from_db()
    assert task.note == "乙"
