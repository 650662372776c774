"""County statistics report (换届统计表): figures, scope, print, .xlsx, query budget."""

import datetime
from collections import defaultdict
from fractions import Fraction
from io import BytesIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from core.models import User
from core.roles import Role
from elections.models import Election
from elections.statistics import statistics_report
from villages.choices import Education, Gender
from villages.models import RosterMembership, Township, Village

pytestmark = pytest.mark.django_db

URL = "/elections/statistics/"
BUDGET = 16


def _recount(township, today):
    """Count the township's figures with plain loops over election and roster rows."""
    from stages.selectors import current_round

    round = current_round(township)
    elections = list(Election.objects.filter(round=round))
    completed = defaultdict(set)
    counted = first_round = runoffs = registered = cast = 0
    for e in elections:
        if e.kind == "runoff":
            runoffs += 1
        if e.kind != "regular":
            continue
        if e.status == "applied" and e.valid:
            completed[e.body].add(e.village_id)
        if e.status in ("counted", "applied"):
            counted += 1
            if e.valid and not e.shortfall:
                first_round += 1
            if e.body == "villagers_committee":
                registered += e.entitled or 0
                cast += e.ballots_returned or 0
    starts = {}
    for e in elections:
        if (
            e.kind == "regular"
            and e.status == "applied"
            and e.body in ("party_committee", "villagers_committee")
            and e.held_on <= today
        ):
            key = (e.village_id, e.body)
            starts[key] = max(starts.get(key, e.held_on), e.held_on)

    def age(born, day):
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def in_force(m, day):
        return (m.start_date is None or m.start_date <= day) and (
            m.end_date is None or m.end_date > day
        )

    memberships = defaultdict(list)
    for m in RosterMembership.objects.filter(
        village__township=township,
        category__in=["party_committee", "villagers_committee"],
    ).select_related("person"):
        memberships[m.village_id].append(m)
    figures = defaultdict(int)
    ages = {"out": [], "in": []}
    bodies = {
        "party_committee": "party_committee",
        "villagers_committee": "villagers_committee",
    }
    for village in Village.objects.filter(township=township):
        party_start = starts.get((village.pk, "party_committee"))
        vc_start = starts.get((village.pk, "villagers_committee"))
        if not (party_start and vc_start):
            continue
        figures["covered"] += 1
        for side in ("out", "in"):
            people, party, vc = {}, {}, {}
            for category in bodies:
                start = party_start if category == "party_committee" else vc_start
                day = start - datetime.timedelta(days=1) if side == "out" else today
                for m in memberships[village.pk]:
                    if m.category == category and in_force(m, day):
                        people.setdefault(
                            m.person_id, (m.person, age(m.person.birth_date, start))
                        )
                        (party if category == "party_committee" else vc)[
                            m.person_id
                        ] = m.post
            ages[side] += [a for _p, a in people.values()]
            if side == "in":
                figures["members"] += len(people)
                figures["women"] += sum(
                    p.gender == Gender.FEMALE for p, _a in people.values()
                )
                figures["young"] += sum(a <= 35 for _p, a in people.values())
                figures["college"] += sum(
                    p.education
                    in (Education.COLLEGE, Education.BACHELOR, Education.POSTGRADUATE)
                    for p, _a in people.values()
                )
                figures["cross"] += len(set(party) & set(vc))
                figures["secretary"] += "secretary" in party.values()
                figures["one_shoulder"] += any(
                    party[pid] == "secretary" and vc[pid] == "director"
                    for pid in set(party) & set(vc)
                )
    return {
        "completed": {body: len(ids) for body, ids in completed.items()},
        "counted": counted,
        "first_round": first_round,
        "runoffs": runoffs,
        "registered": registered,
        "cast": cast,
        "figures": dict(figures),
        "age_out": Fraction(sum(ages["out"]), len(ages["out"]))
        if ages["out"]
        else None,
        "age_in": Fraction(sum(ages["in"]), len(ages["in"])) if ages["in"] else None,
    }


