"""Starting a round, election days (Party first), moving them with a preview."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from stages import services
from stages.choices import RoundStatus, TaskStatus
from stages.models import ElectionRound, TaskTemplate, VillageElection, VillageTask
from stages.models.rounds import PARTY_FIRST_MESSAGE
from villages.selectors import guidance_leader

from .conftest import PARTY_DAY, TODAY, VC_DAY, complete
from .factories import ElectionRoundFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_round_create_makes_an_election_row_per_village(
    township, villages, users, defaults
):
    round = services.round_create(
        township=township,
        name="2021年换届",
        start_date=D(2021, 8, 16),
        target_end_date=D(2021, 12, 31),
        rule_set=ElectionRoundFactory.build(township=township).rule_set,
        by=users["office"],
    )
    assert round.status == RoundStatus.DRAFT
    assert VillageElection.objects.filter(round=round).count() == len(villages)


def test_starting_a_round_creates_every_template_for_every_village(
    election_round, villages
):
    templates = TaskTemplate.objects.filter(is_active=True).count()
    assert VillageTask.objects.filter(round=election_round).count() == templates * len(
        villages
    )
    assert election_round.status == RoundStatus.ACTIVE


def test_tasks_belong_to_the_village_guidance_group_leader(
    election_round, villages, users
):
    # the guide leads the first two villages; the others have no guidance group
    for village in villages:
        owners = set(
            VillageTask.objects.filter(
                round=election_round, village=village
            ).values_list("owner_id", flat=True)
        )
        leader = guidance_leader(village)
        assert owners == {leader.pk if leader else None}
    assert guidance_leader(villages[0]) == users["guide"]


def test_deadlines_are_computed_from_their_anchors(election_round, village, task_of):
    # calendar days before the VC election: 20 days for the voter list
    assert task_of(village, "vc-voter-list").due_date == VC_DAY - datetime.timedelta(
        days=20
    )
    # the candidate list: 5 days (rule set) before the VC election
    assert task_of(village, "vc-candidate-list").due_date == D(2021, 11, 15)
    # calendar days across National Day are not skipped: 35 days before 15 Oct
    assert task_of(village, "party-request").due_date == D(2021, 9, 10)
    # ten working days before Friday 15 Oct skip 国庆 and count the 调休 Saturday 9 Oct
    assert task_of(village, "party-vetting").due_date == D(2021, 9, 27)
    # round start + 14 days
    assert task_of(village, "prep-survey").due_date == D(2021, 8, 30)
    # handover: 10 days (rule set) after the VC election
    assert task_of(village, "vc-handover").due_date == D(2021, 11, 30)


def test_rule_set_numbers_drive_rule_based_offsets(township, villages, users, defaults):
    # given a rule set version where candidate lists are published 7 days before
    round = ElectionRoundFactory(township=township)
    new = services.rule_set_new_version(rule_set=round.rule_set, by=users["office"])
    new.rules.filter(key="candidate_list_days_before").update(numerator=7)
    round.rule_set = new
    round.save()
    round = ElectionRound.objects.get(pk=round.pk)
    VillageElection.objects.filter(round=round).delete()
    for village in villages:
        VillageElection.objects.create(
            round=round,
            village=village,
            party_election_date=PARTY_DAY,
            vc_election_date=VC_DAY,
        )
    # when the round starts
    services.round_start(round=round, by=users["office"])
    # then the candidate list is due 7 days before the VC election
    task = VillageTask.objects.get(
        round=round, village=villages[0], template__code="vc-candidate-list"
    )
    assert task.due_date == D(2021, 11, 13)


def test_start_refused_while_a_village_has_no_election_days(
    township, villages, users, defaults
):
    # given a round where 王楼村 has no VC election day
    round = ElectionRoundFactory(township=township)
    for village in villages:
        VillageElection.objects.create(
            round=round,
            village=village,
            party_election_date=PARTY_DAY,
            vc_election_date=None if village.name == "王楼村" else VC_DAY,
        )
    # when starting
    with pytest.raises(ValidationError) as caught:
        services.round_start(round=round, by=users["office"])
    # then the message names the village and nothing is written
    assert caught.value.messages == [
        services.MISSING_DAYS_MESSAGE % {"villages": "王楼村"}
    ]
    assert "王楼村" in str(services.MISSING_DAYS_MESSAGE % {"villages": "王楼村"})
    assert not VillageTask.objects.exists()
    round.refresh_from_db()
    assert round.status == RoundStatus.DRAFT


def test_start_refused_twice(election_round, users):
    with pytest.raises(ValidationError) as caught:
        services.round_start(round=election_round, by=users["office"])
    assert caught.value.messages == [str(services.ROUND_ALREADY_STARTED_MESSAGE)]


def test_party_election_must_come_first_in_the_service(election_round, village, users):
    election = VillageElection.objects.get(round=election_round, village=village)
    with pytest.raises(ValidationError) as caught:
        services.election_days_set(
            election=election,
            party_election_date=D(2021, 11, 20),
            vc_election_date=D(2021, 11, 20),
            by=users["office"],
            reason="调整",
        )
    assert caught.value.message_dict["party_election_date"] == [
        str(PARTY_FIRST_MESSAGE)
    ]
    election.refresh_from_db()
    assert election.party_election_date == PARTY_DAY


def test_party_first_message_is_chinese(election_round):
    from django.utils import translation

    with translation.override("zh-hans"):
        assert "党组织" in str(PARTY_FIRST_MESSAGE)
        assert "之前" in str(PARTY_FIRST_MESSAGE)


def test_party_election_must_come_first_in_the_database(election_round, village):
    with pytest.raises(IntegrityError), transaction.atomic():
        VillageElection.objects.filter(round=election_round, village=village).update(
            party_election_date=D(2021, 12, 1)
        )


def test_preview_lists_the_moves_without_writing(election_round, village, task_of):
    election = VillageElection.objects.get(round=election_round, village=village)
    moves = services.election_days_preview(
        election=election,
        party_election_date=PARTY_DAY,
        vc_election_date=VC_DAY + datetime.timedelta(days=7),
    )
    moved = {m.task.template.code: (m.old, m.new) for m in moves}
    assert moved["vc-voter-list"] == (D(2021, 10, 31), D(2021, 11, 7))
    assert "party-request" not in moved  # anchored on the Party election day
    assert task_of(village, "vc-voter-list").due_date == D(2021, 10, 31)


def test_moving_the_vc_day_recomputes_open_tasks_and_keeps_completed_ones(
    election_round, village, users, task_of
):
    # given the voter registration and the voter list were done on time
    office = users["office"]
    complete(task_of(village, "vc-committee"), D(2021, 10, 20), office)
    complete(task_of(village, "vc-registration"), D(2021, 10, 25), office)
    complete(task_of(village, "vc-voter-list"), D(2021, 10, 30), office)
    other_village_due = VillageTask.objects.get(
        round=election_round, village__name="李庙村", template__code="vc-candidate-list"
    ).due_date
    election = VillageElection.objects.get(round=election_round, village=village)
    # when the VC election moves a week later
    moves = services.election_days_set(
        election=election,
        party_election_date=PARTY_DAY,
        vc_election_date=D(2021, 11, 27),
        by=office,
        reason="镇党委会议决定推迟一周",
    )
    # then completed tasks keep their dates, open ones move, other villages do not
    voter_list = task_of(village, "vc-voter-list")
    assert voter_list.due_date == D(2021, 10, 31)
    assert voter_list.status == TaskStatus.DONE
    assert voter_list.completed_on == D(2021, 10, 30)
    assert task_of(village, "vc-candidate-list").due_date == D(2021, 11, 22)
    assert task_of(village, "vc-handover").due_date == D(2021, 12, 7)
    assert task_of(village, "party-assembly").due_date == PARTY_DAY
    assert "vc-voter-list" not in {m.task.template.code for m in moves}
    assert (
        VillageTask.objects.get(
            round=election_round,
            village__name="李庙村",
            template__code="vc-candidate-list",
        ).due_date
        == other_village_due
    )
    # and the move is audited with its reason
    record = task_of(village, "vc-candidate-list").history.first()
    assert record.history_change_reason == "镇党委会议决定推迟一周"
    assert record.history_user == office
    assert election.history.first().history_change_reason == "镇党委会议决定推迟一周"


def test_moving_an_election_day_needs_a_reason(election_round, village, users):
    election = VillageElection.objects.get(round=election_round, village=village)
    with pytest.raises(ValidationError) as caught:
        services.election_days_set(
            election=election,
            party_election_date=PARTY_DAY,
            vc_election_date=D(2021, 11, 27),
            by=users["office"],
            reason="  ",
        )
    assert caught.value.message_dict["reason"] == [str(services.MOVE_REASON_MESSAGE)]
    election.refresh_from_db()
    assert election.vc_election_date == VC_DAY


def test_bulk_entry_is_all_or_nothing(township, villages, users, defaults):
    round = services.round_create(
        township=township,
        name="2021年换届",
        start_date=D(2021, 8, 16),
        target_end_date=D(2021, 12, 31),
        rule_set=ElectionRoundFactory.build(township=township).rule_set,
        by=users["office"],
    )
    services_rows = []
    for index, election in enumerate(
        VillageElection.objects.filter(round=round)
        .select_related("village")
        .order_by("village__code")
    ):
        vc = D(2021, 10, 1) if index == 2 else VC_DAY  # 李庙村: VC before Party
        services_rows.append((election, PARTY_DAY, vc))
    with pytest.raises(ValidationError) as caught:
        services.election_days_bulk_set(
            round=round, rows=services_rows, by=users["office"]
        )
    assert caught.value.messages[0].startswith("李庙村：")
    assert not VillageElection.objects.filter(
        round=round, party_election_date__isnull=False
    ).exists()


def test_closed_round_refuses_changes(election_round, village, users, task_of):
    services.round_close(round=election_round, by=users["office"])
    with pytest.raises(ValidationError) as caught:
        services.task_update(
            task=task_of(village, "prep-survey"),
            status="in_progress",
            completed_on=None,
            note="",
            by=users["office"],
            today=TODAY,
        )
    assert caught.value.messages == [str(services.ROUND_CLOSED_MESSAGE)]
