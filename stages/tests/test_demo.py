"""The demo round: every battle-map state, consistent progress, idempotent."""

import pytest
from django.utils import timezone

from core.models import User
from stages import demo, selectors
from stages.choices import CellState, TaskStatus
from stages.defaults import load_defaults
from stages.models import VillageTask

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_township():
    from villages import demo as villages_demo

    load_defaults()
    return villages_demo.seed(township=None)


def test_demo_round_shows_every_state_on_the_battle_map(demo_township):
    # when the demo round is seeded
    round = demo.seed(township=demo_township)
    # then the office's battle map shows done, on track, due soon and overdue cells
    office = User.objects.get(username="office")
    data = selectors.battle_map(round=round, user=office, today=timezone.localdate())
    counts = data.state_counts
    assert len(data.rows) == 22
    for state in (
        CellState.DONE,
        CellState.ON_TRACK,
        CellState.DUE_SOON,
        CellState.OVERDUE,
    ):
        assert counts[state] > 0, state


def test_demo_progress_respects_prerequisites_and_statutory_limits(demo_township):
    round = demo.seed(township=demo_township)
    tasks = VillageTask.objects.filter(round=round).select_related("template")
    done = {
        (t.village_id, t.template_id): t for t in tasks if t.status == TaskStatus.DONE
    }
    for task in done.values():
        for prerequisite in task.template.prerequisites.all():
            before = done.get((task.village_id, prerequisite.pk))
            assert before is not None, (task, prerequisite)
            assert before.completed_on <= task.completed_on
        if task.template.is_statutory:
            assert task.completed_on <= task.due_date
        assert task.completed_on <= timezone.localdate()


def test_demo_seed_is_idempotent(demo_township):
    first = demo.seed(township=demo_township)
    count = VillageTask.objects.count()
    second = demo.seed(township=demo_township)
    assert second == first
    assert VillageTask.objects.count() == count


def test_demo_is_the_2026_round_with_the_2021_round_finished(demo_township):
    from stages.choices import RoundStatus
    from stages.models import ElectionRound

    # when the demo is seeded
    current = demo.seed(township=demo_township)
    # then the round under way is the 2026 round under the 2026 rule set
    assert current.name == "2026年村（社区）“两委”换届"
    assert current.status == RoundStatus.ACTIVE
    assert current.rule_set.code == "vc-law-2025"
    assert current.rule_set.is_default
    assert selectors.current_round(demo_township) == current
    # and the 2021 round is the finished previous term under the 2018 rules
    previous = ElectionRound.objects.get(
        township=demo_township, name="2021年村（社区）“两委”换届"
    )
    assert previous.status == RoundStatus.CLOSED
    assert previous.rule_set.code == "vc-law-2018"
    assert previous.target_end_date.year == 2021
    tasks = VillageTask.objects.filter(round=previous)
    assert tasks.count() == 22 * current.tasks.values("template").distinct().count()
    assert not tasks.exclude(
        status__in=[TaskStatus.DONE, TaskStatus.NOT_APPLICABLE]
    ).exists()
    assert all(t.completed_on.year == 2021 for t in tasks.filter(status="done"))
    # and seeding again changes nothing
    count = VillageTask.objects.count()
    assert demo.seed(township=demo_township) == current
    assert VillageTask.objects.count() == count
    assert ElectionRound.objects.filter(township=demo_township).count() == 2
