"""Supervisors' screens (SPEC §3.9): lagging villages, the township task list, the
battle map's progress colours and its Excel export, the county comparison."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.roles import Role
from stages import dashboards, mapcells
from stages.choices import TaskStatus
from stages.models import Stage, VillageTask
from stages.selectors import Cell
from villages.models import WorkingGroup

from .conftest import TODAY
from .factories import ElectionRoundFactory

pytestmark = pytest.mark.django_db


def _finish(round, village, *, keep_open: int = 0):
    """Mark a village's tasks done, leaving the ``keep_open`` earliest ones open."""
    tasks = list(
        VillageTask.objects.filter(round=round, village=village).order_by(
            "due_date", "pk"
        )
    )
    done = [t.pk for t in tasks[keep_open:]]
    VillageTask.objects.filter(pk__in=done).update(
        status=TaskStatus.DONE, completed_on=TODAY
    )


@pytest.fixture
def progress(election_round, villages):
    """On TODAY: villages[0] has done nothing, villages[1] left 1 task, the others 3."""
    _finish(election_round, villages[1], keep_open=1)
    _finish(election_round, villages[2], keep_open=3)
    _finish(election_round, villages[3], keep_open=3)
    return election_round


# --- lagging villages -----------------------------------------------------------------


def test_lagging_villages_rank_most_overdue_first_with_worst_stage_and_leader(
    progress, villages, users
):
    # when the leader asks for the ranking on TODAY
    data = dashboards.lagging_villages(
        round=progress, user=users[Role.LEADER], today=TODAY
    )
    # then the village that did nothing comes first, the nearly finished one last
    names = [row.village.name for row in data.rows]
    assert names[0] == villages[0].name
    assert names[-1] == villages[1].name
    first = data.rows[0]
    overdue = VillageTask.objects.filter(round=progress, village=villages[0]).overdue(
        today=TODAY
    )
    assert first.overdue == overdue.count() > 0
    assert first.percent == 0
    # the worst stage is the one with the most overdue tasks
    by_stage = {}
    for task in overdue.select_related("stage"):
        by_stage[task.stage.name] = by_stage.get(task.stage.name, 0) + 1
    assert first.worst.stage.name == max(by_stage, key=by_stage.get)
    assert first.worst.overdue == max(by_stage.values())
    # the guidance group and its leader are named (the guide guides villages[0:2])
    assert first.guidance.group.name == "guide指导组"
    assert first.guidance.leader.user == users[Role.GUIDE]
    assert first.overdue_url.endswith(f"village={villages[0].pk}&overdue=1")
    assert data.behind == 4
    assert data.villages == 4


def test_worst_stage_without_overdue_is_the_first_unfinished():
    stages = [Stage(name=n, order=i) for i, n in enumerate(["甲", "乙", "丙"])]
    lags = [
        dashboards.StageLag(stage=stages[0], total=5, done=5),
        dashboards.StageLag(stage=stages[1], total=6, done=2),
        dashboards.StageLag(stage=stages[2], total=6, done=0),
    ]
    assert dashboards.worst_stage(lags).stage.name == "乙"
    lags[2].overdue = 1
    assert dashboards.worst_stage(lags).stage.name == "丙"


def test_leader_home_shows_the_most_lagging_village_first_and_links_its_overdue_tasks(
    progress, villages, users, client_for
):
    # given the leader's home page (every 2021 deadline is past in real time)
    response = client_for(users[Role.LEADER]).get(reverse("home"))
    content = response.content.decode()
    # then the lagging panel comes first and names villages[0] before the others
    assert content.index('id="lagging-panel"') < content.index(
        'id="round-progress-panel"'
    )
    table = content[content.index('id="lagging-villages"') :]
    assert table.index(villages[0].name) < table.index(villages[1].name)
    # and its overdue badge opens the task list filtered to that village's overdue tasks
    link = f"{reverse('stages:task_list')}?round={progress.pk}&amp;village={villages[0].pk}&amp;overdue=1"
    assert link in content
    # the “N tasks overdue” link goes to the task list, not to an empty “my tasks”
    assert f"{reverse('stages:task_list')}?round={progress.pk}&amp;overdue=1" in content


