"""Browser journey of election day: import the voter register, publish it, record
proxy votes (a fourth for one proxy refused), enter two stations' ballots, count —
the battle-map cell of 召开选举大会 turns done and the statistics report counts the
proxy votes. Screenshots of the new pages at 1,400 and 390 px."""

import datetime

import pytest
from openpyxl import Workbook

from core.roles import Role
from elections import services
from elections.choices import Body, Post
from stages.defaults import load_stages, load_templates
from stages.models import TaskTemplate, VillageTask

from .register_support import id_number
from .support import formal, make_round

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

DAY = datetime.date(2021, 12, 12)
SHOTS = "/tmp/h_polls_shots"


@pytest.fixture
def election(township, villages, users):
    """立仓社区's VC election (主任 1 + 委员 2) with its two timetable steps."""
    load_templates(load_stages())
    village = villages[0]
    round = make_round(township)
    for code in ("vc-election", "vc-runoff"):
        template = TaskTemplate.objects.get(code=code)
        VillageTask.objects.create(
            round=round,
            village=village,
            stage=template.stage,
            template=template,
            title=template.title,
            due_date=DAY + datetime.timedelta(days=template.offset_days),
        )
    noms = [
        formal(village, round, post=Post.DIRECTOR, name="赵青"),
        formal(village, round, post=Post.DIRECTOR, name="钱伟"),
        formal(village, round, post=Post.MEMBER, name="孙丽", gender="female"),
        formal(village, round, post=Post.MEMBER, name="李强"),
        formal(village, round, post=Post.MEMBER, name="周平"),
    ]
    return services.election_setup(
        village=village,
        body=Body.VILLAGERS_COMMITTEE,
        held_on=DAY,
        nominations=noms,
        seats_head=1,
        seats_member=2,
        registered=1000,
        by=users[Role.OFFICE],
        round=round,
    )


NAMES = ["张家一", "张家二", "张家三", "张家四", "张家五", "王国六", "王国七", "王国八"]


def _workbook(path):
    book = Workbook()
    sheet = book.active
    sheet.append(["立仓社区第十二届村民委员会选举选民登记册"])
    sheet.append(["序号", "姓名", "公民身份号码", "类别", "组别"])
    for i, name in enumerate(NAMES):
        birth = datetime.date(1960 + i, 1 + i, 1 + i)
        sheet.append([i + 1, name, id_number(birth, i), "1", "第一组"])
    book.save(path)
    return path


def _submit(page, selector="form.card button[type=submit]"):
    page.click(selector)
    page.wait_for_load_state()


def _proxy(page, base, voter, proxy, relation="sibling"):
    page.goto(base + "add/")
    page.fill("input[name=voter]", voter)
    page.fill("input[name=proxy]", proxy)
    page.select_option("select[name=relation]", relation)
    page.fill("input[name=authorised_on]", "2021-12-05")
    _submit(page)


def _station(page, base, name, kind, supervisors, issued, returned):
    page.goto(base + "add/")
    page.fill("input[name=name]", name)
    page.select_option("select[name=kind]", kind)
    page.fill("input[name=supervisors]", str(supervisors))
    page.fill("input[name=ballots_issued]", str(issued))
    page.fill("input[name=ballots_returned]", str(returned))
    _submit(page)


def _shots(page, name):
    import os

    os.makedirs(SHOTS, exist_ok=True)
    for width in (1400, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_register_proxies_stations_count_close_the_loop_and_the_statistics(
    election, login_page, tmp_path
):
    page = login_page("office")
    url = page.base_url + election.get_absolute_url()
    # given the office imports the voter register from Excel (preview, then confirm)
    page.goto(url)
    page.click("#voter-register")
    page.goto(page.url + "import/")
    page.set_input_files("input[name=file]", str(_workbook(tmp_path / "选民.xlsx")))
    _submit(page)
    assert "8" in page.inner_text("#import-preview")
    page.click("text=确认导入")
    page.wait_for_load_state()
    assert page.inner_text("#register-counts").count("8") >= 1
    # and publishes it
    page.goto(url + "register/publish/")
    page.fill("input[name=published_on]", "2021-11-20")
    page.fill("input[name=place]", "村务公开栏")
    _submit(page)
    assert "已记录" in page.inner_text(".alert-success")
    # when three voters authorise 张家一, and a fourth tries to
    page.click("#register-proxies")
    base = page.url
    for voter in ("张家二", "张家三", "张家四"):
        _proxy(page, base, voter, "张家一")
        assert page.url == base
    _proxy(page, base, "张家五", "张家一")
    # then the fourth is refused in Chinese and nothing is written
    assert "最多3人" in page.inner_text("form.card")
    page.goto(base)
    assert "3" in page.inner_text("#proxy-total")
    _shots(page, "proxies")
    page.goto(base + "print/")
    _shots(page, "proxies-print")
    # when the two stations' ballots are entered, one over its issued count first
    page.goto(url)
    page.click("#polling-stations")
    stations = page.url
    _station(page, stations, "会场", "meeting", 5, 6, 7)
    assert "V7" in page.inner_text("form.card")
    _station(page, stations, "会场", "meeting", 5, 6, 6)
    _station(page, stations, "流动票箱", "mobile", 3, 2, 1)
    assert "8" in page.inner_text("#station-totals")
    _shots(page, "stations")
    # and the count is entered: the ballots are the stations' sums, read-only
    page.goto(url)
    page.click("#enter-numbers")
    assert page.locator("input[name=ballots_issued]").is_disabled()
    assert page.input_value("input[name=ballots_issued]") == "8"
    assert page.input_value("input[name=registered]") == "8"
    votes = {"赵青": 6, "钱伟": 1, "孙丽": 5, "李强": 4, "周平": 2}
    for candidate in election.candidates.select_related("person"):
        page.fill(
            f"input[name=votes_{candidate.pk}]", str(votes[candidate.person.name])
        )
    page.click("#count-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#election-valid").inner_text() == "有效"
    # then the battle map's 召开选举大会 cell is done
    stage = TaskTemplate.objects.get(code="vc-election").stage
    page.goto(page.base_url + "/stages/")
    cell = page.locator(f'tr[data-village="立仓社区"] td[data-stage="{stage.name}"]')
    assert cell.get_attribute("data-state") == "done"
    # and the statistics report counts the three proxy votes
    page.goto(page.base_url + "/elections/statistics/")
    total = page.locator("#stats-elections-total td")
    assert total.nth(7).inner_text() == "3"  # the proxy-vote column
