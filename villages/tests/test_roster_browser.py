"""The import as a clerk does it, in a real browser (Playwright + Chromium)."""

import pytest
from django.urls import reverse

from villages.models import Person
from villages.tests.xlsx import good_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bad_file_shows_chinese_errors_then_good_file_lands_in_the_ledger(
    users, villages, login_page, xlsx_file, tmp_path
):
    # given
    page = login_page("office")
    bad = xlsx_file(
        [
            good_row(1, 类别="村党组织", 职务="书记"),
            good_row(2, 所在村="幸福村"),
            good_row(3, 性别="女"),
        ],
        name="有错误的台账.xlsx",
        title_rows=("立仓镇村干部台账",),
    )
    good = xlsx_file(
        [
            good_row(
                1, 姓名="陈立新", 类别="村党组织", 职务="书记", 任职开始日期="2021.01"
            ),
            good_row(
                1, 姓名="陈立新", 类别="村委会", 职务="主任", 任职开始日期="2021.01"
            ),
            good_row(2, 姓名="周春燕", 性别="男", 类别="后备干部"),
            good_row(3, 姓名="郑海涛", 类别="退役军人", 政治面貌="群众"),
        ],
        name="立仓社区台账.xlsx",
        title_rows=("立仓镇村干部台账",),
    )

    # when: the file with errors is uploaded
    page.goto(page.base_url + reverse("villages:import_start"))
    page.set_input_files("input[name=file]", str(bad))
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#import-errors")
    # then: a Chinese error table with the sheet's own row numbers; nothing written, no confirm
    errors = page.inner_text("#import-errors")
    assert "第4行" in errors
    assert "没有名为“幸福村”的村（社区）" in errors
    assert "第5行" in errors
    assert "与身份证号码不符" in errors
    assert "没有写入任何数据" in page.inner_text("#import-invalid")
    assert page.locator("#confirm-import").count() == 0
    page.screenshot(path=str(tmp_path / "import-errors.png"), full_page=True)
    assert Person.objects.count() == 0

    # when: the corrected file is uploaded, previewed and confirmed
    page.goto(page.base_url + reverse("villages:import_start"))
    page.set_input_files("input[name=file]", str(good))
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#confirm-import")
    assert page.inner_text("#count-new") == "4"
    assert "陈立新" in page.inner_text("#import-rows")
    assert Person.objects.count() == 0
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#confirm-import")
    page.wait_for_selector("#import-done")
    # then: the people are in the village ledger
    assert Person.objects.count() == 3
    page.goto(page.base_url + reverse("villages:village_ledger", args=[villages[0].pk]))
    party = page.inner_text("#committee-party_committee")
    assert "陈立新" in party
    assert "一肩挑" in party
    assert "周春燕" in page.inner_text("#reserve-cadres")
    assert "郑海涛" in page.inner_text("#talents")
    page.screenshot(path=str(tmp_path / "ledger.png"), full_page=True)
    page.goto(page.base_url + reverse("villages:roster") + "?q=clx")
    assert "陈立新" in page.inner_text("#roster-table")
    page.screenshot(path=str(tmp_path / "roster.png"), full_page=True)
    import shutil

    shutil.copy(tmp_path / "import-errors.png", "/tmp/roster-import-errors.png")
    shutil.copy(tmp_path / "ledger.png", "/tmp/roster-ledger.png")
    shutil.copy(tmp_path / "roster.png", "/tmp/roster-list.png")
