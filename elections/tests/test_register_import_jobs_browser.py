"""Browser: a large voter-register file goes through the import job pages."""

import pytest

from core.roles import Role
from elections.models import Voter
from villages import tasks

from .register_support import vc_election
from .support import make_round
from .test_register_import import people, workbook

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_large_register_file_preview_confirm_and_result(
    township, villages, users, login_page, settings, monkeypatch, tmp_path
):
    # given: every file counts as large; the "worker" runs when the request commits
    settings.ROSTER_IMPORT_SYNC_MAX_BYTES = 10
    for task in (tasks.roster_import_preview_task, tasks.roster_import_apply_task):
        monkeypatch.setattr(task, "delay", task.run)
    election = vc_election(villages[1], make_round(township), users[Role.OFFICE])
    path = workbook(tmp_path / "王楼村选民登记册.xlsx", people(120))
    page = login_page("office")
    # when: uploaded on the register's import page
    page.goto(f"{page.base_url}/elections/{election.pk}/register/import/")
    page.set_input_files("input[name=file]", str(path))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("#import-preview")
    # then: the job's preview, nothing written yet
    assert "120" in page.inner_text("#import-counts")
    assert not Voter.objects.exists()
    page.set_viewport_size({"width": 1400, "height": 900})
    page.screenshot(path="/tmp/register-import-job-1400.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path="/tmp/register-import-job-390.png", full_page=True)
    # when: confirmed
    page.set_viewport_size({"width": 1400, "height": 900})
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#confirm-import")
    page.wait_for_load_state()
    # then: written, back on the register with the result
    assert Voter.objects.filter(register__election=election).count() == 120
    assert "导入" in page.inner_text("body")
