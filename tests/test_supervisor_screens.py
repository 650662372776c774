"""Browser journey over the demo township: each supervisor's first screen answers
their first question (SPEC §3.9), at desktop and phone widths."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone

from candidates.models import ReviewItem
from core.models import User
from discipline.models import PublicOpinion, Report
from stages.models import VillageTask
from supervision.models import InspectionNote
from villages.models import Village

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = (
    Path(os.environ.get("HJT_SCREENSHOTS", ""))
    if os.environ.get("HJT_SCREENSHOTS")
    else None
)


def _shoot(page, tmp_path, name):
    """Save the page at 1400 px and at a 390 × 844 phone; return the phone's width use."""
    folder = SHOTS or tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.screenshot(path=str(folder / f"{name}-1400.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(folder / f"{name}-390.png"))
    # nothing of the page's own content is wider than the phone
    overflow = page.evaluate(
        """() => [...document.querySelectorAll('main *, .container *, .container-fluid *')]
            .filter(e => !e.closest('.table-responsive, nav, .navbar'))
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).length"""
    )
    page.set_viewport_size({"width": 1400, "height": 900})
    return overflow


def _login(page, username):
    page.context.clear_cookies()
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", settings.DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_each_supervisor_lands_on_their_answer(browser_page, tmp_path):
    call_command("seed_demo", force=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    page = browser_page
    today = timezone.localdate()
    open_q = ~Q(status__in=["done", "not_applicable"])

    # --- leader: the most lagging village first, one click to its overdue tasks ----------
    ranked = (
        VillageTask.objects.values("village__name", "village_id")
        .annotate(
            overdue=Count("id", filter=open_q & Q(due_date__lt=today)),
            done=Count("id", filter=~open_q),
            total=Count("id"),
        )
        .order_by()
    )
    ranked = sorted(ranked, key=lambda r: (-r["overdue"], r["done"] / r["total"]))
    worst = ranked[0]
    _login(page, "leader")
    first = page.locator("#lagging-villages tbody tr").first
    assert first.get_attribute("data-village") == worst["village__name"]
    assert int(first.get_attribute("data-overdue")) == worst["overdue"] > 0
    assert _shoot(page, tmp_path, "leader-home") == 0
    first.locator("a.overdue-link").click()
    page.wait_for_selector("#task-list")
    rows = page.locator("#task-list tbody tr")
    assert rows.count() == worst["overdue"]
    assert {rows.nth(i).get_attribute("data-village") for i in range(rows.count())} == {
        worst["village__name"]
    }
    assert all(
        rows.nth(i).get_attribute("data-state") == "overdue"
        for i in range(rows.count())
    )
    # the battle map on a phone: the village column stays while the stages scroll
    page.goto(page.base_url + "/stages/")
    page.set_viewport_size({"width": 390, "height": 844})
    sticky = page.evaluate(
        "getComputedStyle(document.querySelector('#battle-map tbody th')).position"
    )
    assert sticky == "sticky"
    page.set_viewport_size({"width": 1400, "height": 900})
    _shoot(page, tmp_path, "battle-map")

    # --- inspector: lagging villages, open notes, and writing a note ------------------------
    _login(page, "inspector")
    assert page.locator("#lagging-panel").is_visible()
    open_notes = InspectionNote.objects.filter(status="open").count()
    assert f"{open_notes}条待整改" in page.inner_text("#notes-home-panel")
    _shoot(page, tmp_path, "inspector-home")
    page.goto(page.base_url + f"/supervision/new/?village={worst['village_id']}")
    page.fill("textarea[name=finding]", "村务公开栏未更新选民名单。")
    page.fill("textarea[name=requirement]", "当日更新并拍照上传。")
    page.fill("input[name=deadline]", today.isoformat())
    page.click("#note-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert "待整改" in page.inner_text("#note-state")
    assert InspectionNote.objects.filter(finding="村务公开栏未更新选民名单。").exists()

    # --- reviewer: their queue with deadlines ----------------------------------------------
    _login(page, "reviewer")
    reviewer = User.objects.get(username="reviewer")
    pending = ReviewItem.objects.for_reviewer(reviewer).filter(status="pending").count()
    assert pending > 0
    assert page.locator("#review-queue tbody tr").count() == min(pending, 8)
    assert f"{pending}项待答复" in page.inner_text("#review-queue-panel")
    assert _shoot(page, tmp_path, "reviewer-home") == 0

    # --- discipline: reports due today and overdue, open public opinion -----------------
    _login(page, "discipline")
    due = Report.objects.filter(
        Q(status="registered", received_on__lte=today)
        | Q(status="accepted", verify_due__lte=today)
    ).count()
    assert (
        page.locator("#reports-due tbody tr.table-danger").count()
        + page.locator("#reports-due tbody tr:not(.table-danger) a").count()
        == due
    )
    opinions = PublicOpinion.objects.filter(closed=False).count()
    assert f"{opinions}条舆情未办结" in page.inner_text("#discipline-due-panel")
    assert _shoot(page, tmp_path, "discipline-home") == 0

    # --- county: townships side by side, drilling down to the villages ------------------
    _login(page, "county")
    row = page.locator("#county-townships tbody tr").first
    # the township's current round (the demo may hold an older, closed one too)
    tasks = VillageTask.objects.filter(round__status="active")
    done = tasks.filter(status__in=["done", "not_applicable"]).count()
    percent = round(100 * done / tasks.count())
    assert f"（{percent}%）" in row.inner_text()
    assert _shoot(page, tmp_path, "county-home") == 0
    row.locator("a[href*='/stages/lagging/']").click()
    page.wait_for_selector("#lagging-villages")
    assert (
        page.locator("#lagging-villages tbody tr").first.get_attribute("data-village")
        == worst["village__name"]
    )
    # county is read-only: the village page shows the notes without a “write” button
    page.goto(
        page.base_url + Village.objects.get(pk=worst["village_id"]).get_absolute_url()
    )
    assert page.locator("#village-notes-panel").is_visible()
    assert page.locator("#village-notes-panel >> text=提出督导意见").count() == 0
