"""舆情 records and the reminders of report and 舆情 deadlines."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.roles import Role
from discipline import reminders, services
from discipline.models import PublicOpinion, Report
from villages.tests.factories import VillageFactory

from .factories import OpinionFactory, ReportFactory

pytestmark = pytest.mark.django_db

FRIDAY = datetime.date(2021, 10, 15)


def _opinion_data(village, **overrides):
    data = {
        "village": village,
        "source": "online",
        "platform": "村民微信群",
        "summary": "群内传言某参选人请客拉票",
        "discovered_on": FRIDAY,
        "risk_level": "high",
        "due_on": None,
    }
    data.update(overrides)
    return data


def test_opinion_deadline_defaults_from_the_risk_level(users, villages):
    # given a high-risk and a low-risk record without a deadline
    # when they are recorded
    high = services.opinion_save(by=users[Role.OFFICE], data=_opinion_data(villages[0]))
    low = services.opinion_save(
        by=users[Role.OFFICE], data=_opinion_data(villages[0], risk_level="low")
    )
    # then the deadline follows the settings (1 and 7 days)
    assert high.due_on == FRIDAY + datetime.timedelta(days=1)
    assert low.due_on == FRIDAY + datetime.timedelta(days=7)


def test_opinion_deadline_before_discovery_is_refused(users, villages):
    # given a deadline before the day it was found
    data = _opinion_data(villages[0], due_on=FRIDAY - datetime.timedelta(days=1))
    # when it is recorded
    with pytest.raises(ValidationError) as caught:
        services.opinion_save(by=users[Role.OFFICE], data=data)
    # then it is refused and nothing is written
    assert "早于发现日期" in " ".join(caught.value.messages)
    assert PublicOpinion.objects.count() == 0


def test_opinion_closes_only_once_verified_and_handled(users, villages):
    # given an open record
    opinion = services.opinion_save(
        by=users[Role.GUIDE], data=_opinion_data(villages[0])
    )
    # when it is closed before being handled
    with pytest.raises(ValidationError) as caught:
        services.opinion_close(opinion=opinion, by=users[Role.GUIDE])
    assert "请先填写核实情况和处置情况" in " ".join(caught.value.messages)
    # then after verification and handling it closes
    opinion = services.opinion_save(
        by=users[Role.GUIDE],
        data={
            "verification": "经入村核实，系误传",
            "handling": "在群内澄清",
            "village": villages[0],
        },
        instance=opinion,
    )
    opinion = services.opinion_close(opinion=opinion, by=users[Role.GUIDE])
    assert opinion.closed
    assert opinion.handler == users[Role.GUIDE]
    with pytest.raises(ValidationError):
        services.opinion_close(opinion=opinion, by=users[Role.GUIDE])


def test_overdue_opinions_filter_and_page(users, villages, client_for):
    # given one overdue and one closed record
    overdue = OpinionFactory(village=villages[0], summary="逾期未处置的舆情")
    OpinionFactory(
        village=villages[0], summary="已办结的舆情", closed=True, closed_on=FRIDAY
    )
    # when the overdue filter is used on a later day
    assert list(PublicOpinion.objects.overdue(FRIDAY)) == [overdue]
    content = (
        client_for(users[Role.OFFICE])
        .get(reverse("discipline:opinion_list"), {"state": "overdue"})
        .content.decode()
    )
    # then only the overdue one is listed
    assert "逾期未处置的舆情" in content
    assert "已办结的舆情" not in content


def test_opinion_of_another_village_is_404_for_the_guide(users, villages, client_for):
    # given a record in a village the guide does not guide
    opinion = OpinionFactory(village=villages[3])
    # when the guide opens it
    # then it does not exist for them
    assert (
        client_for(users[Role.GUIDE]).get(opinion.get_absolute_url()).status_code == 404
    )


def test_opinion_reminders_go_to_the_handler_or_discipline(users, villages):
    # given an overdue record without a handler and one due tomorrow with a handler
    day = datetime.date(2021, 10, 20)
    OpinionFactory(
        village=villages[0],
        due_on=day - datetime.timedelta(days=2),
        discovered_on=day - datetime.timedelta(days=3),
    )
    OpinionFactory(
        village=villages[1],
        due_on=day + datetime.timedelta(days=1),
        discovered_on=day,
        handler=users[Role.OFFICE],
    )
    # when the scan runs
    items = list(reminders.opinions_due(today=day))
    # then discipline gets the overdue one and the handler the other
    assert sorted((i.recipient.username, "逾期" in i.title) for i in items) == [
        ("discipline", True),
        ("office", False),
    ]


# --- report reminders -------------------------------------------------------------------------


@pytest.fixture
def verifying(users, villages):
    """Reports under verification due tomorrow, today, 1 day and 4 days ago."""
    today = datetime.date(2021, 11, 10)
    result = {}
    for label, offset in (("tomorrow", 1), ("today", 0), ("late1", -1), ("late4", -4)):
        result[label] = ReportFactory(
            village=villages[2],
            status="accepted",
            received_on=today - datetime.timedelta(days=10),
            accepted_on=today - datetime.timedelta(days=10),
            verify_due=today + datetime.timedelta(days=offset),
        )
    return today, result


def test_verification_reminders_for_due_tomorrow_today_and_overdue(users, verifying):
    # given reports due tomorrow, today and overdue
    today, reports = verifying
    # when the scan runs
    items = list(reminders.reports_to_verify(today=today))
    by_report = {}
    for item in items:
        by_report.setdefault(item.subject.pk, []).append(item)
    # then discipline is reminded of each; after 3 days overdue the leader too
    assert {r.pk for r in reports.values()} == set(by_report)
    assert "明天" in by_report[reports["tomorrow"].pk][0].title
    assert "今日到期" in by_report[reports["today"].pk][0].title
    assert "已逾期1天" in by_report[reports["late1"].pk][0].title
    assert {i.recipient.username for i in by_report[reports["late1"].pk]} == {
        "discipline"
    }
    assert {i.recipient.username for i in by_report[reports["late4"].pk]} == {
        "discipline",
        "leader",
    }
    assert all(i.url == i.subject.get_absolute_url() for i in items)


def test_report_reminders_take_constant_queries(
    users, township, verifying, django_assert_max_num_queries
):
    # given many more overdue reports in many villages
    today, _reports = verifying
    for _index in range(30):
        ReportFactory(
            village=VillageFactory(township=township),
            status="accepted",
            accepted_on=datetime.date(2021, 10, 1),
            verify_due=today - datetime.timedelta(days=5),
        )
    # when the providers run
    with django_assert_max_num_queries(12):
        count = len(list(reminders.reports_to_verify(today=today)))
    with django_assert_max_num_queries(6):
        list(reminders.reports_to_accept(today=today))
    # then every report is reminded of, in a fixed number of queries
    assert count >= 34


def test_acceptance_and_extension_reminders(users, villages):
    # given a report registered yesterday and a pending extension
    today = datetime.date(2021, 11, 10)
    registered = ReportFactory(
        village=villages[2], received_on=today - datetime.timedelta(days=1)
    )
    accepted = ReportFactory(
        village=villages[3],
        status="accepted",
        accepted_on=today,
        verify_due=today + datetime.timedelta(days=5),
    )
    services.extension_request(
        report=accepted,
        by=users[Role.DISCIPLINE],
        days=2,
        reason="需赴外地调查取证，申请延期",
    )
    # when the scan runs
    accept_items = list(reminders.reports_to_accept(today=today))
    extension_items = list(reminders.extensions_to_decide(today=today))
    # then discipline is told acceptance is late, and the leader has a decision to make
    assert [(i.recipient.username, i.subject) for i in accept_items] == [
        ("discipline", registered)
    ]
    assert "未受理" in accept_items[0].title
    assert [i.recipient.username for i in extension_items] == ["leader"]


def test_scan_writes_report_reminders_once(users, verifying):
    # given the notifications scan
    scan = pytest.importorskip("notifications.scan")
    from notifications.models import Notification

    today, _reports = verifying
    # when it runs twice on the same day
    scan.run_scan(today=today)
    first = Notification.objects.filter(kind__startswith="discipline.").count()
    scan.run_scan(today=today)
    # then the discipline reminders are written once
    assert first >= 4
    assert Notification.objects.filter(kind__startswith="discipline.").count() == first
    assert not Notification.objects.filter(
        kind__startswith="discipline.", recipient__username="guide"
    ).exists()
    assert Report.objects.count() == 4
