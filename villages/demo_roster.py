"""Demo roster (台账) for the 22 demo villages: fictional people, valid fictional ID numbers.

Each village gets its current two committees and supervision committee
(varied ages, genders and education; some 一肩挑 and 交叉任职), 40–100 Party
members (a few 预备党员, 留党察看, detained, and approved exclusions from 应到会),
reserve cadres and talents. Deterministic per village and idempotent: a
village that already has people is left alone.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from .choices import (
    Category,
    Education,
    Gender,
    PartyMemberKind,
    PoliticalStatus,
    Post,
    TalentKind,
    VotingStatus,
)
from .idnumbers import make_id_number
from .importing.writer import insert_with_history
from .models import Person, RosterMembership
from .names import name_keys

SURNAMES = "王王王李李张张刘刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
MALE_GIVEN = "伟强磊军勇杰涛明超刚平辉建国志文生海德胜振立新春永林华斌鹏飞宇浩东俊峰成兵庆福贵长发保忠义友良"
FEMALE_GIVEN = (
    "芳娜敏静丽艳娟秀霞桂英玉兰红梅燕萍琴云莲凤翠华玲慧娥彩春荣菊香淑珍巧凤美"
)
EXCLUSION_REASONS = (
    ("年老体弱卧床不起", "经镇党委同意，党员大会通过"),
    ("外出务工半年以上，应转未转组织关系", "经镇党委同意，党员大会通过"),
    ("长期生病生活不能自理", "经镇党委同意，党员大会通过"),
)
# The committees in office were elected in the 2021 round (the previous term);
# the demo round is the 2026年村（社区）“两委”换届 that replaces them.
TERM_START = datetime.date(2021, 11, 15)
# Ages are those at the demo round (2026), not at the day the demo is loaded.
REFERENCE_DAY = datetime.date(2026, 9, 1)
REASON = "演示数据"


def _region(birth: datetime.date) -> str:
    # 蒙城县's code changed with the prefecture: 342125 → 341224 (1996) → 341622 (2000).
    # An ID number keeps the code of its holder's birth year, as python-stdnum checks.
    if birth.year < 1996:
        return "342125"
    if birth.year < 2000:
        return "341224"
    return "341622"


class _Village:
    def __init__(self, village, rng: random.Random, used: dict):
        self.village = village
        self.rng = rng
        self.used = used
        self.people: list[dict] = []
        self.memberships: list[tuple[dict, dict]] = []
        self.today = REFERENCE_DAY

    def person(
        self, *, age_range, gender=None, education=None, party=None, phone=True
    ) -> dict:
        rng = self.rng
        gender = gender or rng.choice([Gender.MALE, Gender.MALE, Gender.FEMALE])
        age = rng.randint(*age_range)
        birth = datetime.date(
            self.today.year - age, rng.randint(1, 12), rng.randint(1, 28)
        )
        key = (birth, gender)
        seq = self.used.get(key, rng.randint(0, 200))
        while True:
            number = make_id_number(birth, gender, seq, region=_region(birth))
            seq += 1
            if number not in self.used:
                break
        self.used[key] = seq
        self.used[number] = True
        given = MALE_GIVEN if gender == Gender.MALE else FEMALE_GIVEN
        name = (
            rng.choice(SURNAMES)
            + rng.choice(given)
            + (rng.choice(given) if rng.random() < 0.75 else "")
        )
        if education is None:
            education = rng.choice(
                [
                    Education.PRIMARY,
                    Education.JUNIOR,
                    Education.JUNIOR,
                    Education.SENIOR,
                    Education.TECHNICAL,
                ]
                if age > 55
                else [
                    Education.JUNIOR,
                    Education.SENIOR,
                    Education.TECHNICAL,
                    Education.COLLEGE,
                    Education.BACHELOR,
                ]
            )
        status = party or PoliticalStatus.MASSES
        joined = None
        if status in (PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY):
            joined_age = (
                age
                if status == PoliticalStatus.PROBATIONARY
                else rng.randint(20, max(21, min(age, 45)))
            )
            joined = birth.replace(year=birth.year + joined_age, day=1)
            if status == PoliticalStatus.PROBATIONARY or joined > self.today:
                joined = self.today.replace(month=rng.randint(1, 7), day=1)
        pinyin, initials = name_keys(name)
        row = {
            "id": None,
            "id_number": number,
            "name": name,
            "gender": gender,
            "ethnicity": "汉族" if rng.random() > 0.03 else "回族",
            "birth_date": birth,
            "education": education,
            "political_status": status,
            "party_joined_on": joined,
            "phone": f"1{rng.choice('35789')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"
            if phone
            else "",
            "village_id": self.village.pk,
            "notes": "",
            "name_pinyin": pinyin,
            "name_initials": initials,
            "created_at": None,
            "updated_at": None,
        }
        self.people.append(row)
        return row

    def member(self, person: dict, category: str, **fields) -> None:
        row = {
            "id": None,
            "person_id": None,
            "village_id": self.village.pk,
            "category": category,
            "post": "",
            "party_member_kind": "",
            "voting_status": "",
            "excluded_from_quorum": False,
            "exclusion_reason": "",
            "exclusion_approval": "",
            "talent_kind": "",
            "start_date": None,
            "end_date": None,
            "notes": "",
        }
        row.update(fields)
        self.memberships.append((person, row))

    def party_member(self, person: dict, **fields) -> None:
        kind = (
            PartyMemberKind.PROBATIONARY
            if person["political_status"] == PoliticalStatus.PROBATIONARY
            else PartyMemberKind.FULL
        )
        values = {
            "party_member_kind": kind,
            "voting_status": VotingStatus.NORMAL,
            "start_date": person["party_joined_on"],
            **fields,
        }
        self.member(person, Category.PARTY_MEMBER, **values)


def _build(village, index: int, used: dict) -> _Village:
    rng = random.Random(f"roster-{village.township_id}-{village.code}")
    v = _Village(village, rng, used)
    start = TERM_START + datetime.timedelta(days=index % 10)
    committee_ages = (30, 62)
    college = [
        Education.SENIOR,
        Education.TECHNICAL,
        Education.COLLEGE,
        Education.COLLEGE,
        Education.BACHELOR,
    ]

    # Party committee: secretary, sometimes a deputy, members.
    secretary = v.person(
        age_range=(36, 58),
        party=PoliticalStatus.MEMBER,
        education=rng.choice(college),
        gender=Gender.MALE if rng.random() < 0.85 else Gender.FEMALE,
    )
    party_committee = [secretary]
    v.member(secretary, Category.PARTY_COMMITTEE, post=Post.SECRETARY, start_date=start)
    if rng.random() < 0.4:
        deputy = v.person(age_range=committee_ages, party=PoliticalStatus.MEMBER)
        v.member(
            deputy,
            Category.PARTY_COMMITTEE,
            post=Post.DEPUTY_SECRETARY,
            start_date=start,
        )
        party_committee.append(deputy)
    for _n in range(rng.randint(2, 3)):
        member = v.person(age_range=committee_ages, party=PoliticalStatus.MEMBER)
        v.member(member, Category.PARTY_COMMITTEE, post=Post.MEMBER, start_date=start)
        party_committee.append(member)

    # Villagers' committee: 一肩挑 in most villages; some Party committee members serve on both.
    one_shoulder = rng.random() < 0.7
    if one_shoulder:
        director = secretary
    else:
        director = v.person(
            age_range=(35, 58),
            party=rng.choice([PoliticalStatus.MEMBER, PoliticalStatus.MASSES]),
        )
    v.member(
        director, Category.VILLAGERS_COMMITTEE, post=Post.DIRECTOR, start_date=start
    )
    cross = rng.sample(
        party_committee[1:], k=min(len(party_committee) - 1, rng.randint(1, 2))
    )
    for member in cross:
        v.member(
            member, Category.VILLAGERS_COMMITTEE, post=Post.MEMBER, start_date=start
        )
    woman = v.person(
        age_range=(28, 52),
        gender=Gender.FEMALE,
        party=rng.choice([PoliticalStatus.MEMBER, PoliticalStatus.MASSES]),
    )
    v.member(woman, Category.VILLAGERS_COMMITTEE, post=Post.MEMBER, start_date=start)
    if rng.random() < 0.5:
        deputy_director = v.person(age_range=committee_ages)
        v.member(
            deputy_director,
            Category.VILLAGERS_COMMITTEE,
            post=Post.DEPUTY_DIRECTOR,
            start_date=start,
        )

    # Village affairs supervision committee.
    supervisor = v.person(age_range=(45, 65), party=PoliticalStatus.MEMBER)
    v.member(
        supervisor, Category.SUPERVISION_COMMITTEE, post=Post.DIRECTOR, start_date=start
    )
    for _n in range(2):
        v.member(
            v.person(age_range=(40, 68)),
            Category.SUPERVISION_COMMITTEE,
            post=Post.MEMBER,
            start_date=start,
        )

    # Party members: the Party members among the cadres, then the rest of the branch.
    target = rng.randint(40, 94)  # reserve cadres who are Party members come on top
    already = [p for p in v.people if p["political_status"] == PoliticalStatus.MEMBER]
    for person in already:
        v.party_member(person)
    for n in range(target - len(already)):
        status = (
            PoliticalStatus.PROBATIONARY
            if n < rng.randint(1, 3)
            else PoliticalStatus.MEMBER
        )
        age_range = (22, 32) if status == PoliticalStatus.PROBATIONARY else (24, 88)
        person = v.person(age_range=age_range, party=status, phone=rng.random() < 0.8)
        extra = {}
        if status == PoliticalStatus.MEMBER:
            roll = rng.random()
            if roll < 0.03:
                reason, approval = rng.choice(EXCLUSION_REASONS)
                extra = {
                    "excluded_from_quorum": True,
                    "exclusion_reason": reason,
                    "exclusion_approval": f"{approval}（2026年9月）",
                }
            elif roll < 0.045:
                extra = {"voting_status": VotingStatus.PROBATION}
            elif roll < 0.05:
                extra = {"voting_status": VotingStatus.DETAINED}
        v.party_member(person, **extra)

    # Reserve cadres: younger, better educated; talents of every kind.
    for _n in range(rng.randint(2, 5)):
        reserve = v.person(
            age_range=(24, 40),
            education=rng.choice(
                [
                    Education.COLLEGE,
                    Education.BACHELOR,
                    Education.BACHELOR,
                    Education.SENIOR,
                ]
            ),
            party=rng.choice(
                [
                    PoliticalStatus.MEMBER,
                    PoliticalStatus.PROBATIONARY,
                    PoliticalStatus.LEAGUE,
                    PoliticalStatus.MASSES,
                ]
            ),
        )
        v.member(
            reserve,
            Category.RESERVE_CADRE,
            start_date=datetime.date(2024, rng.randint(1, 12), 1),
        )
        if reserve["political_status"] in (
            PoliticalStatus.MEMBER,
            PoliticalStatus.PROBATIONARY,
        ):
            v.party_member(reserve)
    kinds = list(TalentKind.values)
    for _n in range(rng.randint(3, 7)):
        kind = rng.choice(kinds)
        age_range = {
            "graduate": (22, 30),
            "retired_cadre": (60, 72),
            "veteran": (26, 50),
        }.get(kind, (28, 55))
        talent = v.person(age_range=age_range)
        v.member(
            talent,
            Category.TALENT,
            talent_kind=kind,
            start_date=datetime.date(2024, 6, 1),
        )
    return v


@transaction.atomic
def seed_roster(*, township, stdout=None) -> int:
    """Give every village of the township a demo roster; return the number of people added."""
    villages = list(township.villages.order_by("code"))
    filled = set(
        Person.objects.filter(village__in=villages)
        .values_list("village_id", flat=True)
        .distinct()
    )
    used: dict = dict.fromkeys(Person.objects.values_list("id_number", flat=True), True)
    people, memberships = [], []
    for index, village in enumerate(villages):
        if village.pk in filled:
            continue
        built = _build(village, index, used)
        people.extend(built.people)
        memberships.extend(built.memberships)
    if not people:
        return 0
    now = timezone.now()
    for person in people:
        person["created_at"] = person["updated_at"] = now
    insert_with_history(Person, people, user_id=None, reason=REASON, when=now)
    rows = []
    for person, membership in memberships:
        membership["person_id"] = person["id"]
        rows.append(membership)
    insert_with_history(RosterMembership, rows, user_id=None, reason=REASON, when=now)
    if stdout is not None:
        stdout.write(f"Roster: {len(people)} people, {len(rows)} roster entries")
    return len(people)
