"""Browser journey: a committee without a woman is flagged, its women's-seat vote is
set up from the election page; a formal candidate's written withdrawal is recorded
and announced on the formal-list page. Screenshots at 1,400 and 390 px go to
$SEAT_SHOTS when set."""

import datetime
import os
from pathlib import Path

import pytest

from core.roles import Role
from elections import services
from elections.choices import Body, Post
from villages.choices import Gender
from villages.tests.factories import PersonFactory

from .support import formal, make_round

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _shots(page, name):
    folder = os.environ.get("SEAT_SHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for width in (1400, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1400, "height": 900})


def test_womens_seat_and_withdrawal(township, villages, users, login_page):
    village = villages[0]
    round = make_round(township)
    office = users[Role.OFFICE]
    day = datetime.date.today() + datetime.timedelta(days=10)
    noms = [
        formal(village, round, post=Post.DIRECTOR, name="赵青"),
        formal(village, round, post=Post.DIRECTOR, name="钱伟"),
        formal(village, round, post=Post.MEMBER, name="李强"),
        formal(village, round, post=Post.MEMBER, name="周平"),
        formal(village, round, post=Post.MEMBER, name="孙丽", gender=Gender.FEMALE),
        formal(village, round, post=Post.MEMBER, name="吴刚"),
    ]
    election = services.election_setup(
        village=village,
        body=Body.VILLAGERS_COMMITTEE,
        held_on=day,
        nominations=noms,
        seats_head=1,
        seats_member=2,
        registered=1000,
        by=office,
        round=round,
    )
    PersonFactory(village=village, name="郑芳", gender=Gender.FEMALE)
    page = login_page(office.username)

    # the written withdrawal of 吴刚, announced on the formal list
    page.goto(
        page.base_url
        + f"/candidates/villages/{village.pk}/formal-list/{Body.VILLAGERS_COMMITTEE}/"
    )
    page.locator("#formal-candidates li", has_text="吴刚").get_by_role(
        "link", name="书面退出"
    ).click()
    page.fill("textarea[name=reason]", "外出务工，书面申请退出")
    page.check("input[name=statement_received]")
    _shots(page, "withdrawal-form")
    page.click("main button[type=submit]")
    page.wait_for_selector("#withdrawals .withdrawal-row")
    assert "吴刚" in page.inner_text("#withdrawals")
    _shots(page, "formal-list")

    # the count elects no woman: flagged; the women's-seat vote is set up
    ids = {c.person.name: c.pk for c in election.candidates.select_related("person")}
    services.election_count(
        election=election,
        by=office,
        ballots_issued=600,
        ballots_returned=600,
        votes={
            ids["赵青"]: 500,
            ids["钱伟"]: 90,
            ids["李强"]: 400,
            ids["周平"]: 350,
            ids["孙丽"]: 100,
        },
    )
    page.goto(page.base_url + election.get_absolute_url())
    assert page.inner_text("#women-flag") == "缺妇女成员"
    _shots(page, "election-flagged")
    page.click("#women-seat")
    page.fill("input[name=held_on]", day.isoformat())
    options = page.locator("select[name=candidates] option")
    labels = [options.nth(i).inner_text() for i in range(options.count())]
    wanted = [label for label in labels if label.startswith(("孙丽", "郑芳"))]
    page.select_option("select[name=candidates]", label=wanted)
    _shots(page, "women-seat-form")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/women-seat/" not in url)
    assert "妇女委员另行选举" in page.inner_text("h1")
    page.goto(page.base_url + "/elections/")
    _shots(page, "election-list")
