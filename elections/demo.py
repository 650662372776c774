"""Demo data of meetings and elections: results for the villages whose election days are past.

For every demo village whose Party election day (from the stages demo round) is
past, the Party members' meeting is recorded, counted and applied, and the new
committee elects its secretary; where the villagers' committee election day is
past too, that election follows (the secretary stands for director in most
villages: 一肩挑). One village needs a 另行选举, one first vote fails on turnout
of exactly half and is held again. The outgoing committees and the Party rolls
come from the roster demo; where a village has none yet, fictional ones are
added so that the structure analysis shows real before/after numbers.

Everything goes through the election services, so outcomes are computed by the
rules from the round's rule set, exactly as a clerk's entries would be. All
names are fictional, ID numbers are fictional with valid check digits.
Idempotent: a village and committee with an election already recorded is left alone.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from villages.choices import (
    Category,
    Education,
    Gender,
    PartyMemberKind,
    PoliticalStatus,
    Post,
)

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
)
GIVEN_MALE = [
    "建国",
    "志强",
    "海涛",
    "国庆",
    "春生",
    "德胜",
    "振华",
    "明辉",
    "立新",
    "光明",
    "永刚",
    "卫东",
    "子豪",
    "浩然",
    "宇航",
    "俊杰",
    "晓东",
    "文博",
]
GIVEN_FEMALE = [
    "秀英",
    "桂兰",
    "玉兰",
    "红梅",
    "晓燕",
    "文静",
    "丽娟",
    "雪梅",
    "思雨",
    "佳怡",
    "梦洁",
    "欣然",
    "婷婷",
    "海燕",
]
REGION = "340121"  # a region code the ID validator knows (fictional people)


class _People:
    """Make fictional people of a village with valid, unused ID numbers."""

    def __init__(self, rng: random.Random):
        from villages.models import Person

        self.rng = rng
        self.seq = 0
        self.taken = set(Person.objects.values_list("id_number", flat=True))

    def make(
        self,
        village,
        *,
        age_from: int,
        age_to: int,
        today: date,
        gender=None,
        education=None,
        political=None,
    ):
        from villages.idnumbers import make_id_number
        from villages.models import Person

        rng = self.rng
        gender = gender or rng.choice([Gender.MALE, Gender.MALE, Gender.FEMALE])
        while True:
            self.seq += 1
            age = rng.randint(age_from, age_to)
            born = today.replace(year=today.year - age) - timedelta(
                days=rng.randint(30, 330)
            )
            number = make_id_number(born, gender, self.seq, region=REGION)
            if number not in self.taken:
                break
        self.taken.add(number)
        given = GIVEN_FEMALE if gender == Gender.FEMALE else GIVEN_MALE
        person = Person(
            id_number=number,
            name=rng.choice(SURNAMES) + rng.choice(given),
            gender=gender,
            birth_date=born,
            education=education
            or rng.choice([Education.JUNIOR, Education.SENIOR, Education.TECHNICAL]),
            political_status=political or PoliticalStatus.MASSES,
            village=village,
            notes="演示数据（虚构人员）",
        )
        person.full_clean()
        person.save()
        return person


def _ensure_outgoing(village, people: _People, *, since: date, today: date) -> None:
    """Give a village an outgoing committee (older, fewer women) if the roster has none."""
    from villages.models import RosterMembership

    current = RosterMembership.objects.current(on=today).filter(village=village)
    plan = {
        Category.PARTY_COMMITTEE: [Post.SECRETARY, Post.MEMBER, Post.MEMBER],
        Category.VILLAGERS_COMMITTEE: [
            Post.DIRECTOR,
            Post.DEPUTY_DIRECTOR,
            Post.MEMBER,
            Post.MEMBER,
        ],
    }
    secretary = None
    for category, posts in plan.items():
        if current.filter(category=category).exists():
            continue
        for index, post in enumerate(posts):
            if (
                category == Category.VILLAGERS_COMMITTEE
                and index == 0
                and secretary
                and people.rng.random() < 0.4
            ):
                person = secretary  # 一肩挑 in some villages already
            else:
                person = people.make(
                    village,
                    age_from=48,
                    age_to=64,
                    today=today,
                    gender=Gender.FEMALE
                    if index == len(posts) - 1 and people.rng.random() < 0.5
                    else Gender.MALE,
                    education=people.rng.choice(
                        [
                            Education.PRIMARY,
                            Education.JUNIOR,
                            Education.JUNIOR,
                            Education.SENIOR,
                        ]
                    ),
                    political=PoliticalStatus.MEMBER
                    if category == Category.PARTY_COMMITTEE
                    else None,
                )
            if category == Category.PARTY_COMMITTEE and post == Post.SECRETARY:
                secretary = person
            RosterMembership.objects.create(
                person=person,
                village=village,
                category=category,
                post=post,
                start_date=since,
                notes="上届班子（演示）",
            )


def _ensure_party_roll(
    village, people: _People, *, today: date, minimum: int = 30
) -> None:
    """Top up the village's Party roll so the 应到会 is realistic."""
    from villages.models import RosterMembership

    members = RosterMembership.objects.current(on=today).filter(
        village=village, category=Category.PARTY_MEMBER
    )
    have = members.count()
    want = max(minimum, min(village.party_member_count or minimum, 45))
    for index in range(have, want):
        person = people.make(
            village,
            age_from=25,
            age_to=80,
            today=today,
            political=PoliticalStatus.MEMBER,
            gender=Gender.FEMALE if index % 4 == 0 else Gender.MALE,
        )
        kind = PartyMemberKind.PROBATIONARY if index % 17 == 5 else PartyMemberKind.FULL
        extra = {}
        if index % 13 == 7:
            extra = {
                "excluded_from_quorum": True,
                "exclusion_reason": "外出务工半年以上，组织关系应转未转",
                "exclusion_approval": "镇党委批复、党员大会通过（演示）",
            }
        RosterMembership.objects.create(
            person=person,
            village=village,
            category=Category.PARTY_MEMBER,
            party_member_kind=kind,
            start_date=date(2000, 1, 1),
            **extra,
        )


