"""Done after a statutory deadline: recorded as 逾期完成 with a reason, the supervision
group told; refused only where the law makes it impossible; a chosen file survives errors."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from notifications.models import Notification
from stages import services
from stages.choices import TaskStatus
from stages.models import TaskEvidence

from .conftest import TODAY, complete

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def voter_list(village, task_of, users):
    """The voter-list task (20 days before the VC election of 20 Nov 2021)."""
    complete(task_of(village, "vc-committee"), D(2021, 10, 18), users["office"])
    complete(task_of(village, "vc-registration"), D(2021, 10, 25), users["office"])
    return task_of(village, "vc-voter-list")


def test_late_with_reason_is_recorded_and_reported_to_the_supervision_group(
    voter_list, users, django_capture_on_commit_callbacks
):
    # when: published on 2 Nov (limit 31 Oct), with the reason
    with django_capture_on_commit_callbacks(execute=True):
        task = services.task_update(
            task=voter_list,
            status="done",
            completed_on=D(2021, 11, 2),
            note="",
            late_reason="村民选举委员会成员调整，推迟两天公布",
            by=users["office"],
            today=TODAY,
        )
    # then: done, flagged late with the reason, and the inspector has an inbox item
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert task.completed_late is True
    assert task.late_reason == "村民选举委员会成员调整，推迟两天公布"
    note = Notification.objects.get(kind="stages.task_completed_late")
    assert note.recipient == users["inspector"]
    assert "公布选民名单" in note.title
    assert "推迟两天公布" in note.body
    assert note.url == task.get_absolute_url()


def test_late_without_reason_asks_for_one_and_writes_nothing(voter_list, users):
    # when
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        services.task_update(
            task=voter_list,
            status="done",
            completed_on=D(2021, 11, 2),
            note="",
            by=users["office"],
            today=TODAY,
        )
    # then: the rule, the limit and how to record it as late
    errors = caught.value.message_dict
    assert "2021年10月31日" in errors["completed_on"][0]
    assert "逾期完成" in errors["late_reason"][0]
    voter_list.refresh_from_db()
    assert voter_list.status == TaskStatus.NOT_STARTED
    assert not Notification.objects.exists()


def test_step_before_the_election_cannot_be_done_on_or_after_election_day(
    voter_list, users
):
    # when: the voter list "published" on the election day itself, even with a reason
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        services.task_update(
            task=voter_list,
            status="done",
            completed_on=D(2021, 11, 20),
            note="",
            late_reason="补录",
            by=users["office"],
            today=D(2021, 11, 25),
        )
    # then: refused, the election day must move first
    message = caught.value.message_dict["completed_on"][0]
    assert "2021年11月20日" in message
    assert "选举日" in message
    voter_list.refresh_from_db()
    assert voter_list.status == TaskStatus.NOT_STARTED


def test_reopening_clears_the_late_flag(voter_list, users):
    # given
    services.task_update(
        task=voter_list,
        status="done",
        completed_on=D(2021, 11, 2),
        note="",
        late_reason="推迟",
        by=users["office"],
        today=TODAY,
    )
    # when
    task = services.task_update(
        task=voter_list,
        status="in_progress",
        completed_on=None,
        note="",
        by=users["office"],
        today=TODAY,
    )
    # then
    assert task.completed_late is False
    assert task.late_reason == ""


def test_chosen_file_is_kept_after_a_form_error(
    voter_list, users, client_for, settings, tmp_path
):
    # given
    settings.MEDIA_ROOT = tmp_path
    client = client_for(users["office"])
    url = reverse("stages:task_detail", args=[voter_list.pk])
    upload = SimpleUploadedFile(
        "选民名单公告.jpg", b"\xff\xd8\xff photo", content_type="image/jpeg"
    )
    # when: marked done late without a reason, with a photo chosen
    first = client.post(
        url, {"status": "done", "completed_on": "2021-11-02", "evidence": upload}
    )
    # then: the error, and the photo is kept (named on the page, token in the form)
    content = first.content.decode()
    assert first.status_code == 200
    assert "逾期完成" in content
    assert 'id="kept-file"' in content
    assert "选民名单公告.jpg" in content
    token = re.search(r'name="evidence_token" value="([^"]+)"', content).group(1)
    assert not TaskEvidence.objects.exists()
    # when: the reason is written and the form sent again without choosing the file
    second = client.post(
        url,
        {
            "status": "done",
            "completed_on": "2021-11-02",
            "late_reason": "公告栏维修，推迟两天张贴",
            "evidence_token": token,
        },
    )
    # then: saved with the kept photo, and the temporary copy is gone
    assert second.status_code == 302
    evidence = TaskEvidence.objects.get()
    assert evidence.original_name == "选民名单公告.jpg"
    assert evidence.file.read() == b"\xff\xd8\xff photo"
    assert not list((tmp_path / "pending").rglob("*.jpg"))
    voter_list.refresh_from_db()
    assert voter_list.completed_late is True


def test_a_token_of_another_user_is_ignored(
    voter_list, users, client_for, settings, tmp_path
):
    # given: the office's kept file
    settings.MEDIA_ROOT = tmp_path
    from core import pending_uploads

    token = pending_uploads.stash(
        SimpleUploadedFile("a.pdf", b"%PDF-1.4"), user=users["office"]
    )
    # then: the guide cannot use it, the office can
    assert pending_uploads.claim(token, user=users["guide"]) is None
    assert pending_uploads.claim("forged", user=users["office"]) is None
    assert pending_uploads.claim(token, user=users["office"]).name == "a.pdf"
    assert default_storage.exists(
        pending_uploads._payload(token, user=users["office"])["path"]
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_clerk_records_a_late_step_in_the_browser(
    voter_list, users, login_page, tmp_path, settings
):
    # given
    settings.MEDIA_ROOT = tmp_path
    photo = tmp_path / "公告照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff photo")
    page = login_page("office")
    page.goto(page.base_url + voter_list.get_absolute_url())
    form = page.locator("#progress-form")
    # when: done on 2 Nov with a photo, no reason
    form.locator("select[name=status]").select_option("done")
    form.locator("input[name=completed_on]").fill("2021-11-02")
    form.locator("input[name=evidence]").set_input_files(str(photo))
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#kept-file")
    # then: asked for the reason, the photo kept
    assert "公告照片.jpg" in page.inner_text("#kept-file")
    # when: the reason is written
    page.locator("#progress-form textarea[name=late_reason]").fill(
        "公告栏维修，推迟两天"
    )
    page.locator("#progress-form button[type=submit]").click()
    page.wait_for_selector("#task-late")
    # then
    assert "逾期完成" in page.inner_text("#task-late")
    assert "公告栏维修" in page.inner_text("#task-late-reason")
    assert "公告照片.jpg" in page.inner_text("#evidence-list")


def test_delivery_task_is_found_from_a_request_thread():
    """Web requests run in threads; the project's Celery app must be current there."""
    import threading

    from celery import current_app

    found = []
    thread = threading.Thread(
        target=lambda: found.append(
            "notifications.notification_deliver_task" in current_app.tasks
        )
    )
    thread.start()
    thread.join()
    assert found == [True]
