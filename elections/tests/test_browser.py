"""Browser journey: a villagers' committee election with turnout of exactly half is
shown invalid with its reason; corrected numbers elect the winners, the result
becomes the committee, and the structure analysis changes."""

import datetime

import pytest

from core.roles import Role
from elections import services
from elections.choices import Body, Post
from villages.choices import Category, Education, Gender

from .support import formal, make_round, seat

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

DAY = datetime.date(2021, 12, 12)
OLD = {"birth_date": datetime.date(1958, 5, 1), "education": Education.JUNIOR}


@pytest.fixture
def vc_election(township, villages, users):
    """立仓社区: an outgoing VC of three older men and a ballot of 主任 1 + 委员 2."""
    village = villages[0]
    round = make_round(township)
    for name, post in (
        ("老主任", Post.DIRECTOR),
        ("老委员一", Post.MEMBER),
        ("老委员二", Post.MEMBER),
    ):
        seat(village, Category.VILLAGERS_COMMITTEE, post, name=name, **OLD)
    young = {"birth_date": datetime.date(1992, 3, 1), "education": Education.BACHELOR}
    noms = [
        formal(village, round, post=Post.DIRECTOR, name="赵青", **young),
        formal(village, round, post=Post.DIRECTOR, name="钱伟"),
        formal(
            village, round, post=Post.MEMBER, name="孙丽", gender=Gender.FEMALE, **young
        ),
        formal(village, round, post=Post.MEMBER, name="李强", **young),
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
    )


def _enter(page, election, *, cast, votes):
    page.click("#enter-numbers")
    page.fill("input[name=registered]", "1000")
    page.fill("input[name=ballots_issued]", str(cast))
    page.fill("input[name=ballots_returned]", str(cast))
    for candidate in election.candidates.select_related("person"):
        page.fill(
            f"input[name=votes_{candidate.pk}]", str(votes[candidate.person.name])
        )
    page.click("#count-form button[type=submit]")
    page.wait_for_load_state()


def _vc_row(page, key):
    return page.locator(
        f"#structure-villagers_committee tr[data-key={key}] td.incoming"
    ).inner_text()


def test_exactly_half_is_invalid_then_valid_numbers_elect_and_change_the_structure(
    vc_election, login_page
):
    # given the office is on the election page, and the structure before the vote
    page = login_page("office")
    page.goto(page.base_url + "/elections/structure/")
    members_before = _vc_row(page, "women")
    age_before = _vc_row(page, "average_age")
    page.goto(page.base_url + vc_election.get_absolute_url())
    # when 500 of 1,000 registered voters vote
    votes = {"赵青": 420, "钱伟": 60, "孙丽": 400, "李强": 380, "周平": 90}
    _enter(page, vc_election, cast=500, votes=votes)
    # then the election is shown invalid, with V5 and its reason
    assert page.locator("#election-valid").inner_text() == "无效"
    reason = page.locator("#findings .finding-fail").first.inner_text()
    assert "V5" in reason
    assert "参加投票500人" in reason
    assert "至少501人" in reason
    assert "第十五条" in page.locator("#findings").inner_text()
    assert page.locator("#apply-result").count() == 0
    # when the corrected numbers are entered: 800 voted
    votes = {"赵青": 610, "钱伟": 150, "孙丽": 560, "李强": 470, "周平": 300}
    _enter(page, vc_election, cast=800, votes=votes)
    # then the winners are computed, each with the rule that decided
    assert page.locator("#election-valid").inner_text() == "有效"
    elected = page.locator('tr.result-row[data-result="elected"]').evaluate_all(
        "rows => rows.map(r => r.dataset.person)"
    )
    assert sorted(elected) == ["孙丽", "李强", "赵青"]
    assert "V6" in page.locator('tr.result-row[data-person="周平"]').inner_text()
    # when the office applies the result
    page.click("#apply-result")
    page.click("#confirm-apply")
    page.wait_for_load_state()
    # then the committee on the roster is the new one
    committee = page.locator("#new-committee").inner_text()
    for name in ("赵青", "孙丽", "李强"):
        assert name in committee
    assert "老主任" not in committee
    # and the structure analysis changed
    page.goto(page.base_url + "/elections/structure/")
    assert _vc_row(page, "women") != members_before
    assert _vc_row(page, "average_age") != age_before
    assert "1" in page.locator("#structure-summary").inner_text()
    page.screenshot(path="/tmp/elections-browser-structure.png", full_page=True)
