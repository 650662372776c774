"""Roster-based pre-checks shown before review: age, Party membership, relatives,
election committee, reports, commitment letters."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from candidates import selectors
from candidates.choices import Body
from core.roles import Role
from stages.models import VillageElection
from villages.choices import Category, PoliticalStatus, RelationKind, VotingStatus
from villages.models import Relationship
from villages.tests.factories import RosterMembershipFactory

pytestmark = pytest.mark.django_db


def _checks(nomination, user=None):
    return {
        c.code: c
        for c in selectors.prechecks_for([nomination], user=user)[nomination.pk]
    }


def test_age_is_taken_on_the_villages_election_day(vetting):
    # given: born 2003-12-01, VC election on 2021-11-30 → 17
    VillageElection.objects.create(
        round=vetting.round,
        village=vetting.villages[0],
        party_election_date=datetime.date(2021, 10, 20),
        vc_election_date=datetime.date(2021, 11, 30),
    )
    nomination = vetting.nominate(birth_date=datetime.date(2003, 12, 1))
    # when
    check = _checks(nomination)["age"]
    # then
    assert check.level == "fail"
    assert "17岁" in check.message
    assert "2021年11月30日" in check.message
    assert "不满18周岁" in check.message


def test_age_falls_back_to_the_rounds_end_date_and_says_so(vetting):
    nomination = vetting.nominate(birth_date=datetime.date(1980, 5, 17))
    check = _checks(nomination)["age"]
    assert check.level == "ok"
    assert "选举日尚未确定" in check.message


def test_above_the_usual_upper_age_is_a_warning(vetting):
    nomination = vetting.nominate(birth_date=datetime.date(1955, 1, 1))
    assert _checks(nomination)["age"].level == "warn"


@pytest.mark.parametrize(
    ("status", "level"),
    [
        (PoliticalStatus.MEMBER, "ok"),
        (PoliticalStatus.PROBATIONARY, "fail"),
        (PoliticalStatus.MASSES, "fail"),
    ],
)
def test_party_post_needs_a_full_party_member(vetting, status, level):
    nomination = vetting.nominate(
        body=Body.PARTY_COMMITTEE, post="member", political_status=status
    )
    assert _checks(nomination)["party"].level == level


def test_party_member_under_probation_has_no_right_to_stand(vetting):
    nomination = vetting.nominate(body=Body.PARTY_COMMITTEE, post="member")
    RosterMembershipFactory(
        person=nomination.person,
        category=Category.PARTY_MEMBER,
        voting_status=VotingStatus.PROBATION,
    )
    check = _checks(nomination)["party"]
    assert check.level == "fail"
    assert "没有被选举权" in check.message


def test_villagers_committee_needs_no_party_membership(vetting):
    nomination = vetting.nominate()
    assert "party" not in _checks(nomination)


def test_close_relatives_on_the_same_committee_are_flagged(vetting):
    # given: husband and wife both nominated for the villagers' committee
    husband = vetting.nominate(name="丈夫")
    wife = vetting.nominate(name="妻子")
    Relationship.objects.create(
        person=husband.person, relative=wife.person, kind=RelationKind.SPOUSE
    )
    # when
    checks = selectors.prechecks_for([husband, wife])
    # then
    assert (
        "妻子（夫妻）" in {c.code: c for c in checks[husband.pk]}["relatives"].message
    )
    assert "丈夫（夫妻）" in {c.code: c for c in checks[wife.pk]}["relatives"].message


def test_relatives_on_different_committees_are_not_flagged(vetting):
    husband = vetting.nominate(name="丈夫")
    wife = vetting.nominate(name="妻子", body=Body.PARTY_COMMITTEE, post="member")
    Relationship.objects.create(
        person=husband.person, relative=wife.person, kind=RelationKind.SPOUSE
    )
    assert _checks(husband)["relatives"].level == "ok"


def test_open_report_is_flagged_without_telling_village_staff_about_it(vetting):
    # given
    from discipline.tests.factories import ReportFactory

    nomination = vetting.nominate()
    ReportFactory(village=nomination.village, person=nomination.person)
    # when
    for_office = _checks(nomination, vetting.office)["report"].message
    for_guide = _checks(nomination, vetting.users[Role.GUIDE])["report"].message
    # then: the discipline app words it for each reader
    from discipline.selectors import block_message_for

    assert for_office == block_message_for(vetting.office)
    assert for_guide == block_message_for(vetting.users[Role.GUIDE])
    assert for_office != for_guide
    assert "举报" not in for_guide
    assert "report" not in for_guide
    assert (
        _checks(nomination, vetting.users[Role.GUIDE])["report"].label
        == "正式候选人资格"
    )


def test_guide_page_does_not_reveal_a_report(vetting, client_for):
    from discipline.tests.factories import ReportFactory

    nomination = vetting.nominate()
    ReportFactory(village=nomination.village, person=nomination.person)
    page = (
        client_for(vetting.users[Role.GUIDE])
        .get(nomination.get_absolute_url())
        .content.decode()
    )
    assert "举报" not in page.split('id="prechecks"')[1].split("</ul>")[0]


def test_unsigned_commitment_is_flagged(vetting, monkeypatch):
    import discipline.selectors

    nomination = vetting.nominate()
    monkeypatch.setattr(
        discipline.selectors, "unsigned_commitment_person_ids", lambda ids: set(ids)
    )
    assert _checks(nomination)["commitment"].level == "warn"


def test_election_committee_membership_is_flagged_when_recorded(vetting, monkeypatch):
    import elections.selectors as elections

    nomination = vetting.nominate()
    monkeypatch.setattr(
        elections,
        "election_committee_person_ids",
        lambda round_ids, village_ids: {nomination.person_id},
        raising=False,
    )
    check = _checks(nomination)["committee"]
    assert check.level == "warn"
    assert "应当退出村民选举委员会" in check.message


def test_failed_precheck_blocks_sending(vetting):
    nomination = vetting.nominate(
        body=Body.PARTY_COMMITTEE,
        post="member",
        political_status=PoliticalStatus.MASSES,
    )
    with pytest.raises(ValidationError) as excinfo:
        vetting.send(nomination)
    assert "未通过预审" in excinfo.value.messages[0]
    assert "党组织职务须为正式党员" in excinfo.value.messages[0]


def test_prechecks_of_many_nominees_take_a_fixed_number_of_queries(
    vetting, django_assert_max_num_queries
):
    few = [vetting.nominate() for _ in range(2)]
    many = few + [
        vetting.nominate(village=v) for v in vetting.villages for _ in range(3)
    ]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        selectors.prechecks_for(few)
    with django_assert_max_num_queries(len(ctx)):
        selectors.prechecks_for(many)
