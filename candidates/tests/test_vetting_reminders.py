"""Joint-review deadline reminders through the notification scan."""

import datetime

import pytest

from candidates import reminders
from notifications.models import Notification
from notifications.scan import run_scan

pytestmark = pytest.mark.django_db

DUE = datetime.date(2021, 9, 13)  # batch sent Monday 2021-09-06, five working days


@pytest.fixture
def sent(vetting):
    nominations = [vetting.nominate(), vetting.nominate(village=vetting.villages[1])]
    vetting.send(*nominations)
    return nominations


def _titles(user):
    return list(
        Notification.objects.filter(recipient=user).values_list("title", flat=True)
    )


def test_nothing_is_reminded_two_working_days_before(vetting, sent):
    # 2021-09-09 (Thu): the next working day is Friday, the deadline Monday
    assert list(reminders.review_items_due(today=datetime.date(2021, 9, 9))) == []


def test_reviewer_is_reminded_the_working_day_before_with_one_reminder_per_batch(
    vetting, sent
):
    # when: Friday 2021-09-10, the deadline is the next working day
    run_scan(today=datetime.date(2021, 9, 10))
    # then
    titles = _titles(vetting.reviewers["gongan"])
    assert titles == ["公安：2名人选的联审意见将于2021年9月13日到期"]


def test_reviewer_is_reminded_on_the_day_and_when_overdue(vetting, sent):
    run_scan(today=DUE)
    run_scan(today=DUE + datetime.timedelta(days=2))
    titles = _titles(vetting.reviewers["fayuan"])
    assert "法院：2名人选的联审意见今天到期" in titles
    assert "法院：2名人选的联审意见已逾期2天（应于2021年9月13日反馈）" in titles


def test_signed_items_and_closed_nominations_are_not_reminded(vetting, sent):
    # given: 公安 signed both; 法院's second nominee is disqualified by 公安's finding
    vetting.answer(sent[0], "gongan")
    vetting.answer(sent[1], "gongan", issues={2: "有前科"})
    # when
    found = list(reminders.review_items_due(today=DUE))
    # then
    recipients = {r.recipient.username for r in found}
    assert "reviewer" not in recipients
    fayuan = next(r for r in found if r.recipient == vetting.reviewers["fayuan"])
    assert "1名人选" in fayuan.title


def test_reviewers_of_another_township_are_not_reminded(
    vetting, sent, other_township, make_user
):
    stranger = make_user("reviewer", township=other_township, username="stranger")
    vetting.departments["gongan"].reviewers.add(stranger)
    run_scan(today=DUE)
    assert _titles(stranger) == []


def test_office_is_reminded_after_the_escalation_threshold(vetting, sent):
    # the round's rule set: escalate_overdue_days = 3
    assert (
        list(reminders.review_items_escalated(today=DUE + datetime.timedelta(days=2)))
        == []
    )
    run_scan(today=DUE + datetime.timedelta(days=3))
    titles = _titles(vetting.office)
    assert len(titles) == 1
    assert "联审逾期" in titles[0]
    assert "组织部、公安、法院尚未反馈2名人选" in titles[0]


def test_scanning_twice_writes_each_reminder_once(vetting, sent):
    run_scan(today=DUE)
    before = Notification.objects.count()
    run_scan(today=DUE)
    assert Notification.objects.count() == before > 0


def test_providers_read_a_fixed_number_of_queries(
    vetting, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    vetting.send(vetting.nominate())
    with CaptureQueriesContext(connection) as ctx:
        list(reminders.review_items_due(today=DUE))
        list(reminders.review_items_escalated(today=DUE + datetime.timedelta(days=5)))
    vetting.send(
        *[vetting.nominate(village=v) for v in vetting.villages for _ in range(3)]
    )
    with django_assert_max_num_queries(len(ctx)):
        list(reminders.review_items_due(today=DUE))
        list(reminders.review_items_escalated(today=DUE + datetime.timedelta(days=5)))
