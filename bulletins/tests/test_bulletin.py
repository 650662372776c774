"""The progress bulletin: figures from the records, refusals, scope, .docx, queries."""

import datetime
import io
import re
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone
from docx import Document

from core.models import User
from core.roles import Role
from discipline.models import EducationEvent
from stages.choices import CLOSED_STATUSES
from stages.models import VillageTask
from stages.scale import generate_county
from stages.selectors import current_round
from villages.models import Township

pytestmark = pytest.mark.django_db

URL = "/bulletins/"
# session, user, scope (2), townships, rounds, tasks by village×stage, next week,
# discipline totals (≈9), report counts (2), stages, villages, savepoints.
BUDGET = 25


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--force", verbosity=0)
    return Township.objects.get(code="341622108")


def _login(client, username):
    client.force_login(User.objects.get(username=username))
    return client


def _numbers(html: str, table_id: str) -> dict[str, str]:
    """Return {first cell: second cell} of the rows of an HTML table."""
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S).group(0)
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cells = [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        if len(cells) >= 2:
            rows[cells[0]] = cells[1]
    return rows


def check_headline_figures_equal_the_discipline_totals_page(demo, client):
    # given the demo township and a period covering part of its discipline month
    _login(client, "office")
    first, last = (
        EducationEvent.objects.filter(township=demo)
        .aggregate(first=Min("held_on"), last=Max("held_on"))
        .values()
    )
    start, end = first + datetime.timedelta(days=5), last
    query = f"?date_from={start}&date_to={end}"
    # when the office opens the discipline totals page and the bulletin
    totals_html = client.get(reverse("discipline:totals") + query).content.decode()
    bulletin_html = client.get(URL + query).content.decode()
    # then every headline card of the totals page appears with the same number
    labels = re.findall(
        r'<div class="small text-muted">([^<]+)</div><div class="fs-3 fw-semibold '
        r'headline-value">(\d+)</div>',
        totals_html,
    )
    assert len(labels) == 7
    bulletin = _numbers(bulletin_html, "publicity-table")
    for label, value in labels:
        assert bulletin[label] == value, label
    assert sum(int(v) for _label, v in labels) > 0  # the period holds records
    # and the report counts equal the totals page's
    totals = client.get(reverse("discipline:totals") + query).context["totals"]
    reports = client.get(URL + query).context["bulletin"].reports
    assert reports["open"] == totals.reports["open"]
    assert reports["overdue"] == totals.reports["overdue"]
    assert reports["total"] == totals.reports["total"]


def check_stage_progress_lagging_villages_and_deadlines_match_the_tasks(demo, client):
    # given the demo round and a period ending yesterday
    _login(client, "leader")
    today = timezone.localdate()
    end = today - datetime.timedelta(days=1)
    start = end - datetime.timedelta(days=6)
    election_round = current_round(demo)
    # when the bulletin is computed
    response = client.get(f"{URL}?date_from={start}&date_to={end}")
    html = response.content.decode()
    bulletin = response.context["bulletin"]
    # then its figures equal a plain count over every task row
    per_stage = defaultdict(lambda: [0, 0, 0, 0])
    per_village = defaultdict(lambda: [0, 0, 0])
    coming = defaultdict(list)
    for task in VillageTask.objects.filter(round=election_round).select_related(
        "stage", "village"
    ):
        done = task.status in CLOSED_STATUSES and (
            task.completed_on is None or task.completed_on <= end
        )
        counts = per_stage[task.stage.name]
        counts[0] += 1
        counts[1] += done
        counts[2] += (
            task.status == "done"
            and task.completed_on is not None
            and start <= task.completed_on <= end
        )
        counts[3] += (not done) and task.due_date < end
        village = per_village[task.village.name]
        village[0] += 1
        village[1] += done
        village[2] += (not done) and task.due_date < end
        if not done and end < task.due_date <= end + datetime.timedelta(days=7):
            coming[task.title].append((task.village.name, task.due_date))
    assert {
        line.stage.name: [line.total, line.done, line.done_in_period, line.overdue]
        for line in bulletin.stages
        if line.total
    } == dict(per_stage)
    assert bulletin.total == sum(c[0] for c in per_stage.values())
    lagging = sorted(
        (name for name, c in per_village.items() if c[2]),
        key=lambda n: (
            round(100 * per_village[n][1] / per_village[n][0]),
            -per_village[n][2],
        ),
    )
    assert bulletin.lagging_total == len(lagging)
    assert [item.village.name for item in bulletin.lagging] == lagging[:10]
    assert {d.title: sorted(d.villages) for d in bulletin.deadlines} == {
        title: sorted(found) for title, found in coming.items()
    }
    # and the page says so in Chinese
    assert "工作进展通报" in html
    assert f"完成{bulletin.done}项" in html
    if lagging:
        assert lagging[0] in html


def check_docx_opens_and_holds_the_bulletin_text(demo, client):
    # given the office and the last fortnight
    _login(client, "office")
    today = timezone.localdate()
    start = today - datetime.timedelta(days=13)
    # when the .docx is downloaded
    response = client.get(f"{URL}docx/?date_from={start}&date_to={today}")
    # then it is a Word document python-docx reads, with the bulletin's text
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert "attachment" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "立仓镇村（社区）“两委”换届工作进展通报" in text
    assert "一、总体进展" in text
    assert "悬挂换届横幅" in text
    assert "五、下周" in text
    tables = document.tables
    assert len(tables) >= 3
    stage_rows = [[c.text for c in row.cells] for row in tables[1].rows]
    assert stage_rows[0][0] == "阶段"
    assert stage_rows[-1][0] == "合计"
    # the page shows the same stage table
    page = client.get(f"{URL}?date_from={start}&date_to={today}").context["bulletin"]
    assert stage_rows[-1][1] == str(page.total)
    assert stage_rows[-1][2] == str(page.done)


def test_demo_bulletin_equals_the_records(demo, client):
    """One demo load (seed_demo takes minutes on a busy machine), three checks."""
    check_headline_figures_equal_the_discipline_totals_page(demo, client)
    check_stage_progress_lagging_villages_and_deadlines_match_the_tasks(demo, client)
    check_docx_opens_and_holds_the_bulletin_text(demo, client)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("date_from=2026-11-20&date_to=2026-11-10", "开始日期晚于结束日期"),
        ("date_from=2026-11-20&date_to=2099-01-01", "是将来的日期"),
        ("date_from=2024-01-01&date_to=2026-11-20", "最多覆盖366天"),
        ("date_from=2026-13-40&date_to=2026-11-20", "有效的日期"),
        ("date_from=&date_to=2026-11-20", "必填"),
    ],
)
@pytest.mark.parametrize("path", ["", "print/", "docx/"])
def test_bad_periods_are_refused_in_chinese(users, client, query, message, path):
    # given the office
    client.force_login(users[Role.OFFICE])
    # when it asks for an impossible period (page, print view or .docx)
    response = client.get(f"{URL}{path}?{query}")
    # then nothing is generated and the page says what is wrong
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'id="bulletin"' not in html


