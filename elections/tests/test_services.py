"""Services of meetings and elections: numbers in, outcome out, results become the term."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from candidates.models import Nomination
from core.roles import Role
from elections import services
from elections.choices import (
    Body,
    CountStatus,
    ElectionKind,
    MeetingKind,
    NominationStatus,
    Post,
    ShortfallDecision,
    StaffRole,
    TallyStatus,
)
from elections.models import (
    Election,
    ElectionCandidate,
    MeetingVote,
    RecommendationMeeting,
)
from elections.rules import messages as m
from elections.rules.base import fill, threshold
from elections.selectors.elections import election_committee_person_ids, handover_check
from elections.services import elections as svc
from villages.choices import Category, Gender, RelationKind
from villages.models import Relationship, RosterMembership
from villages.tests.factories import PersonFactory

from .support import formal, make_round, party_roll, seat

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 12, 12)


@pytest.fixture
def world(township, villages, users):
    round = make_round(township)
    return {
        "round": round,
        "village": villages[0],
        "office": users[Role.OFFICE],
        "users": users,
    }


def vc_ballot(world, *, women=("乙",)):
    """A VC election of 主任 1 + 委员 2 with five formal candidates."""
    village, round = world["village"], world["round"]
    noms = {
        "甲": formal(village, round, post=Post.DIRECTOR, name="甲"),
        "丙": formal(village, round, post=Post.DIRECTOR, name="丙"),
        "乙": formal(village, round, post=Post.MEMBER, name="乙", gender=Gender.FEMALE),
        "丁": formal(village, round, post=Post.MEMBER, name="丁"),
        "戊": formal(village, round, post=Post.MEMBER, name="戊"),
    }
    election = services.election_setup(
        village=village,
        body=Body.VILLAGERS_COMMITTEE,
        held_on=DAY,
        nominations=noms.values(),
        seats_head=1,
        seats_member=2,
        registered=1000,
        by=world["office"],
    )
    return election, noms


def votes_by_name(election, **votes):
    return {
        c.pk: votes[c.person.name] for c in election.candidates.select_related("person")
    }


# --- VC election: V5 / V6 and results becoming the term -------------------------------------------


def test_vc_election_with_turnout_of_exactly_half_is_counted_invalid_with_reason(world):
    # given
    election, _noms = vc_ballot(world)
    # when 500 of 1,000 registered voted
    counted = services.election_count(
        election=election,
        by=world["office"],
        ballots_issued=500,
        ballots_returned=500,
        votes=votes_by_name(election, 甲=400, 丙=90, 乙=300, 丁=280, 戊=100),
    )
    # then
    assert counted.status == CountStatus.COUNTED
    assert counted.valid is False
    failed = [f for f in counted.findings if not f["passed"]]
    assert [f["rule"] for f in failed] == ["V5"]
    assert failed[0]["message"] == fill(
        m.V5_INVALID,
        cast=500,
        registered=1000,
        rule=threshold(world["round"].rules, "vc_valid_turnout").text(),
        needed=501,
    )
    assert not counted.candidates.filter(result=TallyStatus.ELECTED).exists()


def test_invalid_election_cannot_become_the_term(world):
    # given an invalid count
    election, _noms = vc_ballot(world)
    services.election_count(
        election=election,
        by=world["office"],
        ballots_issued=500,
        ballots_returned=500,
        votes=votes_by_name(election, 甲=400, 丙=90, 乙=300, 丁=280, 戊=100),
    )
    # when / then
    with pytest.raises(ValidationError) as excinfo:
        services.election_apply(election=election, by=world["office"])
    assert "V5" in excinfo.value.messages[0]
    assert not RosterMembership.objects.filter(
        category=Category.VILLAGERS_COMMITTEE
    ).exists()


def test_valid_vc_election_elects_and_becomes_the_term(world):
    # given an outgoing committee of two and a valid count
    village = world["village"]
    old = seat(village, Category.VILLAGERS_COMMITTEE, Post.DIRECTOR, name="老主任")
    election, noms = vc_ballot(world)
    services.election_count(
        election=election,
        by=world["office"],
        ballots_issued=820,
        ballots_returned=800,
        votes=votes_by_name(election, 甲=600, 丙=190, 乙=650, 丁=500, 戊=300),
    )
    # when
    services.election_apply(election=election, by=world["office"])
    # then winners hold the seats from the election day, the old director left that day
    current = RosterMembership.objects.current(on=DAY).filter(
        village=village, category=Category.VILLAGERS_COMMITTEE
    )
    assert {(m.person.name, m.post) for m in current} == {
        ("甲", Post.DIRECTOR),
        ("乙", Post.MEMBER),
        ("丁", Post.MEMBER),
    }
    assert RosterMembership.objects.get(person=old).end_date == DAY
    assert {
        n.person.name
        for n in Nomination.objects.filter(status=NominationStatus.ELECTED)
    } == {"甲", "乙", "丁"}
    assert {
        n.person.name
        for n in Nomination.objects.filter(status=NominationStatus.NOT_ELECTED)
    } == {"丙", "戊"}
    election.refresh_from_db()
    assert election.status == CountStatus.APPLIED
    assert election.candidates.get(person=noms["甲"].person).rule == "V6"


def test_impossible_votes_are_refused_and_nothing_is_written(world):
    # given
    election, _noms = vc_ballot(world)
    # when 甲 has more votes than ballots cast
    with pytest.raises(ValidationError) as excinfo:
        services.election_count(
            election=election,
            by=world["office"],
            ballots_issued=800,
            ballots_returned=800,
            votes=votes_by_name(election, 甲=801, 丙=0, 乙=300, 丁=280, 戊=100),
        )
    # then
    assert excinfo.value.message_dict["votes"][0] == fill(
        m.VOTES_OVER_BALLOTS, name="甲", votes=801, ballots=800
    )
    election.refresh_from_db()
    assert election.status == CountStatus.PLANNED
    assert election.ballots_returned is None
    assert not ElectionCandidate.objects.filter(
        election=election, votes__isnull=False
    ).exists()


def test_cast_above_registered_is_refused(world):
    # given
    election, _noms = vc_ballot(world)
    # when / then
    with pytest.raises(ValidationError) as excinfo:
        services.election_count(
            election=election,
            by=world["office"],
            ballots_issued=1001,
            ballots_returned=1001,
            votes=votes_by_name(election, 甲=600, 丙=190, 乙=650, 丁=500, 戊=300),
        )
    assert "cast" in excinfo.value.message_dict


def test_vc_shortfall_is_filled_by_a_separate_election_with_a_third(world):
    # given 主任 filled, one 委员 seat left (only 乙 over half)
    election, _noms = vc_ballot(world)
    services.election_count(
        election=election,
        by=world["office"],
        ballots_issued=800,
        ballots_returned=800,
        votes=votes_by_name(election, 甲=600, 丙=190, 乙=650, 丁=390, 戊=380),
    )
    election.refresh_from_db()
    assert election.shortfall == {Post.MEMBER: 1}
    services.election_apply(election=election, by=world["office"])
    # when the 另行选举 is set up (default candidates: the two best losers) and counted
    runoff = services.election_followup(
        election=election,
        kind=ElectionKind.RUNOFF,
        held_on=DAY + datetime.timedelta(days=7),
        by=world["office"],
    )
    assert sorted(c.person.name for c in runoff.candidates.all()) == ["丁", "戊"]
    services.election_count(
        election=runoff,
        by=world["office"],
        ballots_issued=700,
        ballots_returned=690,
        votes=votes_by_name(runoff, 丁=230, 戊=400),
    )
    services.election_apply(election=runoff, by=world["office"])
    # then 戊 joins with at least a third; 丁 is not elected; the committee has 3 with a woman
    members = RosterMembership.objects.current().filter(
        village=world["village"], category=Category.VILLAGERS_COMMITTEE
    )
    assert sorted(m.person.name for m in members) == ["乙", "戊", "甲"]
    assert (
        Nomination.objects.get(person__name="丁").status == NominationStatus.NOT_ELECTED
    )
    assert Nomination.objects.get(person__name="戊").status == NominationStatus.ELECTED


def test_tie_for_the_last_seat_is_re_voted(world):
    # given 丁 and 戊 level over half for the last 委员 seat
    election, _noms = vc_ballot(world)
    services.election_count(
        election=election,
        by=world["office"],
        ballots_issued=800,
        ballots_returned=800,
        votes=votes_by_name(election, 甲=600, 丙=190, 乙=650, 丁=450, 戊=450),
    )
    services.election_apply(election=election, by=world["office"])
    # when
    revote = services.election_followup(
        election=election, kind=ElectionKind.REVOTE, held_on=DAY, by=world["office"]
    )
    services.election_count(
        election=revote,
        by=world["office"],
        ballots_issued=780,
        ballots_returned=770,
        votes=votes_by_name(revote, 丁=300, 戊=460),
    )
    services.election_apply(election=revote, by=world["office"])
    # then
    assert revote.seats_member == 1
    assert Nomination.objects.get(person__name="戊").status == NominationStatus.ELECTED
    assert (
        Nomination.objects.get(person__name="丁").status == NominationStatus.NOT_ELECTED
    )


# --- set-up checks: V1, V8, V11, P2 -----------------------------------------------------------------


def test_vc_seats_outside_three_to_seven_are_refused(world):
    # given
    village, round = world["village"], world["round"]
    noms = [formal(village, round, post=Post.MEMBER) for _ in range(3)]
    # when / then
    with pytest.raises(ValidationError) as excinfo:
        services.election_setup(
            village=village,
            body=Body.VILLAGERS_COMMITTEE,
            held_on=DAY,
            nominations=noms,
            seats_head=1,
            seats_member=1,
            registered=900,
            by=world["office"],
        )
    assert excinfo.value.message_dict["seats_member"] == [
        fill(m.SEATS_OUTSIDE_SIZE, seats=2, low=3, high=7)
    ]
    assert not Election.objects.exists()


def test_v8_candidate_on_the_election_committee_is_refused(world):
    # given 甲 is a candidate and sits on the villagers' election committee
    village, round = world["village"], world["round"]
    noms = [formal(village, round, post=Post.DIRECTOR, name=n) for n in ("甲", "丙")]
    noms += [
        formal(village, round, post=Post.MEMBER, name=n) for n in ("乙", "丁", "戊")
    ]
    # when / then
    with pytest.raises(ValidationError) as excinfo:
        services.election_setup(
            village=village,
            body=Body.VILLAGERS_COMMITTEE,
            held_on=DAY,
            nominations=noms,
            seats_head=1,
            seats_member=2,
            registered=900,
            by=world["office"],
            staff=[(noms[0].person, StaffRole.COMMITTEE)],
        )
    assert excinfo.value.message_dict["staff"][0].startswith("V8")


def test_v8_relative_of_a_candidate_may_not_count_votes(world):
    # given the teller is 甲's spouse
    village, round = world["village"], world["round"]
    noms = [formal(village, round, post=Post.DIRECTOR, name=n) for n in ("甲", "丙")]
    noms += [
        formal(village, round, post=Post.MEMBER, name=n) for n in ("乙", "丁", "戊")
    ]
    teller = PersonFactory(village=village, name="甲妻")
    Relationship.objects.create(
        person=noms[0].person, relative=teller, kind=RelationKind.SPOUSE
    )
    # when / then
    with pytest.raises(ValidationError) as excinfo:
        services.election_setup(
            village=village,
            body=Body.VILLAGERS_COMMITTEE,
            held_on=DAY,
            nominations=noms,
            seats_head=1,
            seats_member=2,
            registered=900,
            by=world["office"],
            staff=[(teller, StaffRole.TELLER)],
        )
    assert "甲妻" in excinfo.value.message_dict["staff"][0]


def test_v11_villagers_committee_member_cannot_be_on_the_supervision_ballot(world):
    # given 王五 is a VC member in office
    village, round = world["village"], world["round"]
    member = seat(village, Category.VILLAGERS_COMMITTEE, Post.MEMBER, name="王五")
    nomination = formal(
        village, round, body=Body.SUPERVISION_COMMITTEE, post=Post.MEMBER
    )
    nomination.person = member
    nomination.save()
    others = [
        formal(village, round, body=Body.SUPERVISION_COMMITTEE, post=p)
        for p in (Post.DIRECTOR, Post.MEMBER)
    ]
    # when / then
    with pytest.raises(ValidationError) as excinfo:
        services.election_setup(
            village=village,
            body=Body.SUPERVISION_COMMITTEE,
            held_on=DAY,
            nominations=[nomination, *others],
            seats_head=1,
            seats_member=2,
            registered=120,
            by=world["office"],
        )
    assert excinfo.value.message_dict["nominations"] == [
        fill(m.V11_MEMBER, name="王五")
    ]


def test_p2_party_ballot_with_too_few_candidates_is_refused(world):
    # given 5 seats and 5 candidates
    village, round = world["village"], world["round"]
    party_roll(village, full=10)
    noms = [
        formal(village, round, body=Body.PARTY_COMMITTEE, post=Post.MEMBER)
        for _ in range(5)
    ]
    # when / then
    with pytest.raises(ValidationError) as excinfo:
        services.election_setup(
            village=village,
            body=Body.PARTY_COMMITTEE,
            held_on=DAY,
            nominations=noms,
            seats_member=5,
            by=world["office"],
        )
    assert excinfo.value.message_dict["nominations"][0].startswith("P2")


def test_only_formal_candidates_go_on_the_ballot(world):
    # given a preliminary nominee
    village, round = world["village"], world["round"]
    noms = [formal(village, round, post=Post.DIRECTOR) for _ in range(2)]
    noms[1].status = NominationStatus.PRELIMINARY
    noms[1].save()
    # when / then
    with pytest.raises(ValidationError) as excinfo:
        services.election_setup(
            village=village,
            body=Body.VILLAGERS_COMMITTEE,
            held_on=DAY,
            nominations=noms,
            seats_head=1,
            seats_member=2,
            registered=900,
            by=world["office"],
        )
    assert noms[1].person.name in excinfo.value.message_dict["nominations"][0]


# --- Party election: P4 entitlement from the roster, P1, P3, seat reduction, posts --------------------


def party_ballot(world, *, seats=3, names=("甲", "乙", "丙", "丁")):
    village, round = world["village"], world["round"]
    noms = [
        formal(village, round, body=Body.PARTY_COMMITTEE, post=Post.MEMBER, name=n)
        for n in names
    ]
    return services.election_setup(
        village=village,
        body=Body.PARTY_COMMITTEE,
        held_on=DAY,
        nominations=noms,
        seats_member=seats,
        by=world["office"],
    )


def test_p4_entitled_is_counted_from_the_roster(world):
    # given 52 full (1 under 留党察看, 1 detained), 3 approved exclusions, 4 probationary
    party_roll(
        world["village"], full=47, probation=1, detained=1, excluded=3, probationary=4
    )
    # when
    election = party_ballot(world)
    # then 应到会 = 52 − 3 − 2
    assert (election.entitled, election.full_members, election.excluded_members) == (
        47,
        52,
        3,
    )
    assert (election.members_without_vote, election.probationary_members) == (2, 4)


def test_p1_party_meeting_with_exactly_four_fifths_present_is_invalid(world):
    # given 应到会 50
    party_roll(world["village"], full=50)
    election = party_ballot(world)
    # when 40 present
    counted = services.election_count(
        election=election,
        by=world["office"],
        present=40,
        ballots_issued=40,
        ballots_returned=40,
        votes=votes_by_name(election, 甲=38, 乙=37, 丙=36, 丁=5),
    )
    # then
    assert counted.valid is False
    assert [f["rule"] for f in counted.findings if not f["passed"]] == ["P1"]


def test_p3_winner_needs_more_than_half_of_entitled_then_seats_can_be_reduced(world):
    # given 应到会 50, 45 present, only two candidates over 25
    party_roll(world["village"], full=50)
    election = party_ballot(world)
    services.election_count(
        election=election,
        by=world["office"],
        present=45,
        ballots_issued=45,
        ballots_returned=45,
        votes=votes_by_name(election, 甲=40, 乙=30, 丙=25, 丁=20),
    )
    election.refresh_from_db()
    assert election.shortfall == {Post.MEMBER: 1}
    assert election.candidates.get(person__name="丙").result == TallyStatus.NOT_ELECTED
    services.election_apply(election=election, by=world["office"])
    # when exactly half of those present agree to reduce the seats
    with pytest.raises(ValidationError) as excinfo:
        services.election_reduce_seats(
            election=election, consent=22, note="主席团提议减少名额", by=world["office"]
        )
    assert excinfo.value.message_dict["decision_consent"][0].startswith("P3")
    # when more than half agree
    services.election_reduce_seats(
        election=election,
        consent=23,
        note="经23名选举人同意减少1名委员",
        by=world["office"],
    )
    # then the decision is recorded and the other candidates are not elected
    election.refresh_from_db()
    assert election.shortfall_decision == ShortfallDecision.REDUCE
    assert (
        Nomination.objects.get(person__name="丙").status == NominationStatus.NOT_ELECTED
    )


def test_new_party_committee_elects_its_secretary(world):
    # given an applied Party election: 甲, 乙, 丙 elected
    party_roll(world["village"], full=50)
    election = party_ballot(world)
    services.election_count(
        election=election,
        by=world["office"],
        present=48,
        ballots_issued=48,
        ballots_returned=48,
        votes=votes_by_name(election, 甲=45, 乙=40, 丙=38, 丁=10),
    )
    services.election_apply(election=election, by=world["office"])
    people = {
        c.person.name: c.person_id for c in election.candidates.select_related("person")
    }
    # when the committee of three elects 甲 secretary (2 of 3 votes)
    posts = services.election_followup(
        election=election,
        kind=ElectionKind.POSTS,
        held_on=DAY,
        by=world["office"],
        posts={people["甲"]: Post.SECRETARY},
        seats_deputy=0,
    )
    assert posts.entitled == 3
    services.election_count(
        election=posts, by=world["office"], present=3, votes=votes_by_name(posts, 甲=2)
    )
    services.election_apply(election=posts, by=world["office"])
    # then
    membership = RosterMembership.objects.current().get(
        person_id=people["甲"], category=Category.PARTY_COMMITTEE
    )
    assert membership.post == Post.SECRETARY


# --- 当选无效 ------------------------------------------------------------------------------------------


def test_election_void_ends_the_seat_and_keeps_the_reason(world):
    # given 甲 elected director
    election, _noms = vc_ballot(world)
    services.election_count(
        election=election,
        by=world["office"],
        ballots_issued=820,
        ballots_returned=800,
        votes=votes_by_name(election, 甲=600, 丙=190, 乙=650, 丁=500, 戊=300),
    )
    services.election_apply(election=election, by=world["office"])
    person = election.candidates.get(person__name="甲").person
    # when
    voided = services.election_void(
        person=person,
        village=world["village"],
        reason="经查实存在贿选行为",
        by=world["office"],
    )
    # then
    assert [c.void_reason for c in voided] == ["经查实存在贿选行为"]
    assert (
        not RosterMembership.objects.current()
        .filter(person=person, category=Category.VILLAGERS_COMMITTEE)
        .exists()
    )


@pytest.mark.parametrize(
    ("reason", "message"), [("", svc.VOID_REASON_REQUIRED), ("贿选", None)]
)
def test_election_void_refuses_without_reason_or_seat(world, reason, message):
    # given a person who holds no elected seat
    person = PersonFactory(village=world["village"], name="无名")
    # when / then
    with pytest.raises(ValidationError) as excinfo:
        services.election_void(
            person=person, village=world["village"], reason=reason, by=world["office"]
        )
    expected = (
        message
        if message
        else svc.VOID_NOT_ELECTED % {"name": "无名", "village": world["village"]}
    )
    assert str(expected) in excinfo.value.messages


# --- permissions -------------------------------------------------------------------------------------


def test_guide_cannot_record_elections_of_villages_they_do_not_guide(world):
    # given the guide guides villages[0:2]; villages[3] is not theirs
    guide = world["users"][Role.GUIDE]
    other = world["village"].township.villages.get(name="张湖村")
    nomination = formal(other, world["round"], post=Post.DIRECTOR)
    # when / then
    with pytest.raises(PermissionDenied):
        services.election_setup(
            village=other,
            body=Body.VILLAGERS_COMMITTEE,
            held_on=DAY,
            nominations=[nomination],
            seats_head=1,
            seats_member=2,
            registered=100,
            by=guide,
        )


def test_only_the_office_applies_results(world):
    # given a valid count entered by the guide of the village
    guide = world["users"][Role.GUIDE]
    election, _noms = vc_ballot(world)
    services.election_count(
        election=election,
        by=guide,
        ballots_issued=820,
        ballots_returned=800,
        votes=votes_by_name(election, 甲=600, 丙=190, 乙=650, 丁=500, 戊=300),
    )
    # when / then
    with pytest.raises(PermissionDenied):
        services.election_apply(election=election, by=guide)


# --- recommendation meetings (P5) feed nominations ----------------------------------------------------


def test_meeting_with_exactly_two_thirds_present_is_invalid_and_recommends_nobody(
    world,
):
    # given
    people = [PersonFactory(village=world["village"]) for _ in range(4)]
    # when
    meeting = services.meeting_record(
        village=world["village"],
        kind=MeetingKind.PARTY_MEMBERS,
        held_on=DAY,
        seats=3,
        shortlist=4,
        entitled=60,
        present=40,
        votes=[(p, 30 - i, Post.MEMBER) for i, p in enumerate(people)],
        by=world["office"],
    )
    # then
    assert meeting.valid is False
    with pytest.raises(ValidationError):
        services.meeting_confirm(meeting=meeting, by=world["office"])
    assert not Nomination.objects.exists()


def test_valid_meeting_recommends_the_most_voted_as_preliminary_nominees(world):
    # given
    people = [
        PersonFactory(village=world["village"], name=n)
        for n in ("甲", "乙", "丙", "丁", "戊")
    ]
    meeting = services.meeting_record(
        village=world["village"],
        kind=MeetingKind.PARTY_MEMBERS,
        held_on=DAY,
        seats=3,
        shortlist=4,
        entitled=60,
        present=50,
        votes=[(p, 45 - 5 * i, Post.MEMBER) for i, p in enumerate(people)],
        by=world["office"],
    )
    # when
    nominations = services.meeting_confirm(meeting=meeting, by=world["office"])
    # then
    assert sorted(n.person.name for n in nominations) == ["丁", "丙", "乙", "甲"]
    assert all(
        n.status == NominationStatus.PRELIMINARY and n.route == "party_members"
        for n in nominations
    )
    assert MeetingVote.objects.get(person__name="戊").result == TallyStatus.NOT_ELECTED
    assert RecommendationMeeting.objects.get().status == CountStatus.APPLIED


def test_meeting_votes_above_present_are_refused_and_nothing_written(world):
    # given
    person = PersonFactory(village=world["village"], name="甲")
    # when / then
    with pytest.raises(ValidationError):
        services.meeting_record(
            village=world["village"],
            kind=MeetingKind.REPRESENTATIVES,
            held_on=DAY,
            seats=1,
            shortlist=2,
            entitled=40,
            present=30,
            votes=[
                (person, 31, Post.MEMBER),
                (PersonFactory(village=world["village"]), 2, Post.MEMBER),
            ],
            by=world["office"],
        )
    assert not RecommendationMeeting.objects.exists()


def test_meeting_person_of_another_village_is_refused(world, villages):
    # given
    outsider = PersonFactory(village=villages[1], name="外村人")
    # when / then
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_record(
            village=world["village"],
            kind=MeetingKind.REPRESENTATIVES,
            held_on=DAY,
            seats=1,
            shortlist=2,
            entitled=40,
            present=30,
            votes=[(outsider, 20, Post.MEMBER)],
            by=world["office"],
        )
    assert "外村人" in excinfo.value.message_dict["votes"][0]


# --- contracts with other apps --------------------------------------------------------------------------


def test_election_committee_members_are_reported_to_the_vetting_pre_check(world):
    # given
    election, _noms = vc_ballot(world)
    member = PersonFactory(village=world["village"])
    election.staff.create(person=member, role=StaffRole.COMMITTEE)
    # when / then
    assert election_committee_person_ids(
        [world["round"].pk], [world["village"].pk]
    ) == {member.pk}


def test_handover_is_checked_against_the_rule_sets_days(world):
    # given an applied VC election and no handover task in the round
    election, _noms = vc_ballot(world)
    services.election_count(
        election=election,
        by=world["office"],
        ballots_issued=820,
        ballots_returned=800,
        votes=votes_by_name(election, 甲=600, 丙=190, 乙=650, 丁=500, 戊=300),
    )
    services.election_apply(election=election, by=world["office"])
    election.refresh_from_db()
    # when
    check = handover_check(election, today=DAY + datetime.timedelta(days=11))
    # then
    assert check.deadline == DAY + datetime.timedelta(days=10)
    assert check.state == "overdue"
