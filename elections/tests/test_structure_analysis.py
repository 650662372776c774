"""Structure analysis (S1, 两升一降): outgoing vs incoming committees and their figures."""

import datetime
from fractions import Fraction
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.roles import Role
from elections import services
from elections.choices import Body, ElectionKind, Post
from elections.structure import PARTY, VC, analyse
from villages.choices import Category, Education, Gender, PoliticalStatus

from .support import formal, make_round, party_roll, seat

pytestmark = pytest.mark.django_db

PARTY_DAY = datetime.date(2021, 11, 20)
VC_DAY = datetime.date(2021, 12, 12)
OLD = {"birth_date": datetime.date(1960, 3, 1), "education": Education.JUNIOR}


def votes(election, table):
    return {
        c.pk: table[c.person.name] for c in election.candidates.select_related("person")
    }


@pytest.fixture
def elected_village(township, villages, users):
    """立仓社区: an old committee of four men around 61, then the 2021 elections applied.

    New Party committee 甲(书记) 乙 丙; new VC 甲(主任, 一肩挑) 乙(woman) 丁; so 甲
    and 乙 serve on both committees.
    """
    village, office = villages[0], users[Role.OFFICE]
    round = make_round(township)
    seat(village, Category.PARTY_COMMITTEE, Post.SECRETARY, name="老书记", **OLD)
    seat(village, Category.PARTY_COMMITTEE, Post.MEMBER, name="老委员", **OLD)
    seat(village, Category.VILLAGERS_COMMITTEE, Post.DIRECTOR, name="老主任", **OLD)
    seat(village, Category.VILLAGERS_COMMITTEE, Post.MEMBER, name="老委员二", **OLD)
    party_roll(village, full=30)
    young = {
        "birth_date": datetime.date(1990, 6, 1),
        "education": Education.BACHELOR,
        "political_status": PoliticalStatus.MEMBER,
    }
    people = {
        "甲": formal(
            village, round, body=Body.PARTY_COMMITTEE, name="甲", **young
        ).person,
        "乙": formal(
            village,
            round,
            body=Body.PARTY_COMMITTEE,
            name="乙",
            gender=Gender.FEMALE,
            birth_date=datetime.date(1988, 1, 1),
            education=Education.COLLEGE,
            political_status=PoliticalStatus.MEMBER,
        ).person,
        "丙": formal(
            village,
            round,
            body=Body.PARTY_COMMITTEE,
            name="丙",
            birth_date=datetime.date(1975, 1, 1),
            education=Education.SENIOR,
            political_status=PoliticalStatus.MEMBER,
        ).person,
        "己": formal(
            village,
            round,
            body=Body.PARTY_COMMITTEE,
            name="己",
            political_status=PoliticalStatus.MEMBER,
        ).person,
    }
    party = services.election_setup(
        village=village,
        body=Body.PARTY_COMMITTEE,
        held_on=PARTY_DAY,
        nominations=list(village.nominations.filter(body=Body.PARTY_COMMITTEE)),
        seats_member=3,
        by=office,
    )
    services.election_count(
        election=party,
        by=office,
        present=29,
        ballots_issued=29,
        ballots_returned=29,
        votes=votes(party, {"甲": 28, "乙": 27, "丙": 25, "己": 4}),
    )
    services.election_apply(election=party, by=office)
    posts = services.election_followup(
        election=party,
        kind=ElectionKind.POSTS,
        held_on=PARTY_DAY,
        by=office,
        posts={people["甲"].pk: Post.SECRETARY},
    )
    services.election_count(
        election=posts, by=office, present=3, votes=votes(posts, {"甲": 3})
    )
    services.election_apply(election=posts, by=office)
    # VC: 甲 and 乙 stand again (one nomination per committee), 丁 is new
    from candidates.tests.factories import NominationFactory

    vc_noms = [
        NominationFactory(
            village=village,
            round=round,
            person=people["甲"],
            body=Body.VILLAGERS_COMMITTEE,
            post=Post.DIRECTOR,
            status="formal",
        ),
        NominationFactory(
            village=village,
            round=round,
            person=people["乙"],
            body=Body.VILLAGERS_COMMITTEE,
            post=Post.MEMBER,
            status="formal",
        ),
        formal(village, round, post=Post.DIRECTOR, name="庚"),
        formal(
            village,
            round,
            post=Post.MEMBER,
            name="丁",
            birth_date=datetime.date(1995, 1, 1),
            education=Education.COLLEGE,
        ),
        formal(village, round, post=Post.MEMBER, name="戊"),
    ]
    vc = services.election_setup(
        village=village,
        body=Body.VILLAGERS_COMMITTEE,
        held_on=VC_DAY,
        nominations=vc_noms,
        seats_head=1,
        seats_member=2,
        registered=1000,
        by=office,
    )
    services.election_count(
        election=vc,
        by=office,
        ballots_issued=800,
        ballots_returned=800,
        votes=votes(vc, {"甲": 700, "庚": 90, "乙": 650, "丁": 600, "戊": 100}),
    )
    services.election_apply(election=vc, by=office)
    return village


