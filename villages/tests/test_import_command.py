"""``manage.py import_roster FILE [--township CODE] [--dry-run] [--json]`` (SPEC §5)."""

import json

import pytest
from django.core.management import call_command

from villages.models import Person
from villages.tests.xlsx import good_row

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out = StringIO()
    try:
        call_command("import_roster", *args, stdout=out)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue()


def test_json_output_has_exactly_the_spec_shape(township, villages, xlsx_file):
    # given: a title row and a blank row, which are not data rows
    path = xlsx_file(
        [good_row(1), good_row(2)], title_rows=("台账",), blank_rows_after=(0,)
    )
    # when
    code, out = run(str(path), "--township", township.code, "--json")
    # then
    assert code == 0
    assert json.loads(out) == {
        "rows": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "errors": [],
    }
    assert list(json.loads(out)) == [
        "rows",
        "created",
        "updated",
        "unchanged",
        "errors",
    ]
    assert Person.objects.count() == 2


def test_json_errors_use_sheet_row_numbers_and_exit_1_with_nothing_written(
    township, villages, xlsx_file
):
    # given: the bad row is the 4th row of the sheet (title, header, good, bad)
    path = xlsx_file([good_row(1), good_row(2, 所在村="幸福村")], title_rows=("台账",))
    # when
    code, out = run(str(path), "--township", township.code, "--json")
    # then
    data = json.loads(out)
    assert code == 1
    assert data["rows"] == 2
    assert (data["created"], data["updated"], data["unchanged"]) == (0, 0, 0)
    assert data["errors"] == [
        {
            "row": 4,
            "column": "所在村",
            "message": "没有名为“幸福村”的村（社区）。可用的名称：立仓社区、王楼村、李庙村、张湖村。",
        }
    ]
    assert Person.objects.count() == 0


def test_dry_run_writes_nothing_and_reimport_reports_unchanged(
    township, villages, xlsx_file
):
    # given
    path = xlsx_file([good_row(1)])
    # when
    dry_code, dry = run(str(path), "--dry-run", "--json")
    assert Person.objects.count() == 0
    run(str(path), "--json")
    again_code, again = run(str(path), "--json")
    # then
    assert (dry_code, again_code) == (0, 0)
    assert json.loads(dry)["created"] == 1
    assert json.loads(again) == {
        "rows": 1,
        "created": 0,
        "updated": 0,
        "unchanged": 1,
        "errors": [],
    }


def test_unknown_township_and_missing_file_exit_1(
    township, villages, xlsx_file, tmp_path
):
    # given
    path = xlsx_file([good_row(1)])
    # when
    bad_township = run(str(path), "--township", "999", "--json")
    missing = run(str(tmp_path / "nope.xlsx"), "--json")
    # then
    assert bad_township[0] == missing[0] == 1
    assert json.loads(bad_township[1])["errors"] == [
        {"row": 0, "column": "", "message": "没有代码为“999”的乡镇。"}
    ]
    assert json.loads(missing[1])["errors"][0]["message"].startswith("找不到文件")


def test_human_output_lists_errors_in_chinese(township, villages, xlsx_file):
    # given
    path = xlsx_file([good_row(1, 性别="女")])
    # when
    code, out = run(str(path), "--township", township.code)
    # then
    assert code == 1
    assert "第2行 性别：“女”与身份证号码不符" in out
    assert "没有写入任何数据" in out
