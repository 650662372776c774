"""The reminder scan over village tasks: each rule, each boundary day, escalation, scoping."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from notifications import registry
from notifications.models import JobBeat, Notification
from notifications.registry import Reminder, reminder_kind
from notifications.scan import run_scan
from stages import reminders as task_reminders
from stages.choices import RoundStatus, TaskStatus

from . import stagedata

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2021, 11, 15)


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def round_(township):
    return stagedata.election_round(township, escalate_days=3)


def kinds_for(user):
    return sorted(
        Notification.objects.filter(recipient=user).values_list("kind", flat=True)
    )


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (4, []),
        (3, [task_reminders.DUE_IN_3_DAYS]),
        (2, []),
        (1, [task_reminders.DUE_TOMORROW]),
        (0, [task_reminders.DUE_TODAY]),
        (-1, [task_reminders.OVERDUE]),
        (-2, [task_reminders.OVERDUE]),
    ],
)
def test_scan_reminds_the_owner_on_each_boundary_day(
    users, village, round_, offset, expected
):
    # given a task of the guide's village due ``offset`` days from today
    guide = users["guide"]
    stagedata.task(round_, village, due=days(offset), owner=guide)
    # when
    run_scan(today=TODAY)
    # then
    assert kinds_for(guide) == expected


def test_due_reminder_title_names_village_task_and_date(users, village, round_):
    # given
    stagedata.task(
        round_, village, due=days(1), owner=users["guide"], title="公布选民名单"
    )
    # when
    run_scan(today=TODAY)
    # then
    row = Notification.objects.get()
    assert row.title == "立仓社区：“公布选民名单”明天到期（2021年11月16日）"
    assert row.day == TODAY
    assert row.subject.title == "公布选民名单"
    assert row.url == row.subject.get_absolute_url()


def test_task_without_owner_reminds_the_guidance_group_leader(users, village, round_):
    # given (the ``guide`` user leads the guidance group of villages[0:2])
    stagedata.task(round_, village, due=days(0), owner=None)
    # when
    run_scan(today=TODAY)
    # then
    assert kinds_for(users["guide"]) == [task_reminders.DUE_TODAY]


def test_inactive_owner_falls_back_to_the_guidance_group_leader(
    users, village, round_, make_user
):
    # given
    gone = make_user("guide", township=village.township, username="gone")
    gone.is_active = False
    gone.save()
    stagedata.task(round_, village, due=days(0), owner=gone)
    # when
    run_scan(today=TODAY)
    # then
    assert kinds_for(gone) == []
    assert kinds_for(users["guide"]) == [task_reminders.DUE_TODAY]


@pytest.mark.parametrize("status", [TaskStatus.DONE, TaskStatus.NOT_APPLICABLE])
def test_closed_tasks_get_no_reminder(users, village, round_, status):
    # given
    stagedata.task(round_, village, due=days(-5), owner=users["guide"], status=status)
    stagedata.task(round_, village, due=days(0), owner=users["guide"], status=status)
    # when
    run_scan(today=TODAY)
    # then
    assert not Notification.objects.exists()


def test_tasks_of_a_closed_round_get_no_reminder(users, village, township):
    # given
    closed = stagedata.election_round(township, status=RoundStatus.CLOSED)
    stagedata.task(closed, village, due=days(-5), owner=users["guide"])
    # when
    run_scan(today=TODAY)
    # then
    assert not Notification.objects.exists()


def test_overdue_by_fewer_days_than_the_rule_does_not_escalate(users, village, round_):
    # given (rule: escalate after 3 days)
    stagedata.task(round_, village, due=days(-2), owner=users["office"])
    stagedata.inspection_group(village.township, [users["inspector"]])
    # when
    run_scan(today=TODAY)
    # then
    assert not Notification.objects.filter(kind=task_reminders.ESCALATED).exists()


def test_overdue_by_the_rule_escalates_to_leader_and_inspection_group(
    users, village, round_, make_user
):
    # given a task owned by the office, overdue exactly 3 days; a two-member 督察组
    second_inspector = make_user(
        "inspector", township=village.township, username="inspector2"
    )
    stagedata.inspection_group(village.township, [users["inspector"], second_inspector])
    task = stagedata.task(
        round_, village, due=days(-3), owner=users["office"], title="召开动员会"
    )
    # when
    run_scan(today=TODAY)
    # then
    escalated = Notification.objects.filter(kind=task_reminders.ESCALATED)
    assert set(escalated.values_list("recipient__username", flat=True)) == {
        "guide",
        "inspector",
        "inspector2",
    }
    assert set(escalated.values_list("day", flat=True)) == {
        task.due_date + datetime.timedelta(days=3)
    }
    assert escalated.first().title.startswith("督办：立仓社区")
    assert kinds_for(users["office"]) == [task_reminders.OVERDUE]


def test_escalation_is_sent_once_while_the_task_stays_overdue(users, village, round_):
    # given
    stagedata.inspection_group(village.township, [users["inspector"]])
    stagedata.task(round_, village, due=days(-3), owner=users["guide"])
    # when the scan runs on three consecutive days
    for offset in range(3):
        run_scan(today=days(offset))
    # then the owner got a daily overdue reminder, the escalation came once each
    assert kinds_for(users["guide"]).count(task_reminders.OVERDUE) == 3
    assert kinds_for(users["guide"]).count(task_reminders.ESCALATED) == 1
    assert kinds_for(users["inspector"]) == [task_reminders.ESCALATED]


def test_escalation_threshold_comes_from_the_round_rules(users, village, township):
    # given a round whose rules escalate after 7 days
    round_ = stagedata.election_round(township, escalate_days=7)
    stagedata.inspection_group(township, [users["inspector"]])
    stagedata.task(round_, village, due=days(-6), owner=users["guide"])
    stagedata.task(round_, village, due=days(-7), owner=users["guide"])
    # when
    run_scan(today=TODAY)
    # then only the task overdue by 7 days escalates
    assert kinds_for(users["inspector"]) == [task_reminders.ESCALATED]


def test_escalation_threshold_falls_back_to_the_setting(
    users, village, township, settings
):
    # given a rule set without escalate_overdue_days and the setting at 5 days
    settings.NOTIFICATIONS_ESCALATE_OVERDUE_DAYS = 5
    round_ = stagedata.election_round(township, escalate_days=None)
    stagedata.inspection_group(township, [users["inspector"]])
    stagedata.task(round_, village, due=days(-4), owner=users["guide"])
    stagedata.task(round_, village, due=days(-5), owner=users["guide"])
    # when
    run_scan(today=TODAY)
    # then
    assert kinds_for(users["inspector"]) == [task_reminders.ESCALATED]


def test_escalation_never_reaches_another_townships_inspection_group(
    users, village, round_, other_township, make_user
):
    # given an inspector of another township
    outsider = make_user("inspector", township=other_township, username="outsider")
    stagedata.inspection_group(other_township, [outsider])
    stagedata.task(round_, village, due=days(-10), owner=users["guide"])
    # when
    run_scan(today=TODAY)
    # then
    assert kinds_for(outsider) == []


def test_reminders_go_to_each_villages_own_guidance_leader(
    township, villages, round_, make_user
):
    # given two villages with different guidance-group leaders
    first = make_user(
        "guide", township=township, villages=[villages[2]], username="g-lm"
    )
    second = make_user(
        "guide", township=township, villages=[villages[3]], username="g-zh"
    )
    stagedata.task(round_, villages[2], due=days(0))
    stagedata.task(round_, villages[3], due=days(1))
    # when
    run_scan(today=TODAY)
    # then
    assert kinds_for(first) == [task_reminders.DUE_TODAY]
    assert kinds_for(second) == [task_reminders.DUE_TOMORROW]


def test_a_second_scan_creates_nothing(users, village, round_):
    # given
    stagedata.inspection_group(village.township, [users["inspector"]])
    for offset in (3, 1, 0, -1, -4):
        stagedata.task(round_, village, due=days(offset), owner=users["guide"])
    first = run_scan(today=TODAY)
    count = Notification.objects.count()
    # when
    second = run_scan(today=TODAY)
    # then
    assert first.created == count == 7
    assert second.created == 0
    assert Notification.objects.count() == count


def test_scan_records_its_time_and_figures(users, village, round_):
    # given
    stagedata.task(round_, village, due=days(0), owner=users["guide"])
    # when
    run_scan(today=TODAY)
    # then
    beat = JobBeat.objects.get(name="scan")
    assert beat.info["created"] == 1
    assert beat.info["today"] == "2021-11-15"


def test_a_failing_provider_does_not_stop_the_others(users, village, round_):
    # given a broken provider registered beside the task reminders
    @reminder_kind("tests.broken")
    def broken(*, today):
        raise RuntimeError("boom")

    stagedata.task(round_, village, due=days(0), owner=users["guide"])
    try:
        # when
        result = run_scan(today=TODAY)
    finally:
        registry.unregister("tests.broken")
    # then
    assert result.errors == {"tests.broken": "RuntimeError: boom"}
    assert result.created == 1


def test_a_new_kind_plugs_in_without_changing_the_scan(users, village):
    # given a provider of another app's kind, defaulting its reminders' kind
    @reminder_kind("tests.custom")
    def custom(*, today):
        yield Reminder(users["office"], village, "", today, "自定义提醒")

    try:
        # when
        run_scan(today=TODAY)
    finally:
        registry.unregister("tests.custom")
    # then
    assert Notification.objects.get().kind == "tests.custom"


def test_registering_a_badly_named_kind_is_refused():
    # when / then
    with pytest.raises(ValueError, match="must look like"):
        reminder_kind("Overdue")


def test_scan_reminders_command_reports_and_accepts_a_date(
    users, village, round_, capsys
):
    # given
    stagedata.task(round_, village, due=days(0), owner=users["guide"])
    # when
    call_command("scan_reminders", "--date", TODAY.isoformat())
    # then
    out = capsys.readouterr().out
    assert "stages.task_deadlines: 1" in out
    assert "1 new reminder(s)" in out


def test_scan_reminders_command_refuses_a_bad_date_and_writes_nothing(
    users, village, round_
):
    # given
    stagedata.task(round_, village, due=days(0), owner=users["guide"])
    # when / then
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("scan_reminders", "--date", "15.11.2021")
    assert not Notification.objects.exists()
