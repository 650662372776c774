"""Limits and broken files: a clear Chinese message, nothing written."""

import zipfile
from io import BytesIO

import pytest

from villages.importing import import_roster_file
from villages.models import Person
from villages.tests.xlsx import build_xlsx, good_row

pytestmark = pytest.mark.django_db


def file_error(path, township):
    report = import_roster_file(path, township=township, dry_run=False)
    assert Person.objects.count() == 0
    assert len(report.errors) == 1
    error = report.errors[0]
    return error.row, error.column, error.message


def test_file_too_large(township, villages, xlsx_file, settings):
    # given
    settings.ROSTER_IMPORT_MAX_BYTES = 1000
    path = xlsx_file([good_row(1)])
    # when
    row, column, message = file_error(path, township)
    # then
    assert (row, column) == (0, "")
    assert message.startswith("文件大小为")
    assert "上限" in message


def test_too_many_rows(township, villages, xlsx_file, settings):
    # given
    settings.ROSTER_IMPORT_MAX_ROWS = 3
    path = xlsx_file([good_row(n) for n in range(1, 6)])
    # when
    _row, _column, message = file_error(path, township)
    # then
    assert message == "工作表的数据超过 3 行。请把台账拆分成几个文件，每个不超过 3 行。"


def test_too_many_sheets(township, villages, xlsx_file, settings):
    # given
    settings.ROSTER_IMPORT_MAX_SHEETS = 2
    path = xlsx_file([good_row(1)], leading_sheets=("说明一", "说明二"))
    # when
    _row, _column, message = file_error(path, township)
    # then
    assert message == "工作簿有 3 个工作表，最多只接受 2 个。请删除与台账无关的工作表。"


@pytest.mark.parametrize("name", ["台账.pdf", "台账.docx", "台账"])
def test_wrong_file_type(name, township, villages, tmp_path):
    # given
    path = tmp_path / name
    path.write_bytes(build_xlsx([good_row(1)]))
    # when
    _row, _column, message = file_error(path, township)
    # then
    assert message.startswith("不能导入“")
    assert ".xlsx" in message


def test_fake_xlsx_that_is_really_text(township, villages, tmp_path):
    # given: a web page saved with an .xlsx name, as some systems "export to Excel"
    path = tmp_path / "台账.xlsx"
    path.write_text(
        "<html><table><tr><td>姓名</td></tr></table></html>", encoding="utf-8"
    )
    # when
    _row, _column, message = file_error(path, township)
    # then
    assert (
        message
        == "文件扩展名是 .xlsx，但内容不是 Excel 工作簿（可能是改了扩展名的其他文件）。请用 Excel 或 WPS 打开后另存为 .xlsx。"
    )


def test_password_protected_or_old_format_named_xlsx(township, villages, tmp_path):
    # given: an OLE compound file (encrypted workbook or an .xls renamed .xlsx)
    path = tmp_path / "台账.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    # when
    _row, _column, message = file_error(path, township)
    # then
    assert "密码" in message


@pytest.mark.parametrize("damage", ["truncated", "not_a_workbook", "bad_xml"])
def test_corrupted_xlsx(damage, township, villages, tmp_path):
    # given
    data = build_xlsx([good_row(n) for n in range(1, 30)])
    if damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "not_a_workbook":
        buffer = BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "这不是工作簿")
        data = buffer.getvalue()
    else:
        source = zipfile.ZipFile(BytesIO(data))
        buffer = BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for item in source.infolist():
                content = source.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    content = content[: len(content) - 200]
                archive.writestr(item, content)
        data = buffer.getvalue()
    path = tmp_path / "台账.xlsx"
    path.write_bytes(data)
    # when
    _row, _column, message = file_error(path, township)
    # then
    assert (
        message
        == "文件已损坏，无法打开。请用 Excel 或 WPS 打开后重新另存为 .xlsx，再上传新文件。"
    )


def test_empty_file(township, villages, tmp_path):
    # given
    path = tmp_path / "台账.xlsx"
    path.write_bytes(b"")
    # when
    _row, _column, message = file_error(path, township)
    # then
    assert message == "文件是空的。请选择填好的台账重新上传。"


def test_sheet_without_a_roster_header(township, villages, xlsx_file):
    # given
    path = xlsx_file([["张三", "男"]], headers=["名单", "备注"])
    # when
    _row, _column, message = file_error(path, township)
    # then
    assert message.startswith("在各工作表的前 20 行中都没有找到表头")


def test_header_without_data_rows(township, villages, xlsx_file):
    # given
    path = xlsx_file([])
    # when
    row, _column, message = file_error(path, township)
    # then
    assert (row, message) == (1, "表头下面没有数据行。")


def test_duplicate_column_in_header(township, villages, xlsx_file):
    # given
    from villages.tests.xlsx import HEADERS

    headers = [*HEADERS, "公民身份号码"]
    path = xlsx_file([[*good_row(1).values(), "x"]], headers=headers)
    # when
    row, column, message = file_error(path, township)
    # then
    assert (row, column) == (1, "身份证号码")
    assert message == "这一列出现了两次（第 C 列和第 O 列），请删除其中一列。"
