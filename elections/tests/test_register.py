"""Voter register (选民登记): voters, V2 publication, appeals, the 登记选民数, pages."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from core.roles import Role
from elections import services
from elections.choices import (
    AppealDecision,
    VoterAddReason,
    VoterCategory,
    VoterRemoveReason,
)
from elections.models import Voter, VoterAppeal, VoterRegister
from stages.choices import TaskStatus
from villages.tests.factories import PersonFactory

from .register_support import id_number, vc_election
from .support import make_round

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 12, 12)  # election day; V2 deadline 2021-11-22
TODAY = datetime.date(2021, 11, 30)


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def world(township, villages, users):
    round = make_round(township)
    office = users[Role.OFFICE]
    return {
        "round": round,
        "village": villages[0],
        "office": office,
        "users": users,
        "election": vc_election(villages[0], round, office, held_on=DAY),
    }


def add(world, n=0, *, birth=datetime.date(1975, 3, 1), **extra):
    values = {
        "election": world["election"],
        "by": world["office"],
        "name": f"选民{n}",
        "id_number": id_number(birth, n),
        "category": VoterCategory.RESIDENT,
        "group": "第一村民小组",
        "added_on": datetime.date(2021, 11, 1),
        "today": TODAY,
    }
    values.update(extra)
    return services.voter_add(**values)


# --- voters -------------------------------------------------------------------------


def test_voter_is_registered_and_linked_to_the_roster_person(world):
    # given a roster person of the village
    person = PersonFactory(
        village=world["village"],
        name="张秀英",
        id_number=id_number(datetime.date(1968, 7, 9), 24),
    )
    # when
    voter = add(world, name="张秀英", id_number=person.id_number)
    # then
    assert voter.person == person
    assert voter.masked_id == person.id_number[:4] + "*" * 10 + person.id_number[-4:]
    assert services.registered_count(world["election"]) == 1


def test_voter_turning_18_on_election_day_is_accepted_a_day_later_refused(world):
    # given one born 18 years before election day, one a day later
    ok = datetime.date(2003, 12, 12)
    late = datetime.date(2003, 12, 13)
    # when / then
    add(world, 1, birth=ok, added_reason=VoterAddReason.TURNED_18)
    with pytest.raises(ValidationError) as excinfo:
        add(world, 2, birth=late)
    assert "年满" in str(excinfo.value) or "18" in str(excinfo.value)
    assert Voter.objects.count() == 1


def test_wrong_check_digit_is_refused_in_chinese_and_nothing_written(world):
    # given a number with its check digit changed
    good = id_number(datetime.date(1980, 1, 2), 7)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    # when / then
    with pytest.raises(ValidationError) as excinfo:
        add(world, id_number=bad)
    assert "校验" in excinfo.value.message_dict["id_number"][0]
    assert not Voter.objects.exists()


def test_same_id_number_twice_is_refused_pointing_at_the_existing_voter(world):
    add(world, 5)
    with pytest.raises(ValidationError) as excinfo:
        add(world, 5)
    assert "已在" in excinfo.value.message_dict["id_number"][0]
    assert Voter.objects.count() == 1


def test_name_contradicting_the_roster_is_refused(world):
    person = PersonFactory(village=world["village"], name="李四")
    with pytest.raises(ValidationError) as excinfo:
        add(world, name="李思", id_number=person.id_number)
    assert "李四" in excinfo.value.message_dict["name"][0]


def test_removal_keeps_the_row_with_reason_and_history_and_re_adding_works(world):
    # given
    voter = add(world, 3)
    # when
    services.voter_remove(
        voter=voter,
        by=world["office"],
        removed_on=datetime.date(2021, 11, 10),
        reason=VoterRemoveReason.DIED,
        today=TODAY,
    )
    # then
    voter.refresh_from_db()
    assert voter.removed_reason == VoterRemoveReason.DIED
    assert services.registered_count(world["election"]) is None
    assert voter.history.count() == 2
    # and a removal before the addition is refused
    again = add(world, 3, added_reason=VoterAddReason.APPEAL)
    assert again.pk == voter.pk
    assert again.removed_on is None
    with pytest.raises(ValidationError) as excinfo:
        services.voter_remove(
            voter=again,
            by=world["office"],
            removed_on=datetime.date(2021, 10, 1),
            reason=VoterRemoveReason.MOVED_AWAY,
            today=TODAY,
        )
    assert "不能早于" in str(excinfo.value) or "早" in str(excinfo.value)


def test_guide_cannot_change_the_register_of_a_village_they_do_not_guide(
    world, villages
):
    # given an election of villages[2], not guided by the demo guide
    election = vc_election(villages[2], world["round"], world["office"])
    with pytest.raises(PermissionDenied):
        add(world, election=election, by=world["users"][Role.GUIDE])
    # the guide's own village is fine
    add(world, 9, by=world["users"][Role.GUIDE])


# --- the 登记选民数 comes from the register --------------------------------------------


def test_count_uses_the_register_not_the_typed_number(world):
    # given three voters on the register
    for n in range(3):
        add(world, n)
    election = world["election"]
    # when the clerk types 1000 registered voters
    services.election_count(
        election=election,
        by=world["office"],
        registered=1000,
        ballots_issued=2,
        ballots_returned=2,
        votes={},
    )
    # then the register's count stands
    election.refresh_from_db()
    assert election.entitled == 3
    assert election.valid is True  # 2 of 3 is more than half


def test_count_form_shows_the_register_count_read_only(world, client_for):
    for n in range(4):
        add(world, n)
    client = client_for(world["office"])
    response = client.get(
        reverse("elections:election_count", args=[world["election"].pk])
    )
    field = response.context["form"].fields["registered"]
    assert field.disabled
    assert field.initial == 4


# --- V2 publication ------------------------------------------------------------------


def timetable_tasks(world, *codes):
    from stages.defaults import load_stages, load_templates
    from stages.models import TaskTemplate, VillageTask

    load_templates(load_stages())
    return [
        VillageTask.objects.create(
            round=world["round"],
            village=world["village"],
            stage=template.stage,
            template=template,
            title=template.title,
            due_date=datetime.date(2021, 11, 22),
        )
        for template in TaskTemplate.objects.filter(code__in=codes)
    ]


def test_publication_on_the_20th_day_before_is_accepted_and_completes_its_tasks(world):
    # given the village's registration and publication steps
    tasks = timetable_tasks(world, "vc-registration", "vc-voter-list")
    assert len(tasks) == 2
    add(world, 1)
    # when published exactly 20 days before
    register, notes = services.register_publish(
        election=world["election"],
        by=world["office"],
        published_on=datetime.date(2021, 11, 22),
        place="村务公开栏",
        today=TODAY,
    )
    # then
    assert register.published_on == datetime.date(2021, 11, 22)
    assert notes == []
    for task in tasks:
        task.refresh_from_db()
        assert task.status == TaskStatus.DONE
        assert task.completed_on == datetime.date(2021, 11, 22)


def test_publication_stands_when_the_timetable_refuses_a_step(world):
    # given the election committee step still open (a prerequisite)
    timetable_tasks(world, "vc-committee", "vc-registration", "vc-voter-list")
    add(world, 1)
    # when
    register, notes = services.register_publish(
        election=world["election"],
        by=world["office"],
        published_on=datetime.date(2021, 11, 20),
        today=TODAY,
    )
    # then the publication is kept and the clerk is told which step stays open
    assert register.published_on == datetime.date(2021, 11, 20)
    assert len(notes) == 2
    assert "未标记完成" in notes[0]


def test_publication_19_days_before_is_refused_and_nothing_written(world):
    add(world, 1)
    with pytest.raises(ValidationError) as excinfo:
        services.register_publish(
            election=world["election"],
            by=world["office"],
            published_on=datetime.date(2021, 11, 23),
            today=TODAY,
        )
    message = excinfo.value.message_dict["published_on"][0]
    assert "20" in message
    assert "2021年11月22日" in message
    assert VoterRegister.objects.get().published_on is None


def test_publication_days_come_from_the_rule_set(world):
    from stages.models import Rule

    Rule.objects.filter(
        rule_set=world["round"].rule_set, key="voter_list_days_before"
    ).update(numerator=25)
    add(world, 1)
    with pytest.raises(ValidationError):
        services.register_publish(
            election=world["election"],
            by=world["office"],
            published_on=datetime.date(2021, 11, 22),
            today=TODAY,
        )
    services.register_publish(
        election=world["election"],
        by=world["office"],
        published_on=datetime.date(2021, 11, 17),
        today=TODAY,
    )


def test_empty_register_cannot_be_published(world):
    with pytest.raises(ValidationError) as excinfo:
        services.register_publish(
            election=world["election"],
            by=world["office"],
            published_on=datetime.date(2021, 11, 20),
            today=TODAY,
        )
    assert "选民" in str(excinfo.value)


# --- appeals -------------------------------------------------------------------------


def published(world):
    add(world, 1)
    services.register_publish(
        election=world["election"],
        by=world["office"],
        published_on=datetime.date(2021, 11, 20),
        today=TODAY,
    )


def test_appeal_on_the_5th_day_is_recorded_with_a_3_day_decision_deadline(world):
    published(world)
    appeal = services.appeal_create(
        election=world["election"],
        by=world["office"],
        appellant="王五",
        content="本人户籍在本村，未列入名单。",
        received_on=datetime.date(2021, 11, 25),
        today=TODAY,
    )
    assert appeal.decide_by == datetime.date(2021, 11, 28)


def test_appeal_on_the_6th_day_is_refused(world):
    published(world)
    with pytest.raises(ValidationError) as excinfo:
        services.appeal_create(
            election=world["election"],
            by=world["office"],
            appellant="王五",
            content="未列入名单",
            received_on=datetime.date(2021, 11, 26),
            today=TODAY,
        )
    assert "2021年11月25日" in excinfo.value.message_dict["received_on"][0]
    assert not VoterAppeal.objects.exists()


def test_appeal_before_publication_is_refused(world):
    add(world, 1)
    with pytest.raises(ValidationError) as excinfo:
        services.appeal_create(
            election=world["election"],
            by=world["office"],
            appellant="王五",
            content="x",
            received_on=datetime.date(2021, 11, 25),
            today=TODAY,
        )
    assert "公布" in str(excinfo.value)


def test_appeal_decision_needs_a_reason_and_records_late_decisions(world):
    published(world)
    appeal = services.appeal_create(
        election=world["election"],
        by=world["office"],
        appellant="王五",
        content="未列入名单",
        received_on=datetime.date(2021, 11, 21),
        today=TODAY,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.appeal_decide(
            appeal=appeal,
            by=world["office"],
            decision=AppealDecision.UPHELD,
            decided_on=datetime.date(2021, 11, 23),
            reason=" ",
            today=TODAY,
        )
    assert "decision_reason" in excinfo.value.message_dict
    decided = services.appeal_decide(
        appeal=appeal,
        by=world["office"],
        decision=AppealDecision.UPHELD,
        decided_on=datetime.date(2021, 11, 23),
        reason="经核实户籍在本村，补登。",
        today=TODAY,
    )
    assert decided.decided_on <= decided.decide_by


# --- pages ---------------------------------------------------------------------------


def test_register_page_scoped_guide_sees_own_village_only(world, villages, client_for):
    other = vc_election(villages[2], world["round"], world["office"])
    guide = client_for(world["users"][Role.GUIDE])
    assert (
        guide.get(
            reverse("elections:register", args=[world["election"].pk])
        ).status_code
        == 200
    )
    assert guide.get(reverse("elections:register", args=[other.pk])).status_code == 404
    assert (
        guide.get(reverse("elections:register_add", args=[other.pk])).status_code == 404
    )
    leader = client_for(world["users"][Role.LEADER])
    assert (
        leader.get(
            reverse("elections:register_add", args=[world["election"].pk])
        ).status_code
        == 403
    )


def test_register_page_search_filter_and_publish_form_refusal(world, client_for):
    add(world, 1, name="张三")
    add(world, 2, name="李四", category=VoterCategory.NEWCOMER)
    client = client_for(world["office"])
    url = reverse("elections:register", args=[world["election"].pk])
    page = client.get(url, {"q": "张"})
    assert [v.name for v in page.context["voters"]] == ["张三"]
    page = client.get(url, {"category": VoterCategory.NEWCOMER})
    assert [v.name for v in page.context["voters"]] == ["李四"]
    assert page.context["counts"].total == 2
    text = page.content.decode()
    assert "户籍不在本村" in text
    # publication too late on the web form: Chinese error, nothing stored
    response = client.post(
        reverse("elections:register_publish", args=[world["election"].pk]),
        {"published_on": "2021-11-30"},
    )
    assert response.status_code == 200
    assert "二十" in response.content.decode() or "20" in response.content.decode()
    assert VoterRegister.objects.get().published_on is None


def test_print_list_and_voter_cards_show_every_voter(world, client_for):
    for n in range(3):
        add(world, n)
    client = client_for(world["office"])
    page = client.get(reverse("elections:register_print", args=[world["election"].pk]))
    assert page.content.decode().count("选民") >= 3
    assert len(page.context["voters"]) == 3
    cards = client.get(reverse("elections:register_cards", args=[world["election"].pk]))
    assert cards.content.decode().count('class="voter-card ') == 3


def test_register_list_queries_are_equal_at_200_and_5000_voters(
    world, client_for, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    register = services.register_for(world["election"])
    client = client_for(world["office"])
    url = reverse("elections:register", args=[world["election"].pk])

    def fill(start, stop):
        Voter.objects.bulk_create(
            Voter(
                register=register,
                name=f"选民{n}",
                id_number=id_number(
                    datetime.date(1960 + n % 40, 1 + n % 12, 1 + n % 28), n
                )[:14]
                + f"{n:04d}",
                category=VoterCategory.values[n % 3],
                group=f"第{n % 9 + 1}组",
                added_on=datetime.date(2021, 11, 1),
            )
            for n in range(start, stop)
        )

    counts = {}
    for total, (start, stop) in ((200, (0, 200)), (5000, (200, 5000))):
        # given a register of `total` voters
        fill(start, stop)
        # when page 2 of the list is read
        with (
            django_assert_max_num_queries(16),
            CaptureQueriesContext(connection) as queries,
        ):
            response = client.get(url, {"page": 2, "category": ""})
        # then
        assert response.context["counts"].total == total
        assert len(response.context["voters"]) == 50
        counts[total] = len(queries)
    assert counts[200] == counts[5000]
