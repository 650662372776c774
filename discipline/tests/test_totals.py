"""The township totals: correct per village and in total, exportable, constant queries."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from core.roles import Role
from discipline.selectors import discipline_totals
from villages.tests.factories import VillageFactory

from .factories import (
    EducationEventFactory,
    LetterFactory,
    MaterialFactory,
    OpinionFactory,
    PublicityFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(township, villages):
    """A small, hand-countable month of records."""
    a, b = villages[0], villages[1]
    EducationEventFactory(township=township, kind="party_study")  # township level
    EducationEventFactory(township=township, kind="party_study")
    EducationEventFactory(township=township, kind="seminar", attendance=12)
    EducationEventFactory(township=township, kind="warning_film", villages=[a])
    EducationEventFactory(
        township=township, kind="case_lecture", villages=[a, b]
    )  # two villages
    PublicityFactory(village=a, channel="banner", count=4)
    PublicityFactory(village=b, channel="banner", count=5)
    PublicityFactory(village=b, channel="loudspeaker", count=30)
    MaterialFactory(village=a, kind="banner", quantity=2)
    MaterialFactory(village=a, kind="reminder_card", quantity=20)
    MaterialFactory(village=None, township=township, kind="reminder_card", quantity=15)
    MaterialFactory(village=b, kind="prohibition_board", quantity=3)
    LetterFactory(village=a, kind="discipline")
    LetterFactory(village=a, kind="campaign")
    LetterFactory(
        village=None, township=township, kind="discipline", signer_name="镇干部"
    )
    OpinionFactory(village=b)
    return a, b


def test_totals_count_each_figure_per_village_and_in_total(users, records):
    # given the records above
    a, b = records
    # when the office asks for the totals
    totals = discipline_totals(user=users[Role.OFFICE])
    rows = {row.label: row for row in totals.rows}
    # then each village row and the total add up as the township reports them
    assert rows[a.name].get("banners") == 4 + 2
    assert rows[b.name].get("banners") == 5
    assert rows[a.name].get("lectures_screenings") == 2
    assert rows[b.name].get("lectures_screenings") == 1
    assert rows[a.name].get("material:reminder_card") == 20
    assert rows[b.name].get("material:prohibition_board") == 3
    assert rows[a.name].get("letters") == 2
    assert rows[b.name].get("opinions") == 1
    township_level = rows["镇级（不分村）"]
    assert township_level.get("event:party_study") == 2
    assert township_level.get("material:reminder_card") == 15
    assert township_level.get("letters") == 1
    total = totals.total
    assert total.get("banners") == 11
    assert total.get("event:party_study") == 2
    assert total.get("event:seminar") == 1
    # the two-village lecture counts once in the total
    assert total.get("lectures_screenings") == 2
    assert total.get("material:reminder_card") == 35
    assert total.get("material:prohibition_board") == 3
    assert total.get("letters") == 3
    assert total.get("channel:loudspeaker") == 30
    assert totals.attendance == 30 * 4 + 12


def test_totals_respect_the_date_range(users, township, villages):
    # given banners in September and October
    PublicityFactory(
        village=villages[0], count=4, happened_on=datetime.date(2021, 9, 10)
    )
    PublicityFactory(
        village=villages[0], count=6, happened_on=datetime.date(2021, 10, 10)
    )
    # when October alone is asked
    totals = discipline_totals(
        user=users[Role.OFFICE],
        date_from=datetime.date(2021, 10, 1),
        date_to=datetime.date(2021, 10, 31),
    )
    # then September does not count
    assert totals.total.get("banners") == 6


def test_county_sees_one_row_per_township_and_can_drill_down(
    users, township, villages, records, other_township
):
    # given records in a second township of the same county
    other_township.county = township.county
    other_township.save()
    PublicityFactory(village=other_township.villages.get(), count=7)
    # when the county official asks
    totals = discipline_totals(user=users[Role.COUNTY])
    # then there is a row per township and the total covers both
    assert totals.group_by == "township"
    assert {row.label: row.get("banners") for row in totals.rows} == {
        "立仓镇": 11,
        "外镇": 7,
    }
    assert totals.total.get("banners") == 18
    # and asking for one township gives its villages
    drilled = discipline_totals(user=users[Role.COUNTY], township_id=township.pk)
    assert drilled.group_by == "village"
    assert drilled.total.get("banners") == 11


def test_totals_of_another_township_are_not_counted(users, records, other_township):
    # given banners in another township
    PublicityFactory(village=other_township.villages.get(), count=50)
    # when the township's office asks
    totals = discipline_totals(user=users[Role.OFFICE])
    # then only its own banners count
    assert totals.total.get("banners") == 11


def test_totals_page_and_export(users, records, client_for):
    # given the leading group
    client = client_for(users[Role.LEADER])
    # when it opens the page and the export
    page = client.get(reverse("discipline:totals"))
    export = client.get(reverse("discipline:totals"), {"export": "xlsx"})
    # then the page shows the headline numbers and the export the same table
    assert page.status_code == 200
    content = page.content.decode()
    assert "悬挂横幅（条）" in content
    assert 'id="totals-total"' in content
    workbook = openpyxl.load_workbook(io.BytesIO(export.content), read_only=True)
    assert workbook.sheetnames[:2] == ["汇总", "分类明细"]
    rows = list(workbook["汇总"].iter_rows(values_only=True))
    assert rows[0][0] == "村（社区）"
    assert rows[0][1] == "悬挂横幅（条）"
    assert rows[-1][0] == "合计"
    assert rows[-1][1] == 11


@pytest.mark.parametrize("role", [Role.GUIDE, Role.REVIEWER])
def test_totals_page_is_for_township_readers(users, records, client_for, role):
    # given a village-scoped guide or a reviewer
    # when they open the totals
    response = client_for(users[role]).get(reverse("discipline:totals"))
    # then they are refused
    assert response.status_code == 403


def _spread(township, villages):
    for village in villages:
        EducationEventFactory(
            township=township, kind="warning_film", villages=[village]
        )
        PublicityFactory(village=village)
        MaterialFactory(village=village)
        LetterFactory(village=village)
        OpinionFactory(village=village)


def test_totals_queries_do_not_grow_with_villages(
    users, township, villages, client_for, django_assert_num_queries
):
    # given records in the 4 villages
    _spread(township, villages)
    client = client_for(users[Role.OFFICE])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("discipline:totals"))
    # when 26 more villages with records are added
    more = [VillageFactory(township=township) for _ in range(26)]
    _spread(township, more)
    # then the page needs the same number of queries
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("discipline:totals"))
    assert response.status_code == 200
    assert response.content.decode().count('href="/villages/') >= 30