def _formal(round, village, person, body, post, office):
    from candidates.models import Nomination

    from .choices import NominationStatus, Route

    nomination, _created = Nomination.objects.get_or_create(
        round=round,
        person=person,
        body=body,
        defaults={
            "village": village,
            "post": post,
            "route": Route.PARTY_MEMBERS
            if body == "party_committee"
            else Route.VILLAGERS,
            "status": NominationStatus.FORMAL,
            "status_changed_at": timezone.now(),
            "nominated_by": office,
            "notes": "演示数据：经推荐、联审、考察、公示后确定为正式候选人。",
        },
    )
    return nomination


def _votes(election, table: dict[int, int]) -> dict[int, int]:
    return {c.pk: table.get(c.person_id, 0) for c in election.candidates.all()}


def _party(round, village, day: date, people: _People, office, rng, *, today: date):
    """Party members' meeting: 5 seats, 6 candidates; then the committee elects its secretary."""
    from villages.models import RosterMembership

    from . import services
    from .choices import Body, ElectionKind

    old = list(
        RosterMembership.objects.current(on=day)
        .filter(village=village, category=Category.PARTY_COMMITTEE)
        .select_related("person")
        .order_by("post", "pk")
    )
    incumbents = [m.person for m in old if m.post != Post.SECRETARY][:1]
    young = [
        people.make(
            village,
            age_from=26,
            age_to=38,
            today=today,
            education=rng.choice([Education.COLLEGE, Education.BACHELOR]),
            political=PoliticalStatus.MEMBER,
            gender=Gender.MALE,
        ),
        people.make(
            village,
            age_from=28,
            age_to=42,
            today=today,
            education=Education.COLLEGE,
            political=PoliticalStatus.MEMBER,
            gender=Gender.FEMALE,
        ),
        people.make(
            village,
            age_from=30,
            age_to=45,
            today=today,
            education=rng.choice([Education.SENIOR, Education.COLLEGE]),
            political=PoliticalStatus.MEMBER,
        ),
        people.make(
            village,
            age_from=25,
            age_to=34,
            today=today,
            education=Education.BACHELOR,
            political=PoliticalStatus.MEMBER,
            gender=Gender.FEMALE,
        ),
        people.make(
            village,
            age_from=35,
            age_to=50,
            today=today,
            political=PoliticalStatus.MEMBER,
        ),
    ]
    candidates = (incumbents + young)[:6]
    if len(candidates) < 6:
        extra = people.make(
            village,
            age_from=40,
            age_to=55,
            today=today,
            political=PoliticalStatus.MEMBER,
        )
        candidates.append(extra)
        young.append(extra)
    nominations = [
        _formal(round, village, p, Body.PARTY_COMMITTEE, Post.MEMBER, office)
        for p in candidates
    ]
    election = services.election_setup(
        village=village,
        body=Body.PARTY_COMMITTEE,
        held_on=day,
        nominations=nominations,
        seats_member=5,
        by=office,
        round=round,
        notes="演示数据",
    )
    entitled = election.entitled
    present = entitled - rng.randint(1, max(1, entitled // 10))
    ranked = [young[0], young[1], young[2], young[3], *incumbents, *young[4:]][
        : len(candidates)
    ]
    # Each elector ticks at most five names: the sixth candidate gets the few votes left.
    table = {
        person.pk: present - 1 - index if index < 5 else 10
        for index, person in enumerate(ranked)
    }
    services.election_count(
        election=election,
        by=office,
        present=present,
        ballots_issued=present,
        ballots_returned=present,
        votes=_votes(election, table),
    )
    services.election_apply(election=election, by=office)
    members = [
        c.person
        for c in election.candidates.filter(result="elected").select_related("person")
    ]
    secretary = young[0] if young[0] in members else members[0]
    posts = services.election_followup(
        election=election,
        kind=ElectionKind.POSTS,
        held_on=day,
        by=office,
        posts={secretary.pk: Post.SECRETARY},
        seats_deputy=0,
    )
    services.election_count(
        election=posts,
        by=office,
        present=len(members),
        votes=_votes(posts, {secretary.pk: len(members)}),
    )
    services.election_apply(election=posts, by=office)
    return secretary, members


def _vc(
    round,
    village,
    day: date,
    people: _People,
    office,
    rng,
    *,
    secretary,
    party_members,
    today: date,
    mode: str,
):
    """Villagers' committee: 主任 1 + 委员 3 (the secretary stands for director: 一肩挑)."""
    from . import services
    from .choices import Body, ElectionKind

    woman = next(
        (p for p in party_members if p.gender == Gender.FEMALE and p != secretary), None
    )
    crossing = [p for p in party_members if p not in (secretary, woman)][:1]
    director_rival = people.make(village, age_from=40, age_to=58, today=today)
    new_members = [
        people.make(
            village,
            age_from=27,
            age_to=40,
            today=today,
            education=rng.choice([Education.COLLEGE, Education.BACHELOR]),
        ),
        people.make(
            village,
            age_from=30,
            age_to=50,
            today=today,
            gender=Gender.FEMALE,
            education=Education.SENIOR,
        ),
        people.make(village, age_from=45, age_to=60, today=today),
    ]
    nominations = [
        _formal(
            round, village, secretary, Body.VILLAGERS_COMMITTEE, Post.DIRECTOR, office
        ),
        _formal(
            round,
            village,
            director_rival,
            Body.VILLAGERS_COMMITTEE,
            Post.DIRECTOR,
            office,
        ),
    ]
    member_people = [p for p in [woman, *crossing] if p] + new_members
    nominations += [
        _formal(round, village, p, Body.VILLAGERS_COMMITTEE, Post.MEMBER, office)
        for p in member_people
    ]
    registered = max(600, int(village.population * 0.72))
    registered += registered % 2  # even, so the failed first vote is exactly half
    election = services.election_setup(
        village=village,
        body=Body.VILLAGERS_COMMITTEE,
        held_on=day,
        nominations=nominations,
        seats_head=1,
        seats_member=3,
        registered=registered,
        by=office,
        round=round,
        notes="演示数据",
    )
    if mode == "invalid_first":
        half = registered // 2
        services.election_count(
            election=election,
            by=office,
            ballots_issued=half + 5,
            ballots_returned=half,
            votes=_votes(
                election,
                {secretary.pk: int(half * 0.8), director_rival.pk: int(half * 0.15)},
            ),
        )
        election.refresh_from_db()
        election.notes = "参选人数恰为登记选民的一半，选举无效，择日重新选举（演示）"
        election._history_user = office
        election.save(update_fields=["notes"])
        day = day + timedelta(days=3)
        election = services.election_setup(
            village=village,
            body=Body.VILLAGERS_COMMITTEE,
            held_on=day,
            nominations=nominations,
            seats_head=1,
            seats_member=3,
            registered=registered,
            by=office,
            round=round,
            notes="重新选举（演示）",
        )
    cast = int(registered * rng.uniform(0.78, 0.92))
    top = member_people[:3]
    table = {secretary.pk: int(cast * 0.86), director_rival.pk: int(cast * 0.1)}
    for index, person in enumerate(member_people):
        if index < 3:
            table[person.pk] = int(cast * (0.8 - 0.06 * index))
        else:
            table[person.pk] = int(cast * 0.2)
    if mode == "runoff":
        table[top[2].pk] = int(cast * 0.45)
        table[member_people[3].pk] = int(cast * 0.4)
    services.election_count(
        election=election,
        by=office,
        ballots_issued=cast + rng.randint(0, 12),
        ballots_returned=cast,
        votes=_votes(election, table),
    )
    services.election_apply(election=election, by=office)
    election.refresh_from_db()
    if election.shortfall:
        runoff_day = min(day + timedelta(days=5), today)
        runoff = services.election_followup(
            election=election, kind=ElectionKind.RUNOFF, held_on=runoff_day, by=office
        )
        cast2 = int(registered * 0.7)
        losers = [c.person_id for c in runoff.candidates.all()]
        services.election_count(
            election=runoff,
            by=office,
            ballots_issued=cast2,
            ballots_returned=cast2,
            votes=_votes(
                runoff, {losers[0]: int(cast2 * 0.55), losers[1]: int(cast2 * 0.38)}
            ),
        )
        services.election_apply(election=runoff, by=office)
    return day


def _supervision(
    round, village, day: date, people: _People, office, rng, *, today: date
):
    """村务监督委员会: 主任 1 + 委员 2, elected by the villager representatives (V11 checked)."""
    from . import services
    from .choices import Body

    director = [
        people.make(
            village,
            age_from=40,
            age_to=60,
            today=today,
            political=PoliticalStatus.MEMBER,
        )
        for _ in range(2)
    ]
    members = [
        people.make(
            village, age_from=30, age_to=55, today=today, education=Education.COLLEGE
        ),
        people.make(village, age_from=35, age_to=60, today=today, gender=Gender.FEMALE),
        people.make(village, age_from=35, age_to=65, today=today),
    ]
    nominations = [
        _formal(round, village, p, Body.SUPERVISION_COMMITTEE, Post.DIRECTOR, office)
        for p in director
    ]
    nominations += [
        _formal(round, village, p, Body.SUPERVISION_COMMITTEE, Post.MEMBER, office)
        for p in members
    ]
    entitled = rng.randint(38, 48)
    election = services.election_setup(
        village=village,
        body=Body.SUPERVISION_COMMITTEE,
        held_on=day,
        nominations=nominations,
        seats_head=1,
        seats_member=2,
        registered=entitled,
        by=office,
        round=round,
        notes="村民代表会议推选（演示）",
    )
    present = entitled - 3
    table = {
        director[0].pk: present - 2,
        director[1].pk: 1,
        members[0].pk: present - 4,
        members[1].pk: present - 6,
        members[2].pk: 5,
    }
    services.election_count(
        election=election,
        by=office,
        ballots_issued=present,
        ballots_returned=present,
        votes=_votes(election, table),
    )
    services.election_apply(election=election, by=office)


def _meetings(round, village, day: date, office, nominations_people) -> None:
    """The 两推 meetings that recommended the Party committee's candidates."""
    from candidates.models import Nomination

    from . import services
    from .choices import Body, MeetingKind

    for kind, entitled in (
        (MeetingKind.PARTY_MEMBERS, 42),
        (MeetingKind.REPRESENTATIVES, 35),
    ):
        present = entitled - 4
        votes = [
            (p, present - 2 - 3 * i, Post.MEMBER)
            for i, p in enumerate(nominations_people)
        ]
        meeting = services.meeting_record(
            village=village,
            kind=kind,
            body=Body.PARTY_COMMITTEE,
            held_on=day,
            seats=5,
            shortlist=len(nominations_people),
            entitled=entitled,
            present=present,
            votes=votes,
            by=office,
            round=round,
            notes="演示数据",
        )
        for vote in meeting.votes.all():
            vote.nomination = Nomination.objects.filter(
                round=round, person=vote.person, body=Body.PARTY_COMMITTEE
            ).first()
            vote.save(update_fields=["nomination"])
        meeting.status = "applied"
        meeting.confirmed_by = office
        meeting.confirmed_at = timezone.now()
        meeting.save()


def seed(*, township, stdout=None):
    """Record the demo results of the villages whose election days are past."""
    from core.models import User
    from stages.models import VillageElection
    from stages.selectors import current_round

    from .choices import Body
    from .models import Election

    if township is None:
        return
    round = current_round(township)
    if round is None:
        return
    office = User.objects.filter(username="office").first()
    today = timezone.localdate()
    rng = random.Random(2021)
    people = _People(rng)
    days = list(
        VillageElection.objects.filter(round=round)
        .select_related("village")
        .order_by("village__code")
    )
    recorded = 0
    for index, row in enumerate(days):
        village = row.village
        party_day, vc_day = row.party_election_date, row.vc_election_date
        if not party_day or party_day >= today:
            continue
        if Election.objects.filter(round=round, village=village).exists():
            continue
        _ensure_outgoing(
            village,
            people,
            since=round.start_date - timedelta(days=5 * 365),
            today=party_day - timedelta(days=1),
        )
        _ensure_party_roll(village, people, today=party_day)
        secretary, members = _party(
            round, village, party_day, people, office, rng, today=today
        )
        if index < 3:
            from candidates.models import Nomination

            nominated = [
                n.person
                for n in Nomination.objects.filter(
                    round=round, village=village, body=Body.PARTY_COMMITTEE
                )
            ]
            _meetings(round, village, party_day - timedelta(days=20), office, nominated)
        if vc_day and vc_day < today:
            mode = {1: "runoff", 2: "invalid_first"}.get(index, "")
            vc_done = _vc(
                round,
                village,
                vc_day,
                people,
                office,
                rng,
                secretary=secretary,
                party_members=members,
                today=today,
                mode=mode,
            )
            _supervision(round, village, vc_done, people, office, rng, today=today)
        recorded += 1
    from .demo_handover import seed_audits_and_handovers

    audits, handovers = seed_audits_and_handovers(round, office, today=today)
    if stdout is not None:
        stdout.write(f"elections: election results recorded for {recorded} villages.")
        stdout.write(f"elections: {audits} exit audits, {handovers} handovers.")