def test_roles_and_scope(users, make_user, client, other_township):
    # given users of each role
    for role in (Role.GUIDE, Role.REVIEWER):
        client.force_login(users[role])
        # then roles without township-wide reading are refused
        assert client.get(URL).status_code == 403
    for role in (Role.OFFICE, Role.LEADER, Role.INSPECTOR, Role.DISCIPLINE):
        client.force_login(users[role])
        assert client.get(URL).status_code == 200
        # and another township's bulletin does not exist for them
        assert client.get(f"{URL}?township={other_township.pk}").status_code == 404
        assert client.get(f"{URL}docx/?township={other_township.pk}").status_code == 404


def test_county_chooses_among_its_townships(township, make_user, client):
    # given a county official of the township's county
    county_user = make_user(Role.COUNTY, county=township.county)
    client.force_login(county_user)
    # when the bulletin opens without a choice
    response = client.get(URL)
    # then the first township of the county is reported and the others offered
    assert response.status_code == 200
    assert response.context["bulletin"].township == township
    assert "立仓镇" in response.content.decode()


def test_query_budget_is_the_same_at_22_and_400_villages(
    make_user, client, django_assert_max_num_queries
):
    # given a 22-village and a 400-village township with full task sets
    small = generate_county(townships=1, villages=22, seed=1).townships[0]
    big = generate_county(townships=1, villages=400, seed=2).townships[0]
    today = timezone.localdate()
    query = f"?date_from={today - datetime.timedelta(days=13)}&date_to={today}"
    counts = {}
    for township in (small, big):
        client.force_login(make_user(Role.OFFICE, township=township))
        # when the page, the print view and the .docx are produced
        for path in ("", "print/", "docx/"):
            with django_assert_max_num_queries(BUDGET) as captured:
                response = client.get(URL + path + query)
            assert response.status_code == 200
            counts[(township.pk, path)] = len(captured)
        bulletin = client.get(URL + query).context["bulletin"]
        assert bulletin.village_count in (22, 400)
        assert bulletin.total > 0
    # then each costs the same number of queries at both sizes
    for path in ("", "print/", "docx/"):
        assert counts[(small.pk, path)] == counts[(big.pk, path)], path