def test_stage_tiles_show_progress_and_overdue_separately(progress, users, client_for):
    content = client_for(users[Role.OFFICE]).get(reverse("home")).content.decode()
    panel = content[
        content.index('id="round-progress-panel"') : content.index('id="village-count"')
    ]
    # tiles are not painted red as a whole: red appears only on the overdue badge
    assert "border-danger" not in panel
    assert "stage-tile" in panel
    assert "text-bg-danger" in panel


# --- task list ------------------------------------------------------------------------


def _listed(client, **params):
    response = client.get(reverse("stages:task_list"), params)
    assert response.status_code == 200
    return response


def test_task_list_filters_match_the_database(progress, villages, users, client_for):
    client = client_for(users[Role.OFFICE])
    today = datetime.date.today()
    tasks = VillageTask.objects.filter(round=progress)
    stage = Stage.objects.get(code="candidates")
    group = WorkingGroup.objects.get(name="guide指导组")
    cases = [
        ({"stage": stage.pk}, tasks.filter(stage=stage)),
        ({"status": "done"}, tasks.filter(status=TaskStatus.DONE)),
        ({"status": "open"}, tasks.open()),
        ({"village": villages[2].pk}, tasks.filter(village=villages[2])),
        ({"group": group.pk}, tasks.filter(village__in=villages[:2])),
        ({"overdue": 1}, tasks.overdue(today=today)),
        ({"owner": users[Role.GUIDE].pk}, tasks.filter(owner=users[Role.GUIDE])),
        (
            {"village": villages[1].pk, "overdue": 1},
            tasks.filter(village=villages[1]).overdue(today=today),
        ),
    ]
    for params, expected in cases:
        response = _listed(client, round=progress.pk, **params)
        assert response.context["count"] == expected.count(), params
    # due within N days: move two open tasks near today
    open_tasks = list(tasks.open().order_by("pk")[:2])
    VillageTask.objects.filter(pk=open_tasks[0].pk).update(
        due_date=today + datetime.timedelta(days=2)
    )
    VillageTask.objects.filter(pk=open_tasks[1].pk).update(
        due_date=today + datetime.timedelta(days=9)
    )
    assert _listed(client, due_within=3).context["count"] == 1
    assert _listed(client, due_within=10).context["count"] == 2


def test_task_list_reports_bad_filters_in_chinese_and_still_answers(
    progress, users, client_for
):
    client = client_for(users[Role.OFFICE])
    response = _listed(client, status="bogus", stage="abc", due_within="9999")
    content = response.content.decode()
    assert "未知状态“bogus”，该筛选条件未生效。" in content
    assert "“abc”不是有效的阶段，该筛选条件未生效。" in content
    assert "“N天内到期”最多为366天" in content
    assert (
        response.context["count"] == VillageTask.objects.filter(round=progress).count()
        or response.context["filters"].due_within == 366
    )


