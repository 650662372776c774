"""Voter register import through the roster's engine: messy workbooks, all or nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from core.roles import Role
from elections.choices import VoterCategory
from elections.models import Voter
from elections.services.register_import import import_register_file

from .register_support import id_number, vc_election
from .support import make_round

pytestmark = pytest.mark.django_db

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def world(township, villages, users):
    round = make_round(township)
    office = users[Role.OFFICE]
    return {
        "office": office,
        "users": users,
        "village": villages[1],  # 王楼村
        "election": vc_election(villages[1], round, office),
    }


def workbook(path, rows, *, title=True, header=None):
    """Write a government-style register: two title rows (merged), aliased headers."""
    book = Workbook()
    sheet = book.active
    sheet.title = "选民登记册"
    if title:
        sheet.append(["立仓镇王楼村第十二届村民委员会选举选民登记册"])
        sheet.merge_cells("A1:F1")
        sheet.append(
            [
                "填报单位（盖章）：王楼村村民选举委员会",
                None,
                None,
                "填报日期：2021年11月",
            ]
        )
    sheet.append(
        header or ["序 号", "姓  名", "公民身份号码", "类别", "组别", "村(社区)"]
    )
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def people(n, start=0):
    """Rows of real-looking 蒙城县 voters born 1941–2003."""
    result = []
    for i in range(start, start + n):
        birth = datetime.date(1941 + (i * 7) % 62, 1 + i % 12, 1 + i % 28)
        result.append(
            (
                i + 1,
                f"王{'家国民建文'[i % 5]}{'一二三四五六七八九'[i % 9]}",
                id_number(birth, i),
                "1",
                f"第{i % 4 + 1}组",
                "王楼",
            )
        )
    return result


def test_messy_workbook_imports_after_preview_and_again_changes_nothing(
    world, tmp_path
):
    # given title rows, aliases, full-width digits and category words
    rows = people(6)
    rows[0] = (
        *rows[0][:2],
        rows[0][2].translate(FULL_WIDTH),
        "户籍在本村并在本村居住",
        "第1组",
        "王楼村",
    )
    rows[1] = (*rows[1][:3], "2", "第2组", "立仓镇王楼村")
    rows[2] = (*rows[2][:3], "第三类", "  第3组 ", "王楼村")
    path = workbook(tmp_path / "王楼村选民.xlsx", rows)
    election = world["election"]
    # when previewing
    preview = import_register_file(path, election=election, by=world["office"])
    # then nothing is written yet
    assert preview.ok, [str(e) for e in preview.errors]
    assert (preview.rows, preview.created, preview.written) == (6, 6, False)
    assert not Voter.objects.exists()
    assert preview.header_row == 3
    # when confirming
    done = import_register_file(
        path, election=election, by=world["office"], dry_run=False
    )
    # then
    assert done.written
    assert done.created == 6
    voters = {v.id_number: v for v in Voter.objects.all()}
    assert voters[rows[1][2]].category == VoterCategory.ABSENT
    assert voters[people(3)[2][2]].category == VoterCategory.NEWCOMER
    assert voters[people(3)[2][2]].group == "第3组"
    assert people(1)[0][2] in voters  # full-width digits folded
    assert Voter.history.count() == 6
    # and the same file again changes nothing
    again = import_register_file(
        path, election=election, by=world["office"], dry_run=False
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert Voter.history.count() == 6


def test_errors_are_per_row_in_chinese_with_excel_rows_and_nothing_is_written(
    world, tmp_path
):
    # given: row 6 repeats row 4's number, row 7 names an unknown village,
    # row 8 has a wrong check digit, row 9 a truncated number, row 10 a bad category
    rows = people(7)
    rows[2] = (*rows[2][:2], rows[0][2], *rows[2][3:])
    rows[3] = (*rows[3][:5], "幸福村")
    bad = rows[4][2]
    rows[4] = (*rows[4][:2], bad[:-1] + ("0" if bad[-1] != "0" else "1"), *rows[4][3:])
    rows[5] = (*rows[5][:2], float(rows[5][2][:15] + "000"), *rows[5][3:])
    rows[6] = (*rows[6][:3], "流动人口", *rows[6][4:])
    path = workbook(tmp_path / "错误.xlsx", rows)
    # when
    report = import_register_file(
        path, election=world["election"], by=world["office"], dry_run=False
    )
    # then
    assert not report.written
    assert not Voter.objects.exists()
    found = {(e.row, e.column): e.message for e in report.errors}
    assert "第4行" in found[(6, "公民身份号码")]
    assert "幸福村" in found[(7, "村(社区)")]
    assert "王楼村" in found[(7, "村(社区)")]
    assert "校验" in found[(8, "公民身份号码")]
    assert "文本" in found[(9, "公民身份号码")]
    assert "流动人口" in found[(10, "类别")]
    assert str(report.errors[0]).startswith("第6行 公民身份号码：")


def test_row_of_another_village_is_refused(world, tmp_path):
    rows = people(2)
    rows[1] = (*rows[1][:5], "李庙村")
    path = workbook(tmp_path / "x.xlsx", rows)
    report = import_register_file(path, election=world["election"], by=world["office"])
    assert [e.row for e in report.errors] == [5]
    assert "李庙村" in report.errors[0].message


def test_missing_category_column_and_wrong_file_type_are_refused(world, tmp_path):
    path = workbook(
        tmp_path / "x.xlsx",
        [(1, "王一", people(1)[0][2])],
        header=["序号", "姓名", "身份证号", "备注"],
    )
    report = import_register_file(path, election=world["election"], by=world["office"])
    assert "登记类别" in report.errors[0].message
    text = tmp_path / "x.txt"
    text.write_text("姓名")
    report = import_register_file(text, election=world["election"], by=world["office"])
    assert report.errors
    assert ".txt" in report.errors[0].message


def test_web_preview_then_confirm(world, tmp_path, client_for):
    path = workbook(tmp_path / "王楼村.xlsx", people(3))
    client = client_for(world["office"])
    url = reverse("elections:register_import", args=[world["election"].pk])
    with path.open("rb") as handle:
        response = client.post(url, {"file": handle})
    assert response.status_code == 200
    assert response.context["report"].created == 3
    assert not Voter.objects.exists()
    token = response.context["token"]
    response = client.post(url, {"token": token, "confirm": "1"})
    assert response.status_code == 302
    assert Voter.objects.count() == 3
    # the guide of another village gets 404, the leader 403
    leader = client_for(world["users"][Role.LEADER])
    assert leader.get(url).status_code == 403
