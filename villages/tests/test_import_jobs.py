"""Import jobs: 无变化 on a re-import, the marked workbook, stranded jobs and retry."""

import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.roles import Role
from villages import tasks
from villages.choices import ImportFailure, ImportStatus
from villages.models import ImportJob, Person
from villages.services import import_job_recover, import_jobs_recover
from villages.tests.xlsx import build_xlsx, good_row

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, data, name="台账.xlsx"):
    return client.post(
        reverse("villages:import_start"),
        {"file": SimpleUploadedFile(name, data, content_type=XLSX)},
    )


@pytest.fixture
def office(users, client_for):
    return client_for(users[Role.OFFICE])


@pytest.fixture
def queued(settings, monkeypatch, django_capture_on_commit_callbacks):
    """Every file counts as large; record what is handed to the worker."""
    settings.ROSTER_IMPORT_SYNC_MAX_BYTES = 10
    sent = []
    monkeypatch.setattr(
        tasks.roster_import_preview_task,
        "delay",
        lambda job_id: sent.append(("preview", job_id)),
    )
    monkeypatch.setattr(
        tasks.roster_import_apply_task,
        "delay",
        lambda job_id: sent.append(("apply", job_id)),
    )
    return sent


def test_reimport_with_nothing_new_says_no_changes_and_offers_no_confirm(
    villages, office
):
    # given: a roster imported once
    data = build_xlsx([good_row(1), good_row(2)])
    first = upload(office, data)
    office.post(reverse("villages:import_confirm", args=[ImportJob.objects.get().pk]))
    assert Person.objects.count() == 2
    # when: the same file again
    response = upload(office, data)
    job = ImportJob.objects.order_by("-pk").first()
    page = office.get(response["Location"]).content.decode()
    # then
    assert first.status_code == 302
    assert job.status == ImportStatus.UNCHANGED
    assert 'id="import-unchanged"' in page
    assert "无变化" in page
    assert "确认导入" not in page
    assert not job.file  # nothing left to import: the personal data is not kept


def test_file_with_errors_comes_back_with_the_error_cells_marked(villages, office):
    # given: rows 3 (unknown village) and 4 (wrong check digit) under a title row
    bad_id = good_row(3)["身份证号码"][:-1] + "0"
    if bad_id == good_row(3)["身份证号码"]:
        bad_id = bad_id[:-1] + "1"
    data = build_xlsx(
        [good_row(1), good_row(2, 所在村="幸福村"), good_row(3, 身份证号码=bad_id)],
        title_rows=("立仓镇台账",),
    )
    response = upload(office, data, name="有错.xlsx")
    job = ImportJob.objects.get()
    page = office.get(response["Location"]).content.decode()
    # when
    download = office.get(reverse("villages:import_marked", args=[job.pk]))
    # then: offered on the page, filled and commented cells where the errors are
    assert job.status == ImportStatus.INVALID
    assert 'id="download-marked"' in page
    assert download.status_code == 200
    assert (
        "已标注错误" in download["Content-Disposition"]
        or "%E5%B7%B2" in (download["Content-Disposition"])
    )
    sheet = load_workbook(BytesIO(download.content)).active
    headers = [cell.value for cell in sheet[2]]
    village = sheet.cell(row=4, column=headers.index("所在村") + 1)
    number = sheet.cell(row=5, column=headers.index("身份证号码") + 1)
    assert village.fill.fgColor.rgb.endswith("FFC7CE")
    assert "幸福村" in village.comment.text
    assert "校验位错误" in number.comment.text
    assert sheet.cell(row=3, column=headers.index("所在村") + 1).comment is None
    assert sheet["A1"].value == "立仓镇台账"  # the clerk's own sheet, title kept
    assert Person.objects.count() == 0


def test_marked_workbook_is_only_for_the_jobs_office(villages, users, client_for):
    # given: an invalid job of the office
    office = client_for(users[Role.OFFICE])
    upload(office, build_xlsx([good_row(1, 所在村="幸福村")]))
    job = ImportJob.objects.get()
    url = reverse("villages:import_marked", args=[job.pk])
    # then: a leader is refused; an office without the file gets 404
    assert client_for(users[Role.LEADER]).get(url).status_code == 403
    job.file.delete()
    assert office.get(url).status_code == 404