def test_demo_report_equals_a_plain_recount_and_exports(db, client):
    # given the demo township
    call_command("seed_demo", "--force", verbosity=0)
    township = Township.objects.get(code="341622108")
    county = User.objects.get(username="county")
    today = timezone.localdate()
    # when the county official's report is computed
    report = statistics_report(user=county, today=today)
    line = next(item for item in report.lines if item.township == township)
    expected = _recount(township, today)
    # then the election figures equal the plain recount
    for body in ("party_committee", "villagers_committee", "supervision_committee"):
        assert line.completed[body] == expected["completed"].get(body, 0), body
    assert line.completed["party_committee"] > 0
    assert (line.counted, line.first_round, line.runoffs) == (
        expected["counted"],
        expected["first_round"],
        expected["runoffs"],
    )
    assert (line.registered, line.cast) == (expected["registered"], expected["cast"])
    assert line.turnout == Fraction(expected["cast"], expected["registered"])
    # and so do the structure figures of the villages that elected both committees
    figures = expected["figures"]
    assert line.covered == figures["covered"] > 0
    assert line.members == figures["members"]
    assert line.incoming.both.women == figures["women"]
    assert line.incoming.both.young == figures["young"]
    assert line.incoming.both.college == figures["college"]
    assert line.incoming.cross == figures["cross"]
    assert line.incoming.one_shoulder == figures["one_shoulder"]
    assert line.incoming.with_secretary == figures["secretary"]
    assert line.indicators["average_age"].outgoing == expected["age_out"]
    assert line.indicators["average_age"].incoming == expected["age_in"]
    # and the total adds the townships up
    assert report.total.villages == sum(item.villages for item in report.lines)
    assert report.total.covered == sum(item.covered for item in report.lines)
    # when the county downloads the workbook and opens the page and print view
    client.force_login(county)
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "换届统计表" in html
    assert "立仓镇" in html
    assert 'id="statistics-chart"' in html
    assert "<script>" not in html.split("</nav>")[-1]
    assert client.get(URL + "?print=1").status_code == 200
    response = client.get(URL + "?export=xlsx")
    workbook = load_workbook(BytesIO(response.content))
    # then one sheet per table, each with a title row, units, headers and a total row
    assert len(workbook.sheetnames) == 2
    first = workbook[workbook.sheetnames[0]]
    assert "换届选举完成情况统计表" in first["A1"].value
    assert "单位" in first["A2"].value
    assert first["A3"].value == "乡镇"
    rows = list(first.iter_rows(min_row=4, values_only=True))
    assert rows[-1][0] == "合计"
    township_row = next(row for row in rows if row[0] == "立仓镇")
    assert township_row[2] == line.completed["party_committee"]
    assert township_row[8] == line.proxies  # proxy votes of counted elections
    second = workbook[workbook.sheetnames[1]]
    assert "结构" in second["A1"].value
    structure = {row[0]: row for row in second.iter_rows(min_row=4, values_only=True)}
    assert structure["立仓镇"][2] == line.members
    assert structure["立仓镇"][9] == figures["young"]


def test_scope_township_sees_its_township_county_all_others_refused(
    township, other_township, users, make_user, client
):
    # given a second township in the same county
    other_township.county = township.county
    other_township.save()
    # when the office opens the report
    client.force_login(users[Role.OFFICE])
    report = client.get(URL).context["report"]
    # then only its township is in it
    assert [line.township for line in report.lines] == [township]
    # and the county official sees every township of the county
    client.force_login(make_user(Role.COUNTY, county=township.county))
    report = client.get(URL).context["report"]
    assert {line.township for line in report.lines} == {township, other_township}
    # and guides and reviewers are refused
    for role in (Role.GUIDE, Role.REVIEWER):
        client.force_login(users[role])
        assert client.get(URL).status_code == 403
        assert client.get(URL + "?export=xlsx").status_code == 403


def test_query_budget_is_the_same_at_22_and_400_villages(
    make_user, client, django_assert_max_num_queries
):
    # given townships of 22 and 400 villages with full task sets
    from stages.scale import generate_county

    small = generate_county(townships=1, villages=22, seed=1).townships[0]
    big = generate_county(townships=1, villages=400, seed=2).townships[0]
    counts = {}
    for township in (small, big):
        client.force_login(make_user(Role.LEADER, township=township))
        for query in ("", "?print=1", "?export=xlsx"):
            # when the page, the print view and the workbook are produced
            with django_assert_max_num_queries(BUDGET) as captured:
                response = client.get(URL + query)
            assert response.status_code == 200
            counts[(township.pk, query)] = len(captured)
    # then each costs the same number of queries at both sizes
    for query in ("", "?print=1", "?export=xlsx"):
        assert counts[(small.pk, query)] == counts[(big.pk, query)], query
