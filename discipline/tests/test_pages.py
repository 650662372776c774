"""Panels on shared pages, the report list budget, demo data and admin."""

import datetime

import pytest
from django.urls import reverse

from core.roles import Role
from discipline.models import PublicityEntry, Report
from villages.tests.factories import VillageFactory

from .factories import LetterFactory, PublicityFactory, ReportFactory

pytestmark = pytest.mark.django_db


def test_village_panel_shows_hotline_letters_and_publicity(
    users, villages, defaults, client_for
):
    # given a village with a hotline, banners and letters
    village = villages[0]
    village.report_hotline = "0558-7601111"
    village.save()
    PublicityFactory(village=village, channel="banner", count=6)
    LetterFactory(village=village)
    # when the guide opens the village page
    content = (
        client_for(users[Role.GUIDE]).get(village.get_absolute_url()).content.decode()
    )
    # then the panel shows them, with links to print the notice and record more
    assert 'id="discipline-panel"' in content
    assert "0558-7601111" in content
    assert reverse("discipline:village_notice", args=[village.pk]) in content
    assert reverse("discipline:publicity_add") + f"?village={village.pk}" in content


def test_village_panel_queries_do_not_grow_with_records(
    users, villages, defaults, client_for, django_assert_max_num_queries
):
    # given many records in the village
    for _index in range(40):
        PublicityFactory(village=villages[0])
        LetterFactory(village=villages[0])
        ReportFactory(village=villages[0])
    # when the office opens the village page
    with django_assert_max_num_queries(60):
        response = client_for(users[Role.OFFICE]).get(villages[0].get_absolute_url())
    # then the page answers and the report counts are there
    assert response.status_code == 200
    assert 'id="panel-reports"' in response.content.decode()


def test_report_notice_prints_the_hotline(users, villages, client_for):
    # given a village with its hotline and mailbox
    village = villages[1]
    village.report_hotline = "0558-7602222"
    village.report_mailbox = "村党群服务中心门口"
    village.save()
    # when the notice is printed
    content = (
        client_for(users[Role.GUIDE])
        .get(reverse("discipline:village_notice", args=[village.pk]))
        .content.decode()
    )
    # then it names the village, the hotline, the mailbox and 12380
    assert "王楼村" in content
    assert "0558-7602222" in content
    assert "村党群服务中心门口" in content
    assert "12380" in content


def test_report_list_queries_do_not_grow_with_reports_or_villages(
    users, township, villages, client_for, django_assert_num_queries
):
    # given reports in the four villages
    for village in villages[2:]:
        ReportFactory(village=village)
    client = client_for(users[Role.DISCIPLINE])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("discipline:report_list"))
    # when twenty more villages each get a report
    for _index in range(20):
        ReportFactory(village=VillageFactory(township=township))
    # then the list takes the same number of queries
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("discipline:report_list"))
    assert response.status_code == 200
    assert len(response.context["reports"]) == 22


def test_report_list_filters(users, villages, client_for):
    # given an overdue registered report and a closed one
    late = ReportFactory(village=villages[2], received_on=datetime.date(2021, 10, 1))
    done = ReportFactory(
        village=villages[3],
        status="closed",
        conclusion="false",
        accepted_on=datetime.date(2021, 10, 1),
        verify_due=datetime.date(2021, 10, 8),
        received_on=datetime.date(2021, 10, 1),
    )
    client = client_for(users[Role.LEADER])
    # when the leader filters overdue, then closed
    overdue = client.get(
        reverse("discipline:report_list"), {"overdue": "1"}
    ).content.decode()
    closed = client.get(
        reverse("discipline:report_list"), {"status": "closed"}
    ).content.decode()
    # then each filter finds its report
    assert late.number in overdue
    assert done.number not in overdue
    assert done.number in closed
    assert late.number not in closed


def test_demo_seed_resembles_the_township_report_and_is_idempotent(db):
    # given the demo township
    from django.core.management import call_command

    call_command("seed_demo", "--force", verbosity=0)
    from discipline.selectors import discipline_totals
    from villages.models import Township

    township = Township.objects.get(code="341622108")
    from core.models import User

    office = User.objects.get(username="office")
    # when the totals are computed
    totals = discipline_totals(user=office).total
    # then they read like the seed article
    assert 100 <= totals.get("banners") < 120
    assert totals.get("event:party_study") == 4
    assert totals.get("event:seminar") == 3
    assert totals.get("lectures_screenings") == 106
    assert 400 <= totals.get("material:reminder_card") < 500
    assert 50 <= totals.get("material:prohibition_board") < 60
    assert totals.get("letter:discipline") >= 400
    # and there are reports in several states and 舆情 rows
    statuses = set(
        Report.objects.filter(township=township).values_list("status", flat=True)
    )
    assert {"closed", "handled", "accepted", "registered"} <= statuses
    # when it runs again nothing is added
    count = PublicityEntry.objects.count()
    call_command("seed_demo", "--force", verbosity=0)
    assert PublicityEntry.objects.count() == count
