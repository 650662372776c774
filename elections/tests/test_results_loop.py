"""Results close the loop: a counted election updates its timetable steps.

Valid → the step (召开选举大会) is done with the result as its note and the
battle-map cell turns done; every seat filled → 另行选举 not applicable; invalid →
the step stays open with the reason recorded on it.
"""

import datetime

import pytest

from core.roles import Role
from elections import services
from elections.choices import Body, Post
from elections.services.loop import STEPS
from stages.choices import TaskStatus
from stages.defaults import load_stages, load_templates
from stages.models import TaskTemplate, VillageTask
from stages.selectors import battle_map

from .support import formal, make_round

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 12, 12)


@pytest.fixture
def world(township, villages, users):
    load_templates(load_stages())
    round = make_round(township)
    village = villages[0]
    tasks = {}
    for code in ("vc-election", "vc-runoff"):
        template = TaskTemplate.objects.get(code=code)
        tasks[code] = VillageTask.objects.create(
            round=round,
            village=village,
            stage=template.stage,
            template=template,
            title=template.title,
            due_date=DAY + datetime.timedelta(days=template.offset_days),
        )
    noms = [
        formal(village, round, post=Post.DIRECTOR, name="甲"),
        formal(village, round, post=Post.DIRECTOR, name="丙"),
        formal(village, round, post=Post.MEMBER, name="乙", gender="female"),
        formal(village, round, post=Post.MEMBER, name="丁"),
        formal(village, round, post=Post.MEMBER, name="戊"),
    ]
    election = services.election_setup(
        village=village,
        body=Body.VILLAGERS_COMMITTEE,
        held_on=DAY,
        nominations=noms,
        seats_head=1,
        seats_member=2,
        registered=1000,
        by=users[Role.OFFICE],
        round=round,
    )
    return {
        "round": round,
        "village": village,
        "office": users[Role.OFFICE],
        "election": election,
        "tasks": tasks,
    }


def count(world, cast, **named):
    election = world["election"]
    ids = {c.person.name: c.pk for c in election.candidates.select_related("person")}
    return services.election_count(
        election=election,
        by=world["office"],
        ballots_issued=cast,
        ballots_returned=cast,
        votes={ids[name]: n for name, n in named.items()},
    )


def task(world, code):
    return VillageTask.objects.get(pk=world["tasks"][code].pk)


def assembly_cell(world):
    stage = world["tasks"]["vc-election"].stage
    data = battle_map(
        round=world["round"], user=world["office"], today=DAY + datetime.timedelta(40)
    )
    (row,) = [r for r in data.rows if r.subject == world["village"]]
    index = [s.pk for s in data.stages].index(stage.pk)
    return row.cells[index]


def test_valid_count_completes_the_step_with_the_result(world):
    before = assembly_cell(world)
    assert before.done == 0
    counted = count(world, 600, 甲=500, 丙=90, 乙=400, 丁=350, 戊=100)
    assert counted.valid is True
    assert counted.task_notes == []
    done = task(world, "vc-election")
    assert done.status == TaskStatus.DONE
    assert done.completed_on == DAY
    assert "有效" in done.note
    assert "甲（主任）" in done.note
    assert counted.get_absolute_url() in done.note
    # Every seat filled: no 另行选举.
    assert task(world, "vc-runoff").status == TaskStatus.NOT_APPLICABLE
    after = assembly_cell(world)
    assert after.done == before.done + 2


def test_shortfall_leaves_the_runoff_step_open(world):
    count(world, 600, 甲=500, 丙=90, 乙=400, 丁=250, 戊=100)
    assert task(world, "vc-election").status == TaskStatus.DONE
    runoff = task(world, "vc-runoff")
    assert runoff.status == TaskStatus.NOT_STARTED
    assert "另行选举" in task(world, "vc-election").note


def test_invalid_count_leaves_the_step_open_with_the_reason(world):
    counted = count(world, 500, 甲=400, 丙=90, 乙=300, 丁=280, 戊=100)
    assert counted.valid is False
    open_task = task(world, "vc-election")
    assert open_task.status == TaskStatus.NOT_STARTED
    assert open_task.completed_on is None
    assert "无效" in open_task.note
    assert "V5" in open_task.note
    assert task(world, "vc-runoff").status == TaskStatus.NOT_STARTED
    assert assembly_cell(world).done == 0


def test_a_step_the_timetable_refuses_is_reported_not_forced(world):
    """A prerequisite still open: the count stands, the step stays, the reason is returned."""
    template = TaskTemplate.objects.get(code="vc-candidate-list")
    VillageTask.objects.create(
        round=world["round"],
        village=world["village"],
        stage=template.stage,
        template=template,
        title=template.title,
        due_date=DAY,
    )
    counted = count(world, 600, 甲=500, 丙=90, 乙=400, 丁=350, 戊=100)
    assert counted.valid is True
    assert task(world, "vc-election").status == TaskStatus.NOT_STARTED
    assert len(counted.task_notes) == 1
    assert template.title in counted.task_notes[0]


def test_every_kind_of_vote_names_an_existing_step(db):
    load_templates(load_stages())
    codes = set(TaskTemplate.objects.values_list("code", flat=True))
    assert set(STEPS.values()) <= codes
