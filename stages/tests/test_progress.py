"""Task progress: statutory order, prerequisites, dates, evidence — refusals write nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from stages import services
from stages.choices import CellState, TaskStatus
from stages.models import TaskEvidence

from .conftest import TODAY, complete

pytestmark = pytest.mark.django_db
D = datetime.date


def _update(task, *, status="done", on=None, by, note="", today=TODAY):
    return services.task_update(
        task=task, status=status, completed_on=on, note=note, by=by, today=today
    )


@pytest.fixture
def office(users):
    return users["office"]


@pytest.fixture
def voter_list(village, task_of, office):
    """The voter-list task of the first village, its prerequisites done."""
    complete(task_of(village, "vc-committee"), D(2021, 10, 18), office)
    complete(task_of(village, "vc-registration"), D(2021, 10, 25), office)
    return task_of(village, "vc-voter-list")


def test_voter_list_published_twenty_days_before_is_accepted(voter_list, office):
    # VC election 20 Nov → the list must be out by 31 Oct
    task = _update(voter_list, on=D(2021, 10, 31), by=office)
    assert task.status == TaskStatus.DONE
    assert task.completed_on == D(2021, 10, 31)
    assert task.completed_by == office


def test_voter_list_published_later_than_twenty_days_before_is_refused(
    voter_list, office
):
    # when the clerk records publication on 2 November, 18 days before the election
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        _update(voter_list, on=D(2021, 11, 2), by=office)
    # then the Chinese message gives the rule, the limit and what to do
    message = caught.value.message_dict["completed_on"][0]
    assert message == (
        services.STATUTORY_BEFORE_MESSAGE
        % {
            "title": "公布选民名单、颁发选民证",
            "days": 20,
            "anchor": "村委会选举日",
            "anchor_date": "2021年11月20日",
            "limit": "2021年10月31日",
            "basis": "村委会组织法（2018）第十四条",
            "date": "2021年11月2日",
        }
    )
    assert "至少" in message
    assert "2021年10月31日" in message
    assert "第十四条" in message
    # and nothing was written
    voter_list.refresh_from_db()
    assert voter_list.status == TaskStatus.NOT_STARTED
    assert voter_list.completed_on is None


def test_candidate_list_later_than_rule_set_days_before_is_refused(
    village, task_of, office
):
    for code, day in [
        ("vc-committee", D(2021, 10, 18)),
        ("vc-rules", D(2021, 10, 22)),
        ("vc-nomination", D(2021, 11, 3)),
        ("vc-vetting", D(2021, 11, 8)),
    ]:
        complete(task_of(village, code), day, office)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        _update(
            task_of(village, "vc-candidate-list"),
            on=D(2021, 11, 16),
            by=office,
            today=D(2021, 11, 18),
        )
    message = caught.value.message_dict["completed_on"][0]
    assert "至少5日" in message
    assert "2021年11月15日" in message


def test_task_cannot_be_completed_before_its_prerequisite(village, task_of, office):
    # given the voter registration is still open
    voter_list = task_of(village, "vc-voter-list")
    complete(task_of(village, "vc-committee"), D(2021, 10, 18), office)
    # when the voter list is marked published
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        _update(voter_list, on=D(2021, 10, 30), by=office)
    # then the message names the step to finish first
    message = caught.value.message_dict["status"][0]
    assert message == services.PREREQUISITE_OPEN_MESSAGE % {"titles": "选民登记"}
    assert message.startswith("请先完成“选民登记”")
    voter_list.refresh_from_db()
    assert voter_list.status == TaskStatus.NOT_STARTED


def test_completion_date_cannot_precede_the_prerequisite_completion(
    village, task_of, office
):
    complete(task_of(village, "vc-committee"), D(2021, 10, 18), office)
    complete(task_of(village, "vc-registration"), D(2021, 10, 28), office)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        _update(task_of(village, "vc-voter-list"), on=D(2021, 10, 26), by=office)
    message = caught.value.message_dict["completed_on"][0]
    assert "2021年10月28日" in message
    assert "2021年10月26日" in message


def test_not_applicable_prerequisite_counts_as_closed(village, task_of, office):
    survey = task_of(village, "prep-survey")
    _update(survey, status="not_applicable", by=office, note="上级统一组织")
    task = _update(task_of(village, "prep-plan"), on=D(2021, 9, 5), by=office)
    assert task.status == TaskStatus.DONE


def test_done_needs_a_date(village, task_of, office):
    with pytest.raises(ValidationError) as caught:
        _update(task_of(village, "prep-survey"), on=None, by=office)
    assert caught.value.message_dict["completed_on"] == [
        str(services.DONE_NEEDS_DATE_MESSAGE)
    ]


def test_completion_date_cannot_be_in_the_future(village, task_of, office):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        _update(
            task_of(village, "prep-survey"),
            on=TODAY + datetime.timedelta(days=1),
            by=office,
        )
    assert "2021年11月11日" in caught.value.message_dict["completed_on"][0]


def test_reopening_a_step_is_refused_while_a_dependant_is_done(
    village, task_of, office
):
    complete(task_of(village, "prep-survey"), D(2021, 8, 28), office)
    complete(task_of(village, "prep-plan"), D(2021, 9, 3), office)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        _update(task_of(village, "prep-survey"), status="in_progress", by=office)
    assert "制定“一村一策”和“三个一”方案" in caught.value.message_dict["status"][0]
    assert task_of(village, "prep-survey").status == TaskStatus.DONE


def test_reopening_clears_the_completion(village, task_of, office):
    complete(task_of(village, "prep-survey"), D(2021, 8, 28), office)
    task = _update(task_of(village, "prep-survey"), status="in_progress", by=office)
    assert task.completed_on is None
    assert task.completed_by is None


def test_overdue_is_derived_from_the_due_date(village, task_of):
    task = task_of(village, "prep-survey")  # due 30 Aug 2021
    assert task.is_overdue(TODAY)
    assert task.state(TODAY) == "overdue"
    assert task.status_label(TODAY) == str(CellState.OVERDUE.label)
    assert not task_of(village, "vc-handover").is_overdue(TODAY)
    assert task_of(village, "vc-candidate-list").state(D(2021, 11, 13)) == "due_soon"


def test_progress_with_evidence_is_saved_together(
    village, task_of, office, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    task = task_of(village, "prep-survey")
    upload = SimpleUploadedFile(
        "村情研判表.pdf", b"%PDF-1.4 test", content_type="application/pdf"
    )
    services.task_progress_record(
        task=task,
        status="done",
        completed_on=D(2021, 8, 29),
        note="已完成走访",
        evidence_file=upload,
        by=office,
        today=TODAY,
    )
    evidence = TaskEvidence.objects.get(task=task)
    assert evidence.original_name == "村情研判表.pdf"
    assert evidence.file.name.startswith(
        f"stages/evidence/{task.round_id}/{task.village_id}/"
    )
    assert (tmp_path / evidence.file.name).exists()


def test_bad_evidence_type_writes_nothing(village, task_of, office, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    task = task_of(village, "prep-survey")
    upload = SimpleUploadedFile(
        "run.exe", b"MZ", content_type="application/octet-stream"
    )
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        services.task_progress_record(
            task=task,
            status="done",
            completed_on=D(2021, 8, 29),
            note="",
            evidence_file=upload,
            by=office,
            today=TODAY,
        )
    assert ".exe" in caught.value.messages[0]
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED
    assert not TaskEvidence.objects.exists()


def test_statutory_refusal_with_evidence_writes_no_file(
    voter_list, office, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile(
        "选民名单.jpg", b"\xff\xd8\xff", content_type="image/jpeg"
    )
    with pytest.raises(ValidationError):
        services.task_progress_record(
            task=voter_list,
            status="done",
            completed_on=D(2021, 11, 5),
            note="",
            evidence_file=upload,
            by=office,
            today=TODAY,
        )
    assert not TaskEvidence.objects.exists()
    assert not list(tmp_path.rglob("*.jpg"))