def test_worker_killed_while_writing_fails_the_job_with_a_retry(
    villages, office, queued, django_capture_on_commit_callbacks
):
    # given: a confirmed job whose worker claimed it and then died (no heartbeat since)
    with django_capture_on_commit_callbacks(execute=True):
        upload(office, build_xlsx([good_row(1), good_row(2)]))
    job = ImportJob.objects.get()
    tasks.roster_import_preview_task.run(job.pk)
    with django_capture_on_commit_callbacks(execute=True):
        office.post(reverse("villages:import_confirm", args=[job.pk]))
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.IMPORTING,
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=10),
    )
    # when: the clerk opens the page
    page = office.get(job.get_absolute_url()).content.decode()
    job.refresh_from_db()
    # then: failed in Chinese, nothing written, a 重试 button
    assert job.status == ImportStatus.FAILED
    assert job.failure_code == ImportFailure.STALLED
    assert "中途停止" in page
    assert 'id="retry-import"' in page
    assert Person.objects.count() == 0
    # when: retry — the write is handed to the worker again and runs
    with django_capture_on_commit_callbacks(execute=True):
        office.post(reverse("villages:import_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.CONFIRMED
    assert queued[-1] == ("apply", job.pk)
    assert tasks.roster_import_apply_task.run(job.pk) == ImportStatus.DONE
    assert Person.objects.count() == 2


def test_a_running_job_with_a_fresh_heartbeat_is_left_alone(villages, office, queued):
    # given: a worker is checking the file right now
    upload(office, build_xlsx([good_row(1)]))
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.PARSING, heartbeat_at=timezone.now()
    )
    job.refresh_from_db()
    # when
    import_job_recover(job=job)
    # then
    assert job.status == ImportStatus.PARSING


def test_a_job_never_picked_up_is_requeued_then_failed_with_a_retry(
    villages, office, queued, django_capture_on_commit_callbacks
):
    # given: the broker took the job but no worker consumes the imports queue
    with django_capture_on_commit_callbacks(execute=True):
        upload(office, build_xlsx([good_row(1)]))
    job = ImportJob.objects.get()
    assert queued == [("preview", job.pk)]
    start = job.queued_at
    # when: the recovery sweep runs after each pick-up wait
    for minutes in (3, 6, 9):
        with django_capture_on_commit_callbacks(execute=True):
            job = import_job_recover(
                job=job, now=start + datetime.timedelta(minutes=minutes)
            )
    # then: handed over again twice (three attempts in all), then failed
    assert queued == [("preview", job.pk)] * 3
    assert job.status == ImportStatus.FAILED
    assert job.failure_code == ImportFailure.NOT_PICKED_UP
    assert "后台服务" in job.failure
    assert job.retryable
    # when: the service is back and the clerk retries
    with django_capture_on_commit_callbacks(execute=True):
        office.post(reverse("villages:import_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.QUEUED
    assert queued[-1] == ("preview", job.pk)
    assert tasks.roster_import_preview_task.run(job.pk) == ImportStatus.PREVIEWED


def test_the_sweep_rescues_every_stranded_job(villages, office, queued):
    # given: two stalled jobs and one healthy one
    for n in range(3):
        upload(office, build_xlsx([good_row(n + 1)]))
    jobs = list(ImportJob.objects.order_by("pk"))
    old = timezone.now() - datetime.timedelta(hours=1)
    ImportJob.objects.filter(pk__in=[jobs[0].pk, jobs[1].pk]).update(
        status=ImportStatus.PARSING, heartbeat_at=old
    )
    ImportJob.objects.filter(pk=jobs[2].pk).update(
        status=ImportStatus.PARSING, heartbeat_at=timezone.now()
    )
    # when
    moved = import_jobs_recover()
    # then
    statuses = list(ImportJob.objects.order_by("pk").values_list("status", flat=True))
    assert moved == 2
    assert statuses == [ImportStatus.FAILED, ImportStatus.FAILED, ImportStatus.PARSING]


def test_a_finished_job_cannot_be_retried(villages, office):
    # given: a successful import
    upload(office, build_xlsx([good_row(1)]))
    job = ImportJob.objects.get()
    office.post(reverse("villages:import_confirm", args=[job.pk]))
    # when
    response = office.post(reverse("villages:import_retry", args=[job.pk]), follow=True)
    job.refresh_from_db()
    # then
    assert job.status == ImportStatus.DONE
    assert "不能重试" in response.content.decode()


def test_page_says_when_the_background_service_is_down(
    villages, office, queued, monkeypatch, django_capture_on_commit_callbacks
):
    # given: a job waiting for the worker for a minute; the broker does not answer
    with django_capture_on_commit_callbacks(execute=True):
        upload(office, build_xlsx([good_row(1)]))
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(
        queued_at=timezone.now() - datetime.timedelta(seconds=60)
    )
    monkeypatch.setattr(
        "core.health.broker", lambda: ("broker", False, {"error": "ConnectionError"})
    )
    # when
    page = office.get(job.get_absolute_url()).content.decode()
    # then
    assert 'id="background-down"' in page
    assert "后台服务目前没有运行" in page


def test_import_tasks_have_their_own_queue_and_a_time_limit():
    # then: reminders never delay an import; a hostile file cannot run forever
    from election_admin.celery import app

    for task in (tasks.roster_import_preview_task, tasks.roster_import_apply_task):
        route = app.amqp.router.route({}, task.name)
        assert route["queue"].name == "imports"
        assert task.soft_time_limit
        assert task.time_limit > task.soft_time_limit


def test_a_soft_time_limit_fails_the_job_in_chinese(
    villages, office, queued, monkeypatch
):
    # given: the check is stopped by Celery's soft time limit
    from celery.exceptions import SoftTimeLimitExceeded

    from villages.services import roster as roster_services

    upload(office, build_xlsx([good_row(1)]))
    job = ImportJob.objects.get()

    def too_slow(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(roster_services, "import_roster_file", too_slow)
    # when
    status = tasks.roster_import_preview_task.run(job.pk)
    job.refresh_from_db()
    # then: failed (never left "parsing"), a Chinese message, no retry offered
    assert status == ImportStatus.FAILED
    assert job.failure_code == ImportFailure.TIME_LIMIT
    assert "秒" in job.failure
    assert not job.retryable
