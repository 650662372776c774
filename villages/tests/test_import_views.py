"""The web import: upload, preview, confirm; jobs, progress, Celery and permissions."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from core.roles import Role
from villages import tasks
from villages.choices import ImportStatus
from villages.models import ImportJob, Person
from villages.tests.xlsx import build_xlsx, good_row

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, data, name="台账.xlsx"):
    return client.post(
        reverse("villages:import_start"),
        {"file": SimpleUploadedFile(name, data, content_type=XLSX)},
    )


def test_small_file_is_previewed_then_confirmed(users, villages, client_for):
    # given
    client = client_for(users[Role.OFFICE])
    # when
    response = upload(
        client, build_xlsx([good_row(1), good_row(2)], title_rows=("立仓镇台账",))
    )
    job = ImportJob.objects.get()
    preview = client.get(response["Location"])
    # then: previewed, nothing written yet
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert job.status == ImportStatus.PREVIEWED
    assert Person.objects.count() == 0
    content = preview.content.decode()
    assert "确认导入" in content
    assert 'id="count-new">2<' in content
    # when: confirmed
    confirmed = client.post(
        reverse("villages:import_confirm", args=[job.pk]), follow=True
    )
    # then
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert job.confirmed_by == users[Role.OFFICE]
    assert Person.objects.count() == 2
    assert "导入完成：新增 2，更新 0，未变 0。" in confirmed.content.decode()
    assert not job.file  # the spreadsheet with personal data is not kept


def test_second_confirm_of_the_same_job_does_nothing(users, villages, client_for):
    # given
    client = client_for(users[Role.OFFICE])
    upload(client, build_xlsx([good_row(1)]))
    job = ImportJob.objects.get()
    client.post(reverse("villages:import_confirm", args=[job.pk]))
    Person.objects.all().delete()
    # when
    response = client.post(
        reverse("villages:import_confirm", args=[job.pk]), follow=True
    )
    # then
    assert "已经确认过" in response.content.decode()
    assert Person.objects.count() == 0


def test_file_with_errors_shows_the_chinese_error_table_and_cannot_be_confirmed(
    users, villages, client_for
):
    # given
    client = client_for(users[Role.OFFICE])
    # when
    response = upload(
        client,
        build_xlsx([good_row(1), good_row(2, 所在村="幸福村")]),
        name="有错.xlsx",
    )
    page = client.get(response["Location"]).content.decode()
    job = ImportJob.objects.get()
    confirm = client.post(
        reverse("villages:import_confirm", args=[job.pk]), follow=True
    )
    # then
    assert job.status == ImportStatus.INVALID
    assert 'id="import-errors"' in page
    assert "第3行" in page
    assert "没有名为“幸福村”的村（社区）" in page
    assert "确认导入" not in page
    assert "已经确认过" in confirm.content.decode()
    assert Person.objects.count() == 0


def test_bad_upload_is_refused_on_the_form_without_a_job(users, villages, client_for):
    # given
    client = client_for(users[Role.OFFICE])
    # when
    response = upload(client, b"just text", name="台账.xlsx")
    # then
    assert response.status_code == 200
    assert "不是 Excel 工作簿" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_large_file_runs_in_celery_and_the_page_polls_progress(
    users,
    villages,
    client_for,
    settings,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    # given: every file counts as large
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
    client = client_for(users[Role.OFFICE])
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, build_xlsx([good_row(n) for n in range(1, 6)]))
    job = ImportJob.objects.get()
    waiting = client.get(response["Location"]).content.decode()
    status = client.get(reverse("villages:import_job_status", args=[job.pk])).json()
    # then: queued; the page shows a progress bar that polls the status URL
    assert sent == [("preview", job.pk)]
    assert 'id="import-progress"' in waiting
    assert "import_progress.js" in waiting
    assert status == {
        "status": "queued",
        "status_display": "等待检查",
        "progress": 0,
        "processed": 0,
        "total": 0,
        "running": True,
    }
    # when: the worker runs the task (twice, as a retried task would)
    assert tasks.roster_import_preview_task.run(job.pk) == ImportStatus.PREVIEWED
    assert tasks.roster_import_preview_task.run(job.pk) == ImportStatus.PREVIEWED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("villages:import_confirm", args=[job.pk]))
    assert sent[-1] == ("apply", job.pk)
    assert tasks.roster_import_apply_task.run(job.pk) == ImportStatus.DONE
    assert tasks.roster_import_apply_task.run(job.pk) == ImportStatus.DONE
    # then: written once; the result stays viewable
    assert Person.objects.count() == 5
    assert Person.history.count() == 5
    finished = client.get(reverse("villages:import_job_status", args=[job.pk])).json()
    assert (finished["progress"], finished["running"]) == (100, False)
    assert "导入完成" in client.get(job.get_absolute_url()).content.decode()


def test_preview_filters_rows_by_status(users, villages, client_for, xlsx_file):
    # given: one existing person, one new
    from villages.importing import import_roster_file

    import_roster_file(
        xlsx_file([good_row(1)]), township=villages[0].township, dry_run=False
    )
    client = client_for(users[Role.OFFICE])
    upload(client, build_xlsx([good_row(1), good_row(2)]))
    job = ImportJob.objects.get()
    # when
    new_rows = client.get(job.get_absolute_url(), {"status": "new"}).content.decode()
    unchanged_rows = client.get(
        job.get_absolute_url(), {"status": "unchanged"}
    ).content.decode()
    # then
    assert good_row(2)["姓名"] in new_rows
    assert good_row(1)["姓名"] not in new_rows
    assert good_row(1)["姓名"] in unchanged_rows


@pytest.mark.parametrize(
    "role",
    [
        Role.LEADER,
        Role.GUIDE,
        Role.INSPECTOR,
        Role.DISCIPLINE,
        Role.REVIEWER,
        Role.COUNTY,
    ],
)
def test_only_the_office_imports(role, users, client_for):
    # given
    client = client_for(users[role])
    # when / then
    assert client.get(reverse("villages:import_start")).status_code == 403
    assert client.get(reverse("villages:import_template")).status_code == 403


def test_job_of_another_township_is_404(
    users, villages, other_township, make_user, client_for
):
    # given
    client = client_for(users[Role.OFFICE])
    upload(client, build_xlsx([good_row(1)]))
    job = ImportJob.objects.get()
    stranger = make_user(Role.OFFICE, township=other_township, username="外镇组织办")
    other = client_for(stranger)
    # when / then
    assert other.get(job.get_absolute_url()).status_code == 404
    assert (
        other.get(reverse("villages:import_job_status", args=[job.pk])).status_code
        == 404
    )
    assert (
        other.post(reverse("villages:import_confirm", args=[job.pk])).status_code == 404
    )


def test_template_has_chinese_headers_example_text_id_and_drop_down_lists(
    users, villages, client_for
):
    # given
    client = client_for(users[Role.OFFICE])
    # when
    response = client.get(reverse("villages:import_template"))
    # then
    workbook = load_workbook(BytesIO(response.content))
    sheet = workbook["台账"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:5] == ["序号", "姓名", "身份证号码", "性别", "出生日期"]
    example = {h: c.value for h, c in zip(headers, sheet[2], strict=False)}
    assert example["姓名"] == "张三"
    assert example["所在村"] == "立仓社区"
    id_column = headers.index("身份证号码") + 1
    assert sheet.cell(row=2, column=id_column).number_format == "@"
    assert sheet.cell(row=500, column=id_column).number_format == "@"
    validated = {
        str(dv.sqref).split(":")[0][0] for dv in sheet.data_validations.dataValidation
    }
    from openpyxl.utils import get_column_letter

    for header in (
        "性别",
        "文化程度",
        "政治面貌",
        "所在村",
        "类别",
        "职务",
        "人才类型",
    ):
        assert get_column_letter(headers.index(header) + 1) in validated
    assert workbook["选项"].sheet_state == "hidden"
    assert "填写说明" in workbook.sheetnames


def test_filled_in_template_imports_once_the_example_row_is_replaced(
    users, villages, client_for, tmp_path
):
    # given: the clerk downloads the template and overwrites the example row
    client = client_for(users[Role.OFFICE])
    workbook = load_workbook(
        BytesIO(client.get(reverse("villages:import_template")).content)
    )
    sheet = workbook["台账"]
    headers = [cell.value for cell in sheet[1]]
    row = good_row(1, 类别="村党组织", 职务="书记")
    for position, header in enumerate(headers, start=1):
        sheet.cell(row=2, column=position, value=row.get(header))
    path = tmp_path / "filled.xlsx"
    workbook.save(path)
    # when
    from villages.importing import import_roster_file

    report = import_roster_file(path, township=villages[0].township, dry_run=False)
    # then
    assert report.errors == []
    assert Person.objects.get().memberships.get().post == "secretary"
