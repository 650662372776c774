"""Structure analysis counted by the database: the 35 boundary and a plain recount."""

import datetime

import pytest

from core.roles import Role
from elections.choices import Body
from elections.models import Election
from elections.structure import PARTY, VC, analyse
from villages.choices import Category, Education, Gender, Post
from villages.tests.factories import RosterMembershipFactory, person_with

from .support import make_round

pytestmark = pytest.mark.django_db

PARTY_DAY = datetime.date(2021, 11, 20)
VC_DAY = datetime.date(2021, 12, 12)
OLD_START = datetime.date(2016, 11, 1)


def _applied(village, round, body, day, office):
    return Election.objects.create(
        round=round,
        village=village,
        body=body,
        held_on=day,
        seats_member=3,
        status="applied",
        valid=True,
        recorded_by=office,
    )


def _seat(village, person, category, post, start, end=None):
    RosterMembershipFactory(
        person=person,
        village=village,
        category=category,
        post=post,
        start_date=start,
        end_date=end,
    )


def test_members_aged_exactly_35_count_as_under_35(township, villages, users):
    # given a Party committee elected on 2021-11-20 whose members were born
    # exactly 35 years before (35 that day), the day before (35), one day
    # after 36 years before (still 35) and exactly 36 years before (36)
    village, office = villages[0], users[Role.OFFICE]
    round = make_round(township)
    births = {
        "满35岁当天": datetime.date(1986, 11, 20),
        "35岁零一天": datetime.date(1986, 11, 19),
        "差一天36岁": datetime.date(1985, 11, 21),
        "满36岁当天": datetime.date(1985, 11, 20),
        "33岁": datetime.date(1987, 11, 21),
    }
    for n, (name, born) in enumerate(births.items(), 1):
        person = person_with(village, name=name, born=born, seq=n)
        post = Post.SECRETARY if n == 1 else Post.MEMBER
        _seat(village, person, Category.PARTY_COMMITTEE, post, PARTY_DAY)
    _applied(village, round, Body.PARTY_COMMITTEE, PARTY_DAY, office)
    # when the structure is analysed after the election
    analysis = analyse([village], today=datetime.date(2021, 12, 1))
    # then everyone aged 35 or less on the term's first day counts (民法典 第1259条)
    item = analysis.villages[0]
    assert item.incoming.party.members == 5
    assert item.incoming.party.young == 4
    assert analysis.row(PARTY, "under_35").incoming == 4
    # and the ages are taken on the election day: 35+35+35+36+33
    assert item.incoming.party.age_sum == 35 + 35 + 35 + 36 + 33


def _python_recount(village, today, party_start, vc_start):
    """Count a village's committees with plain loops over its roster rows."""
    from villages.models import RosterMembership

    def age(born, day):
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def in_force(m, day):
        return (m.start_date is None or m.start_date <= day) and (
            m.end_date is None or m.end_date > day
        )

    result = {}
    rows = list(
        RosterMembership.objects.filter(
            village=village, category__in=[PARTY, VC]
        ).select_related("person")
    )
    for side in ("out", "in"):
        people = {}
        committees = {PARTY: set(), VC: set()}
        posts = {PARTY: {}, VC: {}}
        for category, start in ((PARTY, party_start), (VC, vc_start)):
            day = (start - datetime.timedelta(days=1)) if side == "out" else today
            for m in rows:
                if m.category != category or not in_force(m, day):
                    continue
                committees[category].add(m.person_id)
                posts[category][m.person_id] = m.post
                people.setdefault(
                    m.person_id, (m.person, age(m.person.birth_date, start))
                )
        result[side] = {
            "members": len(people),
            "women": sum(p.gender == Gender.FEMALE for p, _a in people.values()),
            "young": sum(a <= 35 for _p, a in people.values()),
            "college": sum(
                p.education
                in (Education.COLLEGE, Education.BACHELOR, Education.POSTGRADUATE)
                for p, _a in people.values()
            ),
            "age_sum": sum(a for _p, a in people.values()),
            "cross": len(committees[PARTY] & committees[VC]),
            "one_shoulder": int(
                any(
                    posts[PARTY].get(pid) == Post.SECRETARY
                    and posts[VC].get(pid) == Post.DIRECTOR
                    for pid in committees[PARTY] & committees[VC]
                )
            ),
        }
    return result