def test_task_list_exports_excel_and_prints(progress, villages, users, client_for):
    client = client_for(users[Role.OFFICE])
    response = client.get(
        reverse("stages:task_list"), {"village": villages[0].pk, "format": "xlsx"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("村（社区）", "指导组", "组长")
    assert (
        len(rows) - 1
        == VillageTask.objects.filter(round=progress, village=villages[0]).count()
    )
    assert {r[0] for r in rows[1:]} == {villages[0].name}
    assert rows[1][2] == users[Role.GUIDE].display_name
    printed = client.get(
        reverse("stages:task_list"), {"overdue": 1, "format": "print"}
    ).content.decode()
    assert 'class="print-sheet"' in printed
    assert "data-print" in printed


def test_guide_dashboard_and_task_list_never_name_another_groups_village(
    progress, villages, users, client_for
):
    client = client_for(users[Role.GUIDE])
    others = [v.name for v in villages[2:]]
    pages = [
        client.get(reverse("home")),
        client.get(reverse("stages:task_list")),
        client.get(reverse("stages:task_list"), {"format": "print"}),
        client.get(reverse("stages:lagging")),
        # asking for another village by id shows nothing of it
        client.get(reverse("stages:task_list"), {"village": villages[3].pk}),
    ]
    for response in pages:
        assert response.status_code == 200
        content = response.content.decode()
        for name in others:
            assert name not in content
    assert villages[0].name in pages[1].content.decode()
    export = client.get(reverse("stages:task_list"), {"format": "xlsx"})
    names = {
        r[0] for r in list(load_workbook(BytesIO(export.content)).active.values)[1:]
    }
    assert names == {villages[0].name, villages[1].name}
    sheet = client.get(
        reverse("stages:round_map", args=[progress.pk]), {"format": "xlsx"}
    )
    names = {
        r[0] for r in list(load_workbook(BytesIO(sheet.content)).active.values)[1:]
    }
    assert not names & set(others)


def test_other_township_round_is_404_and_reviewer_is_403(
    progress, other_township, users, client_for, defaults
):
    foreign = ElectionRoundFactory(township=other_township)
    office = client_for(users[Role.OFFICE])
    for name in ("stages:task_list", "stages:lagging"):
        assert office.get(reverse(name), {"round": foreign.pk}).status_code == 404
        assert office.get(reverse(name), {"round": "x"}).status_code == 404
        assert client_for(users[Role.REVIEWER]).get(reverse(name)).status_code == 403
    assert (
        office.get(
            reverse("stages:round_map", args=[foreign.pk]), {"format": "xlsx"}
        ).status_code
        == 404
    )


# --- battle map -----------------------------------------------------------------------


def test_cell_colour_follows_progress_and_overdue_is_a_marker():
    stage = Stage(name="部署启动", order=2)
    nearly = Cell(stage=stage, total=132, done=131, overdue=1)
    half = Cell(stage=stage, total=12, done=6, overdue=6)
    nearly_html, half_html = mapcells.cell_html(nearly), mapcells.cell_html(half)
    # 131/132 is painted as nearly done, 6/12 as half done: they no longer look alike
    assert 'data-band="p3"' in nearly_html
    assert 'data-band="p2"' in half_html
    assert "99%" in nearly_html  # never rounded up to 100% while a task is open
    assert 'class="od-mark">1' in nearly_html
    assert 'class="od-mark">6' in half_html
    assert mapcells.band(0, 5) == "p0"
    assert mapcells.band(5, 5) == "done"
    assert mapcells.band(0, 0) == "empty"


def test_battle_map_shows_percentages_in_totals_and_the_phone_layout_css(
    progress, users, client_for
):
    content = (
        client_for(users[Role.OFFICE])
        .get(reverse("stages:round_map", args=[progress.pk]))
        .content.decode()
    )
    tasks = VillageTask.objects.filter(round=progress)
    percent = mapcells.percent(
        tasks.exclude(status__in=["not_started", "in_progress"]).count(), tasks.count()
    )
    total_cell = content[content.index('id="map-total-percent"') :][:300]
    assert f"{percent}%" in total_cell
    assert "prog-" in content
    assert "od-mark" in content


def test_battle_map_excel_keeps_the_colours(progress, villages, users, client_for):
    response = client_for(users[Role.OFFICE]).get(
        reverse("stages:round_map", args=[progress.pk]), {"format": "xlsx"}
    )
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    first_stage = header.index("前期准备")
    by_name = {row[0].value: row for row in rows[1:] if row[0].value}
    # villages[1] finished its first stage: the cell has the “all done” fill
    done_cell = by_name[villages[1].name][first_stage]
    assert done_cell.fill.fgColor.rgb.endswith(mapcells.FILLS["done"][0])
    # villages[0] did nothing: white fill, red bold text with the overdue count
    idle = by_name[villages[0].name][first_stage]
    assert idle.fill.fgColor.rgb.endswith(mapcells.FILLS["p0"][0])
    assert idle.font.color.rgb.endswith(mapcells.OVERDUE_FONT)
    assert idle.font.b
    assert "逾期" in idle.value
    assert any(name.startswith("全部") for name in by_name)  # the totals row


# --- county ---------------------------------------------------------------------------


def test_county_home_compares_townships_and_drills_down(progress, users, client_for):
    response = client_for(users[Role.COUNTY]).get(reverse("home"))
    content = response.content.decode()
    panel = content[content.index('id="county-panel"') :]
    assert progress.township.name in panel
    assert reverse("stages:round_map", args=[progress.pk]) in panel
    assert f"{reverse('stages:lagging')}?round={progress.pk}" in panel
    tasks = VillageTask.objects.filter(round=progress)
    overdue = tasks.overdue(today=datetime.date.today()).count()
    assert f">{overdue}</a>" in panel
    # the drill-down to the township's villages works for the county official
    lagging = client_for(users[Role.COUNTY]).get(
        reverse("stages:lagging"), {"round": progress.pk}
    )
    assert lagging.status_code == 200
