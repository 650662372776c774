"""Inspection notes (督导意见): who writes and reads them, their life cycle, reminders."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from notifications.models import Notification
from notifications.scan import run_scan
from stages.tests.factories import ElectionRoundFactory
from supervision import reminders
from supervision.choices import NoteStatus
from supervision.models import InspectionNote

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def note(villages, users, today):
    """An open note on villages[0] (guided by the guide), due in a week."""
    return InspectionNote.objects.create(
        village=villages[0],
        finding="公示栏未张贴候选人初步人选名单。",
        requirement="补贴公示并拍照留存。",
        deadline=today + datetime.timedelta(days=7),
        created_by=users[Role.INSPECTOR],
    )


def _form(deadline, **extra):
    return {
        "finding": "推荐会议记录缺少监票人签字。",
        "requirement": "补齐签字，报组织办审核。",
        "deadline": deadline.isoformat(),
        "subject": "",
        **extra,
    }


def test_inspector_writes_a_note_shown_on_the_village_page_and_home(
    villages, users, client_for, today
):
    client = client_for(users[Role.INSPECTOR])
    url = reverse("supervision:note_create") + f"?village={villages[0].pk}"
    # when the inspector records a note
    response = client.post(url, _form(today + datetime.timedelta(days=5)))
    # then it is saved and opens on its page, with its history
    note = InspectionNote.objects.get()
    assert response.status_code == 302
    assert response["Location"] == note.get_absolute_url()
    assert note.created_by == users[Role.INSPECTOR]
    assert note.status == NoteStatus.OPEN
    assert note.history.count() == 1
    page = client.get(note.get_absolute_url()).content.decode()
    assert "推荐会议记录缺少监票人签字。" in page
    # and it is listed on the village page and the inspector's home
    village_page = client.get(villages[0].get_absolute_url()).content.decode()
    assert 'id="village-notes-panel"' in village_page
    assert "推荐会议记录缺少监票人签字" in village_page
    home = client.get(reverse("home")).content.decode()
    assert 'id="notes-home-panel"' in home
    assert "1条待整改" in home


def test_a_past_deadline_or_another_villages_task_is_refused_and_nothing_saved(
    villages, users, client_for, today, defaults
):
    from stages import services as stage_services
    from stages.models import VillageElection, VillageTask

    round = ElectionRoundFactory(
        township=villages[0].township,
        start_date=today - datetime.timedelta(days=30),
        target_end_date=today + datetime.timedelta(days=60),
    )
    for village in villages:
        VillageElection.objects.create(
            round=round,
            village=village,
            party_election_date=today + datetime.timedelta(days=10),
            vc_election_date=today + datetime.timedelta(days=30),
        )
    stage_services.round_start(round=round, by=users[Role.OFFICE])
    foreign_task = VillageTask.objects.filter(village=villages[1]).first()
    client = client_for(users[Role.INSPECTOR])
    url = reverse("supervision:note_create") + f"?village={villages[0].pk}"
    # a deadline before today
    response = client.post(url, _form(today - datetime.timedelta(days=1)))
    assert response.status_code == 200
    assert "整改期限不能早于今天，请填写今天或以后的日期。" in response.content.decode()
    # a task of another village (the form offers only this village's tasks)
    response = client.post(
        url, _form(today + datetime.timedelta(days=3), task=foreign_task.pk)
    )
    assert response.status_code == 200
    assert "task" in response.context["form"].errors
    # a date that is no date
    response = client.post(url, {**_form(today), "deadline": "明天"})
    assert "deadline" in response.context["form"].errors
    assert not InspectionNote.objects.exists()


def test_only_inspector_and_office_write_others_get_403(
    note, villages, users, client_for, today
):
    url = reverse("supervision:note_create") + f"?village={villages[0].pk}"
    for role in (Role.LEADER, Role.COUNTY, Role.DISCIPLINE):
        client = client_for(users[role])
        assert client.get(url).status_code == 403
        assert client.post(url, _form(today)).status_code == 403
        assert (
            client.post(reverse("supervision:note_close", args=[note.pk])).status_code
            == 403
        )
        # they read it (county read-only across townships)
        assert client.get(note.get_absolute_url()).status_code == 200
    guide = client_for(users[Role.GUIDE])
    assert guide.post(url, _form(today)).status_code == 403
    assert (
        client_for(users[Role.REVIEWER]).get(note.get_absolute_url()).status_code == 403
    )
    assert client_for(users[Role.OFFICE]).get(url).status_code == 200
    assert InspectionNote.objects.count() == 1


def test_notes_follow_the_village_scope(note, villages, users, client_for, today):
    # given a note on a village the guide does not guide
    other = InspectionNote.objects.create(
        village=villages[3],
        finding="宣传板缺失。",
        requirement="设置宣传板。",
        deadline=today,
        created_by=users[Role.INSPECTOR],
    )
    guide = client_for(users[Role.GUIDE])
    # then the guide reads the note of their village, and gets 404 for the other
    assert guide.get(note.get_absolute_url()).status_code == 200
    assert guide.get(other.get_absolute_url()).status_code == 404
    assert (
        guide.get(
            reverse("supervision:note_list"), {"village": villages[3].pk}
        ).status_code
        == 404
    )
    listing = guide.get(reverse("supervision:note_list"), {"state": "all"})
    content = listing.content.decode()
    assert "公示栏未张贴" in content
    assert "宣传板缺失" not in content
    assert villages[3].name not in content


def test_follow_up_close_and_reopen_keep_the_history(note, users, client_for):
    client = client_for(users[Role.INSPECTOR])
    client.post(
        reverse("supervision:note_follow_up", args=[note.pk]),
        {"text": "已电话督促指导组。"},
    )
    response = client.post(
        reverse("supervision:note_follow_up", args=[note.pk]), {"text": "  "}
    )
    assert "请填写核查或整改情况。" in client.get(response["Location"]).content.decode()
    client.post(
        reverse("supervision:note_close", args=[note.pk]),
        {"conclusion": "现场复核，已补贴。"},
    )
    note.refresh_from_db()
    assert note.status == NoteStatus.CLOSED
    assert note.closed_by == users[Role.INSPECTOR]
    assert "已电话督促指导组。" in note.follow_up
    assert "销号：现场复核，已补贴。" in note.follow_up
    # a closed note cannot be amended until reopened
    edit = client.post(
        reverse("supervision:note_edit", args=[note.pk]),
        {
            "finding": "改写",
            "requirement": "改写",
            "deadline": note.deadline.isoformat(),
        },
    )
    assert "该督导意见已销号，请先重新打开再修改。" in edit.content.decode()
    client.post(reverse("supervision:note_reopen", args=[note.pk]))
    note.refresh_from_db()
    assert note.status == NoteStatus.OPEN
    assert note.closed_on is None
    assert note.finding == "公示栏未张贴候选人初步人选名单。"
    assert note.history.count() == 4  # created, follow-up, closed, reopened
    page = client.get(note.get_absolute_url()).content.decode()
    assert "history" in page


def test_reminders_go_to_the_guidance_leader_and_the_writer_once_a_day(
    note, users, today
):
    # due in 3 days: the guide (leader of villages[0]'s group) is reminded
    InspectionNote.objects.filter(pk=note.pk).update(
        deadline=today + datetime.timedelta(days=3)
    )
    batch = list(reminders.note_deadline_reminders(today=today))
    assert [(r.recipient, r.kind) for r in batch] == [
        (users[Role.GUIDE], reminders.DUE)
    ]
    assert "督导意见整改期限还有3天" in batch[0].title
    # overdue: the guide and the inspector who wrote it
    InspectionNote.objects.filter(pk=note.pk).update(
        deadline=today - datetime.timedelta(days=2)
    )
    batch = list(reminders.note_deadline_reminders(today=today))
    assert {r.recipient for r in batch} == {users[Role.GUIDE], users[Role.INSPECTOR]}
    assert all(r.kind == reminders.OVERDUE for r in batch)
    assert "已超过整改期限2天" in batch[0].title
    # through the scan: written once, a second scan the same day adds nothing
    run_scan(today=today)
    count = Notification.objects.filter(kind=reminders.OVERDUE).count()
    assert count == 2
    run_scan(today=today)
    assert Notification.objects.filter(kind=reminders.OVERDUE).count() == count
    # closed notes are not reminded
    InspectionNote.objects.filter(pk=note.pk).update(
        status=NoteStatus.CLOSED, closed_on=today
    )
    assert list(reminders.note_deadline_reminders(today=today)) == []


def test_note_list_and_home_panel_queries_do_not_grow_with_notes(
    villages, users, client_for, today, django_assert_max_num_queries
):
    client = client_for(users[Role.INSPECTOR])
    counts = []
    for size in (2, 40):
        InspectionNote.objects.bulk_create(
            InspectionNote(
                village=villages[i % 4],
                finding=f"问题{i}",
                requirement="整改",
                deadline=today + datetime.timedelta(days=i % 5 - 2),
                created_by=users[Role.INSPECTOR],
            )
            for i in range(size)
        )
        with django_assert_max_num_queries(14):
            client.get(reverse("supervision:note_list"), {"state": "all"})
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("supervision:note_list"), {"state": "all"})
        counts.append(len(captured))
    assert counts[0] == counts[1]
