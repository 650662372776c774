"""The confidentiality matrix of reports (举报): every role × every place a report shows.

Two rules are checked in every cell:
1. the reporter's identity, contact and original text appear only for ``discipline``;
2. users scoped to the reported village (its guide, any village-limited user, a
   leader who also guides it) never see the report at all — not in a list, a
   count, a search hit, an export, a panel, the admin or a history.
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from core.models import AccessLog
from core.roles import Role
from discipline.models import Report, ReportAttachment, ReportSource

from .conftest import ORIGINAL, REPORTER_NAME, REPORTER_PHONE

pytestmark = pytest.mark.django_db

# What each role may see: "full" = rows and the reporter; "rows" = rows without the
# reporter; "counts" = township-level counts only; "nothing".
ROLES = {
    "discipline": "full",
    "office": "rows",
    "leader": "rows",
    "superuser": "rows",
    "inspector": "counts",
    "county": "counts",
    "guide": "nothing",  # guides the reported village
    "guide_other": "nothing",  # guides another village: still village-scoped
    "reviewer": "nothing",
    "leader_guide": "recused",  # a leader who is also in the reported village's group
}

VIEWS = [
    "list",
    "detail",
    "print",
    "search_reporter",
    "search_person",
    "export",
    "attachment",
    "source_edit",
    "totals",
    "home_panel",
    "village_panel",
    "person_panel",
    "admin_changelist",
    "admin_change",
    "admin_history",
    "admin_search",
]

SECRETS = (REPORTER_NAME, REPORTER_PHONE, ORIGINAL)
SHOWN_TO_DISCIPLINE = {
    "detail": SECRETS,
    "print": SECRETS,
    "source_edit": SECRETS,
    "export": (REPORTER_NAME, REPORTER_PHONE),
}


@pytest.fixture
def actors(users, township, villages, make_user):
    """Every role of the matrix, all staff with view permission on reports in the admin
    (the worst configuration: only the querysets stand between them and the data)."""
    from core.tests.factories import UserFactory

    people = {
        "discipline": users[Role.DISCIPLINE],
        "office": users[Role.OFFICE],
        "leader": users[Role.LEADER],
        "inspector": users[Role.INSPECTOR],
        "county": users[Role.COUNTY],
        "guide": users[Role.GUIDE],
        "reviewer": users[Role.REVIEWER],
        "guide_other": make_user(Role.GUIDE, township=township, villages=[villages[2]]),
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
    }
    leader_guide = make_user(Role.LEADER, township=township, villages=[villages[0]])
    people["leader_guide"] = leader_guide
    view_report = Permission.objects.get(codename="view_report")
    for group in Group.objects.all():
        group.permissions.add(view_report)
    for user in people.values():
        user.is_staff = True
        user.save()
    return people


def _text(response) -> str:
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        cells = []
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                cells.extend(str(value) for value in row if value is not None)
        return "\n".join(cells)
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("latin-1")
    return response.content.decode()


def _fetch(view, client, user, report, villages):
    """Return (status, text) of one view of the report for one user."""
    pk = report.pk
    attachment = ReportAttachment.objects.get(report=report)
    if view == "list":
        response = client.get(reverse("discipline:report_list"))
    elif view == "detail":
        response = client.get(report.get_absolute_url())
    elif view == "print":
        response = client.get(reverse("discipline:report_print", args=[pk]))
    elif view == "search_reporter":
        response = client.get(reverse("discipline:report_list"), {"q": REPORTER_NAME})
    elif view == "search_person":
        response = client.get(reverse("discipline:report_list"), {"q": "张德胜"})
    elif view == "export":
        response = client.get(reverse("discipline:report_list"), {"export": "xlsx"})
    elif view == "attachment":
        response = client.get(reverse("discipline:report_file", args=[attachment.pk]))
    elif view == "source_edit":
        response = client.get(reverse("discipline:report_source", args=[pk]))
    elif view == "totals":
        response = client.get(reverse("discipline:totals"))
    elif view == "home_panel":
        response = client.get(reverse("home"))
    elif view == "village_panel":
        response = client.get(villages[0].get_absolute_url())
    elif view == "person_panel":
        response = client.get(report.person.get_absolute_url())
    elif view == "admin_changelist":
        response = client.get("/admin/discipline/report/")
    elif view == "admin_change":
        response = client.get(f"/admin/discipline/report/{pk}/change/")
    elif view == "admin_history":
        response = client.get(f"/admin/discipline/report/{pk}/history/")
    elif view == "admin_search":
        response = client.get("/admin/discipline/report/", {"q": REPORTER_NAME})
    else:  # pragma: no cover - a typo in VIEWS
        raise AssertionError(view)
    return response.status_code, _text(response)


def _sees_rows(level):
    return level in ("full", "rows")


# Expected status per (level, view) where it is not simply 200.
DENIED = {
    # report pages: township readers of another role get 403, village staff 404
    "counts": {
        "list": 403,
        "detail": 403,
        "print": 403,
        "search_reporter": 403,
        "search_person": 403,
        "export": 403,
        "attachment": 403,
        "source_edit": 403,
        "admin_changelist": 403,
        "admin_change": 403,
        "admin_history": 404,
        "admin_search": 403,
    },
    "nothing": {
        "list": 404,
        "detail": 404,
        "print": 404,
        "search_reporter": 404,
        "search_person": 404,
        "export": 404,
        "attachment": 404,
        "source_edit": 404,
        "totals": 403,
        "admin_changelist": 403,
        "admin_change": 403,
        "admin_history": 404,
        "admin_search": 403,
    },
    "recused": {
        "detail": 404,
        "print": 404,
        "attachment": 404,
        "source_edit": 404,
        "admin_change": 302,  # the admin's "does not exist" redirect
        "admin_history": 404,
    },
    "rows": {"attachment": 404, "source_edit": 403},
    "full": {},
}


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("role", list(ROLES))
def test_report_confidentiality_matrix(
    role, view, actors, villages, named_report, client_for
):
    # given a named 拉票贿选 report against a nominee of the guide's village
    level = ROLES[role]
    user = actors[role]
    client = client_for(user)
    # when the role opens this view
    status, text = _fetch(view, client, user, named_report, villages)
    # then the status is the one the access rule gives
    expected = DENIED.get(level, {}).get(view, 200)
    if role in ("reviewer", "guide_other") and view in (
        "village_panel",
        "person_panel",
    ):
        expected = 404  # the reported village is not in their scope at all
    assert status == expected, f"{role} × {view}: HTTP {status}, expected {expected}"
    # and the reporter is never shown to anyone but discipline (a search box echoing
    # the words typed is not a leak: it is removed before looking)
    if view in ("search_reporter", "admin_search"):
        text = text.replace(f'value="{REPORTER_NAME}"', "")
    if level == "full":
        for secret in SHOWN_TO_DISCIPLINE.get(view, ()):
            assert secret in text, f"{role} × {view} should show {secret}"
    else:
        for secret in SECRETS:
            assert secret not in text, f"{role} × {view} leaks {secret}"
    # and the report itself shows only where the role may see rows
    number = named_report.number
    if view in (
        "list",
        "detail",
        "print",
        "search_person",
        "export",
        "admin_changelist",
        "admin_change",
        "admin_history",
    ):
        assert (number in text) == (_sees_rows(level) and status == 200), (
            f"{role} × {view}"
        )
    if view in ("search_reporter", "admin_search"):
        # a search on the reporter's name finds the report only for discipline in the app
        assert (number in text) == (level == "full" and view == "search_reporter"), (
            f"{role} × {view}"
        )
    if view == "village_panel" and status == 200:
        assert ('id="panel-reports"' in text) == _sees_rows(level), f"{role} × {view}"
    if view == "person_panel" and status == 200:
        assert 'id="discipline-person-panel"' in text
        assert (number in text) == _sees_rows(level), f"{role} × {view}"
    if view == "totals" and status == 200:
        counted = 'id="report-totals"' in text
        assert counted == (level in ("full", "rows", "counts", "recused")), (
            f"{role} × {view}"
        )
        if level == "recused":
            assert "<strong>1</strong>" not in text.split('id="report-totals"')[1][:400]
    if view == "home_panel":
        assert ('id="home-reports"' in text) == (
            level in ("full", "rows", "counts", "recused")
        )
        if level == "recused":
            assert "未办结 1" not in text


def test_matrix_size_is_reported():
    # given the roles and views of the matrix
    # when they are combined
    size = len(ROLES) * len(VIEWS)
    # then every role meets every view (the closing note quotes this number)
    assert size == 160


@pytest.mark.parametrize(
    ("role", "rows", "counts", "sources"),
    [
        ("discipline", 1, 1, 1),
        ("office", 1, 1, 0),
        ("leader", 1, 1, 0),
        ("superuser", 1, 1, 0),
        ("inspector", 0, 1, 0),
        ("county", 0, 1, 0),
        ("guide", 0, 0, 0),
        ("guide_other", 0, 0, 0),
        ("reviewer", 0, 0, 0),
        ("leader_guide", 0, 0, 0),
    ],
)
def test_querysets_apply_the_rule(role, rows, counts, sources, actors, named_report):
    # given the report and a user of each role
    user = actors[role]
    # when the querysets are asked
    visible = Report.objects.visible_to(user).count()
    counted = Report.objects.counted_for(user).count()
    source_rows = ReportSource.objects.visible_to(user).count()
    files = ReportAttachment.objects.visible_to(user).count()
    # then rows, counts and the confidential source follow the access table
    assert (visible, counted, source_rows, files) == (rows, counts, sources, sources)


def test_other_township_sees_nothing(
    named_report, other_township, make_user, client_for
):
    # given discipline and office staff of another township
    for role in (Role.DISCIPLINE, Role.OFFICE):
        user = make_user(role, township=other_township)
        client = client_for(user)
        # when they guess the report's address
        response = client.get(named_report.get_absolute_url())
        # then it does not exist for them
        assert response.status_code == 404
        assert Report.objects.visible_to(user).count() == 0


def test_every_view_of_a_report_is_logged(actors, named_report, client_for):
    # given office and discipline users
    office = client_for(actors["office"])
    discipline = client_for(actors["discipline"])
    # when they open the report, the list, an export and the attachment
    office.get(named_report.get_absolute_url())
    office.get(reverse("discipline:report_list"))
    discipline.get(reverse("discipline:report_list"), {"export": "xlsx"})
    attachment = ReportAttachment.objects.get(report=named_report)
    discipline.get(reverse("discipline:report_file", args=[attachment.pk]))
    office.get(f"/admin/discipline/report/{named_report.pk}/change/")
    # then each view is in the access log, naming the report by number only
    logs = list(
        AccessLog.objects.order_by("pk").values_list(
            "user__username", "action", "object_repr"
        )
    )
    assert ("office", "view", named_report.number) in logs
    assert ("office", "view", "") in logs  # the list
    assert ("discipline", "export", "") in logs
    assert ("discipline", "view", named_report.number) in logs
    assert (
        sum(
            1
            for user, _action, obj in logs
            if user == "office" and obj == named_report.number
        )
        == 2
    )
    assert all(REPORTER_NAME not in (obj or "") for _u, _a, obj in logs)


def test_history_of_the_report_never_carries_the_reporter(
    actors, named_report, client_for
):
    # given a report whose source was corrected later (history rows on both models)
    from discipline import services

    services.report_update_source(
        report=named_report,
        by=actors["discipline"],
        anonymous=False,
        reporter_name=REPORTER_NAME,
        reporter_phone="13800001111",
        reporter_contact="村东头",
        original_content=ORIGINAL,
    )
    # when the office opens the report page with its change history
    text = (
        client_for(actors["office"])
        .get(named_report.get_absolute_url())
        .content.decode()
    )
    # then no history entry shows the reporter or the new phone
    assert 'id="history"' in text
    assert "13800001111" not in text
    assert REPORTER_NAME not in text
    # and discipline sees the source's own history
    text = (
        client_for(actors["discipline"])
        .get(named_report.get_absolute_url())
        .content.decode()
    )
    assert 'id="source-history"' in text
    assert "13800001111" in text


def test_reminders_never_go_to_the_village_staff_nor_name_the_reporter(
    actors, named_report, villages, make_user, township
):
    # given a discipline user who also guides the reported village (回避)
    import datetime

    from discipline import reminders

    recused = make_user(Role.DISCIPLINE, township=township, villages=[villages[0]])
    # when the scan asks for acceptance reminders on the day received
    items = list(reminders.reports_to_accept(today=datetime.date(2021, 10, 8)))
    # then only the non-recused discipline staff are reminded, without the reporter
    recipients = {item.recipient.username for item in items}
    assert recipients == {actors["discipline"].username}
    assert recused.username not in recipients
    for item in items:
        for secret in SECRETS:
            assert secret not in item.title + item.body
