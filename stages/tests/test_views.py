"""Pages of the stages app: scoping (404/403), progress form, prints, calendar feed."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.roles import Role
from stages import services
from stages.choices import TaskStatus
from stages.models import (
    CalendarFeed,
    ElectionRound,
    TaskEvidence,
    VillageElection,
    VillageTask,
)

from .conftest import PARTY_DAY
from .factories import ElectionRoundFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def other_round(other_township, other_village, defaults, make_user):
    """A started round of another township."""
    round = ElectionRoundFactory(township=other_township, name="外镇换届")
    VillageElection.objects.create(
        round=round,
        village=other_village,
        party_election_date=PARTY_DAY,
        vc_election_date=D(2021, 11, 20),
    )
    services.round_start(
        round=round, by=make_user(Role.OFFICE, township=other_township)
    )
    return round


def _task(round, village, code="prep-survey"):
    return VillageTask.objects.get(round=round, village=village, template__code=code)


# --- battle map ---------------------------------------------------------------------


def test_office_sees_every_village_on_the_battle_map(
    election_round, villages, users, client_for
):
    response = client_for(users[Role.OFFICE]).get(reverse("stages:battle_map"))
    assert response.status_code == 200
    assert [row.subject for row in response.context["map"].rows] == villages
    assert "前期准备" in response.content.decode()


def test_guide_sees_only_their_villages_on_the_battle_map(
    election_round, villages, users, client_for
):
    response = client_for(users[Role.GUIDE]).get(reverse("stages:battle_map"))
    assert [row.subject for row in response.context["map"].rows] == villages[:2]
    assert "李庙村" not in response.content.decode()


def test_reviewer_may_not_open_the_battle_map(election_round, users, client_for):
    assert (
        client_for(users[Role.REVIEWER]).get(reverse("stages:battle_map")).status_code
        == 403
    )


def test_county_official_sees_the_county_map(election_round, users, client_for):
    response = client_for(users[Role.COUNTY]).get(reverse("stages:battle_map"))
    assert response.status_code == 200
    rows = response.context["map"].rows
    assert rows[0].subject == election_round.township
    assert rows[0].round == election_round


def test_battle_map_cell_links_to_the_village_stage(
    election_round, village, users, client_for
):
    response = client_for(users[Role.OFFICE]).get(
        reverse("stages:round_map", args=[election_round.pk])
    )
    cell = response.context["map"].rows[0].cells[0]
    assert cell.url == reverse(
        "stages:village_stage", args=[election_round.pk, village.pk, cell.stage.pk]
    )
    page = client_for(users[Role.OFFICE]).get(cell.url)
    assert page.status_code == 200
    assert {t.stage_id for g in page.context["groups"] for t in g.tasks} == {
        cell.stage.pk
    }


def test_no_round_page_when_the_township_has_none(township, users, client_for):
    response = client_for(users[Role.OFFICE]).get(reverse("stages:battle_map"))
    assert response.status_code == 200
    assert "no-round" in response.content.decode()


# --- scoping ------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.OFFICE, Role.LEADER, Role.INSPECTOR, Role.GUIDE])
def test_other_township_round_pages_answer_404(
    role, election_round, other_round, other_village, users, client_for
):
    client = client_for(users[role])
    task = _task(other_round, other_village)
    for url in [
        reverse("stages:round_detail", args=[other_round.pk]),
        reverse("stages:round_map", args=[other_round.pk]),
        reverse("stages:village_timeline", args=[other_round.pk, other_village.pk]),
        reverse("stages:village_print", args=[other_round.pk, other_village.pk]),
        reverse("stages:stage_view", args=[other_round.pk, task.stage_id]),
        reverse("stages:task_detail", args=[task.pk]),
        reverse("stages:task_sheet", args=[task.pk]),
    ]:
        assert client.get(url).status_code == 404, url


def test_guide_gets_404_for_a_village_they_do_not_guide(
    election_round, villages, users, client_for
):
    client = client_for(users[Role.GUIDE])
    outside = villages[2]
    task = _task(election_round, outside)
    assert client.get(reverse("stages:task_detail", args=[task.pk])).status_code == 404
    assert (
        client.get(
            reverse("stages:village_timeline", args=[election_round.pk, outside.pk])
        ).status_code
        == 404
    )
    response = client.post(
        reverse("stages:task_detail", args=[task.pk]),
        {"status": "done", "completed_on": "2021-08-29"},
    )
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED


def test_guide_records_progress_on_their_village(
    election_round, village, users, client_for
):
    task = _task(election_round, village)
    response = client_for(users[Role.GUIDE]).post(
        reverse("stages:task_detail", args=[task.pk]),
        {"status": "done", "completed_on": "2021-08-29", "note": "走访完毕"},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert task.completed_by == users[Role.GUIDE]


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.LEADER, Role.COUNTY])
def test_readers_may_see_but_not_edit_a_task(
    role, election_round, village, users, client_for
):
    client = client_for(users[role])
    task = _task(election_round, village)
    assert client.get(reverse("stages:task_detail", args=[task.pk])).status_code == 200
    response = client.post(
        reverse("stages:task_detail", args=[task.pk]),
        {"status": "done", "completed_on": "2021-08-29"},
    )
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED


def test_statutory_refusal_shows_the_chinese_message_in_the_form(
    election_round, village, users, client_for
):
    client = client_for(users[Role.OFFICE])
    for code, day in [
        ("vc-committee", "2021-10-18"),
        ("vc-registration", "2021-10-25"),
    ]:
        client.post(
            reverse(
                "stages:task_detail", args=[_task(election_round, village, code).pk]
            ),
            {"status": "done", "completed_on": day},
        )
    task = _task(election_round, village, "vc-voter-list")
    response = client.post(
        reverse("stages:task_detail", args=[task.pk]),
        {"status": "done", "completed_on": "2021-11-02"},
    )
    assert response.status_code == 200
    assert "2021年10月31日" in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED


def test_only_the_office_manages_rounds(election_round, village, users, client_for):
    for role in (Role.GUIDE, Role.LEADER, Role.INSPECTOR):
        client = client_for(users[role])
        assert (
            client.get(
                reverse("stages:round_edit", args=[election_round.pk])
            ).status_code
            == 403
        )
        assert (
            client.get(
                reverse("stages:election_move", args=[election_round.pk, village.pk])
            ).status_code
            == 403
        )
        assert (
            client.post(
                reverse("stages:round_start", args=[election_round.pk])
            ).status_code
            == 403
        )


def test_move_page_previews_then_applies(election_round, village, users, client_for):
    client = client_for(users[Role.OFFICE])
    url = reverse("stages:election_move", args=[election_round.pk, village.pk])
    data = {
        "party_election_date": "2021-10-15",
        "vc_election_date": "2021-11-27",
        "reason": "推迟",
    }
    preview = client.post(url, {**data, "preview": "1"})
    assert preview.status_code == 200
    assert preview.context["moves"]
    assert _task(election_round, village, "vc-voter-list").due_date == D(2021, 10, 31)
    applied = client.post(url, {**data, "confirm": "1"})
    assert applied.status_code == 302
    assert _task(election_round, village, "vc-voter-list").due_date == D(2021, 11, 7)


def test_move_page_refuses_vc_before_party(election_round, village, users, client_for):
    response = client_for(users[Role.OFFICE]).post(
        reverse("stages:election_move", args=[election_round.pk, village.pk]),
        {
            "party_election_date": "2021-11-30",
            "vc_election_date": "2021-11-27",
            "reason": "x",
            "confirm": "1",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["party_election_date"]
    assert (
        VillageElection.objects.get(
            round=election_round, village=village
        ).party_election_date
        == PARTY_DAY
    )


def test_round_create_and_start_through_the_pages(
    township, villages, users, client_for, defaults
):
    client = client_for(users[Role.OFFICE])
    response = client.post(
        reverse("stages:round_create"),
        {
            "name": "2026年换届",
            "start_date": "2026-03-01",
            "target_end_date": "2026-06-30",
            "rule_set": ElectionRound._meta.get_field("rule_set")
            .related_model.objects.get(is_default=True)
            .pk,
        },
    )
    round = ElectionRound.objects.get(name="2026年换届")
    assert response.status_code == 302
    elections = list(
        VillageElection.objects.filter(round=round).order_by("village__code")
    )
    data = {"form-TOTAL_FORMS": len(elections), "form-INITIAL_FORMS": len(elections)}
    for i, election in enumerate(elections):
        data[f"form-{i}-election_id"] = election.pk
        data[f"form-{i}-party_election_date"] = "2026-04-10"
        data[f"form-{i}-vc_election_date"] = "2026-05-15"
    assert (
        client.post(reverse("stages:election_days", args=[round.pk]), data).status_code
        == 302
    )
    assert (
        client.post(reverse("stages:round_start", args=[round.pk])).status_code == 302
    )
    assert VillageTask.objects.filter(round=round).count() == 40 * len(villages)


# --- evidence -----------------------------------------------------------------------


def test_evidence_is_served_only_inside_the_scope(
    election_round, villages, users, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    task = _task(election_round, villages[0])
    evidence = services.evidence_add(
        task=task,
        uploaded=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"),
        by=users[Role.OFFICE],
    )
    url = reverse("stages:evidence_download", args=[evidence.pk])
    response = client_for(users[Role.GUIDE]).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 x"
    outsider = services.evidence_add(
        task=_task(election_round, villages[3]),
        uploaded=SimpleUploadedFile("b.pdf", b"%PDF-1.4 y"),
        by=users[Role.OFFICE],
    )
    assert (
        client_for(users[Role.GUIDE])
        .get(reverse("stages:evidence_download", args=[outsider.pk]))
        .status_code
        == 404
    )


def test_evidence_upload_too_large_is_refused_with_nothing_written(
    election_round, village, users, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.UPLOAD_MAX_BYTES = 10
    task = _task(election_round, village)
    response = client_for(users[Role.OFFICE]).post(
        reverse("stages:task_detail", args=[task.pk]),
        {
            "status": "done",
            "completed_on": "2021-08-29",
            "evidence": SimpleUploadedFile("a.pdf", b"%PDF-1.4 0123456789"),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["evidence"]
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED
    assert not TaskEvidence.objects.exists()


# --- my tasks, prints, calendar -----------------------------------------------------------


def test_my_tasks_lists_the_guides_tasks_only(
    election_round, villages, users, client_for
):
    response = client_for(users[Role.GUIDE]).get(
        reverse("stages:my_tasks") + "?show=all"
    )
    assert response.status_code == 200
    assert response.context["paginator"].count == 80  # 2 villages × 40 tasks
    assert {t.village for t in response.context["tasks"]} <= set(villages[:2])


def test_print_pages_render(election_round, village, users, client_for):
    client = client_for(users[Role.OFFICE])
    task = _task(election_round, village, "vc-voter-list")
    sheet = client.get(reverse("stages:task_sheet", args=[task.pk]))
    assert sheet.status_code == 200
    assert "二十日前" in sheet.content.decode()
    assert (
        client.get(
            reverse("stages:village_print", args=[election_round.pk, village.pk])
        ).status_code
        == 200
    )
    township = client.get(reverse("stages:township_print", args=[election_round.pk]))
    assert township.status_code == 200
    assert "选民名单" in township.content.decode()
    assert client.get(reverse("stages:stage_list")).status_code == 200
    assert (
        client.get(
            reverse("stages:ruleset_detail", args=[election_round.rule_set_id])
        ).status_code
        == 200
    )


def test_calendar_feed_works_without_login_and_stops_when_revoked(
    election_round, users, client, client_for
):
    guide = users[Role.GUIDE]
    page = client_for(guide).get(reverse("stages:calendar_settings"))
    token = CalendarFeed.objects.get(user=guide).token
    assert token in page.context["feed_url"]
    # when fetched by a calendar app without a session
    response = client.get(reverse("stages:calendar_feed", args=[token]))
    # then it lists the guide's deadlines as all-day events
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR")
    assert body.count("BEGIN:VEVENT") == 80
    assert "DTSTART;VALUE=DATE:20211031" in body
    # when the guide revokes it
    client_for(guide).post(reverse("stages:calendar_revoke"))
    # then the old address answers 404 and a new one works
    assert client.get(reverse("stages:calendar_feed", args=[token])).status_code == 404
    new = CalendarFeed.objects.get(user=guide).token
    assert new != token
    assert client.get(reverse("stages:calendar_feed", args=[new])).status_code == 200


def test_calendar_feed_of_an_inactive_user_answers_404(election_round, users, client):
    guide = users[Role.GUIDE]
    feed = services.calendar_feed_get_or_create(user=guide)
    guide.is_active = False
    guide.save()
    assert (
        client.get(reverse("stages:calendar_feed", args=[feed.token])).status_code
        == 404
    )


def test_village_and_home_panels_show_progress(
    election_round, village, users, client_for
):
    client = client_for(users[Role.OFFICE])
    home = client.get(reverse("home")).content.decode()
    assert "round-progress-panel" in home
    page = client.get(village.get_absolute_url()).content.decode()
    assert "village-timeline-panel" in page


def test_bulk_election_days_page_is_closed_once_the_round_is_under_way(
    election_round, users, client_for
):
    response = client_for(users[Role.OFFICE]).get(
        reverse("stages:election_days", args=[election_round.pk])
    )
    assert response.status_code == 302
    assert response.url == election_round.get_absolute_url()


def test_battle_map_totals_count_only_the_villages_in_scope(
    election_round, villages, users, client_for
):
    guide_map = (
        client_for(users[Role.GUIDE]).get(reverse("stages:battle_map")).context["map"]
    )
    office_map = (
        client_for(users[Role.OFFICE]).get(reverse("stages:battle_map")).context["map"]
    )
    assert sum(c.total for c in guide_map.totals) == 2 * 40
    assert sum(c.total for c in office_map.totals) == len(villages) * 40


def test_county_map_never_counts_another_county(
    election_round, other_round, users, make_user, client_for
):
    # given an official of another county
    from villages.tests.factories import CountyFactory

    stranger = make_user(Role.COUNTY, county=CountyFactory(code="99", name="外县"))
    data = client_for(stranger).get(reverse("stages:battle_map")).context["map"]
    assert data.rows == []
    assert sum(c.total for c in data.totals) == 0