def test_outgoing_and_incoming_committees_are_compared(elected_village, villages):
    # when
    analysis = analyse([elected_village], today=datetime.date(2021, 12, 20))
    # then: 4 old people → 4 new people (甲 乙 丙 丁)
    members = analysis.row("both", "members")
    assert (members.outgoing, members.incoming, members.change) == (4, 4, 0)
    assert analysis.row(PARTY, "heads").incoming == 1
    assert analysis.row(VC, "members").incoming == 3


def test_average_age_falls_and_education_rises(elected_village):
    # when
    analysis = analyse([elected_village], today=datetime.date(2021, 12, 20))
    # then ages on the new term's first day: old committee 61 each
    age = analysis.row("both", "average_age")
    assert age.outgoing == Fraction(61)
    assert age.incoming < age.outgoing
    assert age.change == age.incoming - age.outgoing
    assert analysis.row("both", "college").outgoing == 0
    assert analysis.row("both", "college").incoming == 3  # 甲 本科, 乙 大专, 丁 大专
    assert analysis.row("both", "bachelor").incoming == 1
    assert analysis.row("both", "senior").incoming == 4
    assert analysis.row("both", "under_35").incoming == 3  # 甲 31, 乙 33, 丁 26


def test_women_one_shoulder_cross_and_party_members_in_vc(elected_village):
    # when
    analysis = analyse([elected_village], today=datetime.date(2021, 12, 20))
    # then
    assert (
        analysis.row("both", "women").outgoing,
        analysis.row("both", "women").incoming,
    ) == (0, 1)
    assert analysis.row("both", "women_share").incoming == Fraction(1, 4)
    assert (
        analysis.row("both", "one_shoulder").outgoing,
        analysis.row("both", "one_shoulder").incoming,
    ) == (0, 1)
    assert analysis.row("both", "one_shoulder_rate").incoming == 1
    assert (
        analysis.row("both", "cross").outgoing,
        analysis.row("both", "cross").incoming,
    ) == (0, 2)
    assert analysis.row(VC, "vc_party").incoming == 2


def test_village_not_yet_elected_keeps_its_figures(township, villages):
    # given a committee in office and no election
    seat(
        villages[1], Category.VILLAGERS_COMMITTEE, Post.DIRECTOR, name="在任主任", **OLD
    )
    # when
    analysis = analyse([villages[1]], today=datetime.date(2021, 12, 20))
    # then
    row = analysis.row(VC, "members")
    assert (row.outgoing, row.incoming, row.change) == (1, 1, 0)
    assert analysis.elected_count == 0


def test_summary_reads_like_the_published_figures(elected_village):
    # when
    text = analyse([elected_village], today=datetime.date(2021, 12, 20)).summary()
    # then
    assert "1" in text
    assert (
        text == analyse([elected_village], today=datetime.date(2021, 12, 20)).summary()
    )


def test_structure_page_and_xlsx_export(users, client_for, elected_village):
    # given
    client = client_for(users[Role.OFFICE])
    # when
    page = client.get(reverse("elections:structure"))
    export = client.get(reverse("elections:structure") + "?export=xlsx")
    # then
    assert page.status_code == 200
    assert 'id="structure-both"' in page.content.decode()
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(BytesIO(export.content))
    assert len(workbook.sheetnames) == 3
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert len(rows) > 20
    by_village = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert [r[1] for r in by_village[1:]] == ["立仓社区", "王楼村", "李庙村", "张湖村"]


def test_county_reads_the_structure_of_its_townships(
    users, client_for, elected_village, other_township
):
    # given the county user of the township's county; the other township is in another county
    client = client_for(users[Role.COUNTY])
    # when
    response = client.get(reverse("elections:structure"))
    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert "立仓社区" in content
    assert "外镇一村" not in content


def test_reviewer_may_not_read_the_structure(users, client_for):
    # when / then
    assert (
        client_for(users[Role.REVIEWER]).get(reverse("elections:structure")).status_code
        == 403
    )


def test_half_finished_village_counts_only_for_the_committee_it_elected(
    elected_village,
):
    # given a day after the Party election and before the VC election
    between = datetime.date(2021, 11, 25)
    # when
    analysis = analyse([elected_village], today=between)
    # then the Party scope compares old and new; "two committees" waits for both
    assert analysis.covered == {"both": 0, PARTY: 1, VC: 0}
    party = analysis.row(PARTY, "members")
    assert (party.outgoing, party.incoming) == (2, 3)
    both = analysis.row("both", "members")
    assert both.outgoing == both.incoming
    assert analysis.row("both", "one_shoulder").change == 0
