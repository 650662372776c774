"""The county generator writes complete rows on both databases (COPY on PostgreSQL)."""

import pytest
from django.utils import timezone

from stages.models import VillageElection, VillageTask
from stages.scale import generate_county
from villages.models import GroupMembership, Village, WorkingGroup

pytestmark = pytest.mark.django_db


def test_generated_county_has_groups_elections_and_deadlines(defaults):
    data = generate_county(townships=3, villages=7, seed=5)
    villages = Village.objects.filter(township__in=data.townships)
    assert villages.count() == 21
    assert all(v.name_pinyin and v.name_initials for v in villages)
    # one guidance group per five villages, each with its leader, covering every village
    groups = WorkingGroup.objects.filter(township__in=data.townships)
    assert groups.count() == 3 * 2
    assert GroupMembership.objects.filter(group__in=groups).count() == 6
    assert Village.objects.filter(guidance_groups__in=groups).distinct().count() == 21
    assert VillageElection.objects.filter(round__in=data.rounds).count() == 21
    tasks = VillageTask.objects.filter(round__in=data.rounds)
    assert tasks.count() == data.tasks
    assert not tasks.filter(due_date__isnull=True).exists()
    # created_at-style stamps are filled (COPY bypasses Django's pre_save)
    task = tasks.order_by("pk").first()
    for field in task._meta.concrete_fields:
        if getattr(field, "auto_now_add", False):
            assert getattr(task, field.attname) <= timezone.now()
    # the same election days give the same deadlines in every township
    by_key = {}
    for election in VillageElection.objects.filter(round__in=data.rounds):
        dues = tuple(
            VillageTask.objects.filter(round=election.round, village=election.village)
            .order_by("template__stage__order", "template__order")
            .values_list("due_date", flat=True)
        )
        key = (election.party_election_date, election.vc_election_date)
        assert by_key.setdefault(key, dues) == dues
