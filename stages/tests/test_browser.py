"""Browser journey: the office clears an overdue cell of the battle map with evidence."""

import datetime

import pytest
from django.utils import timezone

from stages import services
from stages.choices import TaskStatus
from stages.models import TaskEvidence, VillageElection, VillageTask

from .factories import ElectionRoundFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_round(township, villages, users, defaults):
    """A round under way today: 立仓社区 has one overdue step in 前期准备, the rest done."""
    today = timezone.localdate()
    round = ElectionRoundFactory(
        township=township,
        start_date=today - datetime.timedelta(days=60),
        target_end_date=today + datetime.timedelta(days=60),
    )
    for village in villages:
        VillageElection.objects.create(
            round=round,
            village=village,
            party_election_date=today - datetime.timedelta(days=5),
            vc_election_date=today + datetime.timedelta(days=20),
        )
    services.round_start(round=round, by=users["office"])
    preparation = VillageTask.objects.filter(
        round=round, village=villages[0], stage__code="preparation"
    ).exclude(template__code="prep-ledger")
    preparation.update(
        status=TaskStatus.DONE, completed_on=today - datetime.timedelta(days=1)
    )
    return round


def test_office_clears_an_overdue_cell_with_an_evidence_file(
    live_round, villages, login_page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page = login_page("office")
    # given the battle map shows 立仓社区 overdue in 前期准备
    page.goto(page.base_url + "/stages/")
    cell = page.locator('tr[data-village="立仓社区"] td[data-stage="前期准备"]')
    assert cell.get_attribute("data-state") == "overdue"
    assert "4/5" in cell.inner_text()
    # when the office clicks the cell, opens the overdue step and records it done with a file
    cell.locator("a").click()
    page.wait_for_url("**/stages/rounds/*/villages/*/stages/*/")
    page.locator('tr[data-state="overdue"] a').first.click()
    page.wait_for_selector("#progress-form")
    assert "建立现任干部、党员和后备干部台账" in page.inner_text("h1")
    page.select_option("select[name=status]", "done")
    page.fill("input[name=completed_on]", timezone.localdate().isoformat())
    page.fill("textarea[name=note]", "三本台账已建立")
    page.set_input_files(
        "input[name=evidence]",
        files=[
            {
                "name": "台账.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4 ledger",
            }
        ],
    )
    page.click("#progress-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert "台账.pdf" in page.inner_text("#evidence-list")
    # then the battle map cell is done
    page.goto(page.base_url + "/stages/")
    cell = page.locator('tr[data-village="立仓社区"] td[data-stage="前期准备"]')
    assert cell.get_attribute("data-state") == "done"
    assert "5/5" in cell.inner_text()
    page.screenshot(path=str(tmp_path / "battle_map_after.png"), full_page=True)
    assert TaskEvidence.objects.get().original_name == "台账.pdf"
