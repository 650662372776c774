"""A large voter-register file runs as an import job, like a large roster file.

The job is the roster's (``villages.ImportJob`` of kind register): the same
Celery tasks on the ``imports`` queue, heartbeat, recovery and retry; the same
preview, all-or-nothing write and per-row Chinese errors as the page's own
import.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from core.roles import Role
from elections.models import Voter
from villages import tasks
from villages.choices import ImportKind, ImportStatus
from villages.models import ImportJob
from villages.tests import hostile

from .register_support import vc_election
from .support import make_round
from .test_register_import import people, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def world(township, villages, users):
    round = make_round(township)
    office = users[Role.OFFICE]
    return {
        "office": office,
        "users": users,
        "round": round,
        "election": vc_election(villages[1], round, office),  # 王楼村
    }


@pytest.fixture
def queued(settings, monkeypatch):
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


def upload(client, election, path):
    with path.open("rb") as handle:
        return client.post(
            reverse("elections:register_import", args=[election.pk]), {"file": handle}
        )


def test_large_register_file_is_checked_and_written_by_the_worker(
    world, tmp_path, client_for, queued, django_capture_on_commit_callbacks
):
    # given
    election = world["election"]
    client = client_for(world["office"])
    path = workbook(tmp_path / "王楼村选民.xlsx", people(60))
    # when: uploaded
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, election, path)
    job = ImportJob.objects.get()
    # then: a register job of this election waits for the worker; the page polls
    assert (job.kind, job.target_id, job.township) == (
        ImportKind.REGISTER,
        election.pk,
        election.village.township,
    )
    assert response["Location"] == job.get_absolute_url()
    assert queued == [("preview", job.pk)]
    waiting = client.get(job.get_absolute_url()).content.decode()
    assert 'id="import-progress"' in waiting
    assert "import_progress.js" in waiting
    status_url = reverse(
        "elections:register_import_job_status", args=[election.pk, job.pk]
    )
    assert client.get(status_url).json()["running"] is True
    # the roster's import pages do not list or open it
    assert client.get(reverse("villages:import_job", args=[job.pk])).status_code == 404
    # when: the worker checks it (twice, as a redelivered task would)
    assert tasks.roster_import_preview_task.run(job.pk) == ImportStatus.PREVIEWED
    assert tasks.roster_import_preview_task.run(job.pk) == ImportStatus.PREVIEWED
    preview = client.get(job.get_absolute_url()).content.decode()
    # then: the preview, nothing written yet
    job.refresh_from_db()
    assert (job.total_rows, job.created_count, job.error_count) == (60, 60, 0)
    assert 'id="import-preview"' in preview
    assert 'id="confirm-import"' in preview
    assert not Voter.objects.exists()
    # when: confirmed, then written by the worker (twice)
    confirm = reverse(
        "elections:register_import_job_confirm", args=[election.pk, job.pk]
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm)
    assert queued[-1] == ("apply", job.pk)
    assert tasks.roster_import_apply_task.run(job.pk) == ImportStatus.DONE
    assert tasks.roster_import_apply_task.run(job.pk) == ImportStatus.DONE
    # then: written once, with history by the confirming user; the result stays
    assert Voter.objects.filter(register__election=election).count() == 60
    assert Voter.history.count() == 60
    assert set(Voter.history.values_list("history_user", flat=True)) == {
        world["office"].pk
    }
    assert "60" in client.get(job.get_absolute_url()).content.decode()
    assert client.get(status_url).json()["running"] is False
    job.refresh_from_db()
    assert not job.file  # the personal data is not kept
    # a second confirm does nothing
    client.post(confirm)
    assert Voter.objects.count() == 60


def test_job_with_an_error_row_writes_nothing_and_says_why_in_chinese(
    world, tmp_path, client_for, queued
):
    # given: 30 rows, row 12 of the sheet has a wrong check digit
    rows = people(30)
    bad = list(rows[8])
    bad[2] = bad[2][:-1] + ("1" if bad[2][-1] != "1" else "2")
    rows[8] = tuple(bad)
    client = client_for(world["office"])
    upload(client, world["election"], workbook(tmp_path / "错.xlsx", rows))
    job = ImportJob.objects.get()
    # when
    assert tasks.roster_import_preview_task.run(job.pk) == ImportStatus.INVALID
    page = client.get(job.get_absolute_url()).content.decode()
    # then
    job.refresh_from_db()
    assert [(e["row"], e["column"]) for e in job.errors] == [(12, "公民身份号码")]
    assert "校验" in job.errors[0]["message"] or "身份证" in job.errors[0]["message"]
    assert 'id="import-invalid"' in page
    assert "未导入任何数据" in page
    assert 'id="confirm-import"' not in page
    assert not Voter.objects.exists()


def test_hostile_register_files_are_refused(world, tmp_path, client_for, queued):
    client = client_for(world["office"])
    election = world["election"]
    # a program renamed to .xlsx is refused at the upload, no job
    fake = tmp_path / "名单.xlsx"
    fake.write_bytes(b"MZ" + b"\0" * 4000)
    response = upload(client, election, fake)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ImportJob.objects.exists()
    # a zip bomb is refused by the guard before it is unpacked: nothing written
    upload(client, election, hostile.zip_bomb(tmp_path / "bomb.xlsx", megabytes=150))
    job = ImportJob.objects.get()
    assert tasks.roster_import_preview_task.run(job.pk) == ImportStatus.INVALID
    job.refresh_from_db()
    assert "MB" in job.errors[0]["message"]
    assert not Voter.objects.exists()


def test_register_jobs_are_scoped_to_the_election_and_its_township(
    world, tmp_path, client_for, queued, other_township, make_user, villages
):
    # given: a job of 王楼村's election
    election = world["election"]
    client = client_for(world["office"])
    upload(client, election, workbook(tmp_path / "王楼村.xlsx", people(5)))
    job = ImportJob.objects.get()
    tasks.roster_import_preview_task.run(job.pk)
    # another election of the same township
    other_election = vc_election(villages[0], world["round"], world["office"])
    # the office of another township
    outsider = client_for(make_user(Role.OFFICE, township=other_township))
    # then: 404 for the other township, and for the job under another election
    for name in ("register_import_job", "register_import_job_status"):
        assert (
            outsider.get(
                reverse(f"elections:{name}", args=[election.pk, job.pk])
            ).status_code
            == 404
        )
        assert (
            client.get(
                reverse(f"elections:{name}", args=[other_election.pk, job.pk])
            ).status_code
            == 404
        )
    assert (
        outsider.get(
            reverse("elections:register_import", args=[election.pk])
        ).status_code
        == 404
    )
    confirm = "elections:register_import_job_confirm"
    assert (
        outsider.post(reverse(confirm, args=[election.pk, job.pk])).status_code == 404
    )
    assert (
        client.post(reverse(confirm, args=[other_election.pk, job.pk])).status_code
        == 404
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED
    assert not Voter.objects.exists()