def test_database_counts_equal_a_plain_recount(township, villages, users):
    # given a village with an old term, people leaving and staying, a cross
    # member who is 书记 and 主任 (一肩挑), and applied elections of both committees
    village, office = villages[1], users[Role.OFFICE]
    round = make_round(township)
    seq = iter(range(100, 200))

    def person(name, born, gender=Gender.MALE, education=Education.SENIOR):
        return person_with(
            village,
            name=name,
            born=born,
            gender=gender,
            seq=next(seq),
            education=education,
        )

    old_secretary = person("老书记", datetime.date(1958, 2, 3))
    stays = person("留任", datetime.date(1972, 12, 12), Gender.FEMALE)
    leader = person("新书记", datetime.date(1986, 11, 20), education=Education.BACHELOR)
    young = person("青年", datetime.date(1996, 1, 1), Gender.FEMALE, Education.COLLEGE)
    old_director = person("老主任", datetime.date(1960, 7, 7))
    _seat(village, old_secretary, PARTY, Post.SECRETARY, OLD_START, PARTY_DAY)
    _seat(village, stays, PARTY, Post.MEMBER, OLD_START)
    _seat(village, leader, PARTY, Post.SECRETARY, PARTY_DAY)
    _seat(village, old_director, VC, Post.DIRECTOR, OLD_START, VC_DAY)
    _seat(village, stays, VC, Post.MEMBER, OLD_START)
    _seat(village, leader, VC, Post.DIRECTOR, VC_DAY)
    _seat(village, young, VC, Post.MEMBER, VC_DAY)
    _applied(village, round, Body.PARTY_COMMITTEE, PARTY_DAY, office)
    _applied(village, round, Body.VILLAGERS_COMMITTEE, VC_DAY, office)
    today = datetime.date(2022, 1, 10)
    # when the database counts them
    item = analyse([village], today=today).villages[0]
    # then every figure equals the plain recount
    expected = _python_recount(village, today, PARTY_DAY, VC_DAY)
    for side, counted in (("out", item.outgoing), ("in", item.incoming)):
        both = counted.both
        assert {
            "members": both.members,
            "women": both.women,
            "young": both.young,
            "college": both.college,
            "age_sum": both.age_sum,
            "cross": counted.cross,
            "one_shoulder": counted.one_shoulder,
        } == expected[side], side
    assert item.incoming.one_shoulder == 1
    assert item.outgoing.one_shoulder == 0
    assert item.incoming.cross == 2  # 留任 and 新书记


def test_demo_villages_equal_a_plain_recount_and_35_counts(db):
    # given the demo township, and in its first village that elected both
    # committees a new Party committee member aged exactly 35 on the term's first day
    from django.core.management import call_command
    from django.utils import timezone

    from villages.models import Township, Village

    call_command("seed_demo", "--force", verbosity=0)
    township = Township.objects.get(code="341622108")
    today = timezone.localdate()
    villages = Village.objects.filter(township=township).order_by("code")
    before = analyse(villages, today=today)
    first = next(item for item in before.villages if item.fully_elected)
    start = first.term_start[PARTY]
    # (born on the same day 35 years before; on the 28th if the term began on
    # the 29th–31st: a few days past the 35th birthday, still 35)
    born = datetime.date(start.year - 35, start.month, min(start.day, 28))
    aged_35 = person_with(first.village, name="满三十五", born=born, seq=990)
    _seat(first.village, aged_35, PARTY, Post.MEMBER, start)
    # when the database counts every village
    analysis = analyse(villages, today=today)
    # then the member aged 35 counts as under 35 (民法典 第1259条)
    item = next(i for i in analysis.villages if i.village == first.village)
    assert item.incoming.party.members == first.incoming.party.members + 1
    assert item.incoming.party.young == first.incoming.party.young + 1
    # and every village that elected both committees equals the plain recount
    checked = 0
    for item in analysis.villages:
        if not item.fully_elected:
            continue
        expected = _python_recount(
            item.village, today, item.term_start[PARTY], item.term_start[VC]
        )
        for side, counted in (("out", item.outgoing), ("in", item.incoming)):
            both = counted.both
            assert {
                "members": both.members,
                "women": both.women,
                "young": both.young,
                "college": both.college,
                "age_sum": both.age_sum,
                "cross": counted.cross,
                "one_shoulder": counted.one_shoulder,
            } == expected[side], (item.village.name, side)
        checked += 1
    assert checked > 1
