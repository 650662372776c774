"""The fast row reader gives exactly the values openpyxl's own read-only iterator gives."""

import datetime
import re
import zipfile
from io import BytesIO

from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from villages.importing.xlsx_rows import iter_values


def openpyxl_rows(path):
    workbook = load_workbook(path, read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def fast_rows(path):
    workbook = load_workbook(path, read_only=True, data_only=True)
    rows = list(iter_values(workbook.worksheets[0]))
    workbook.close()
    return rows


def same(path):
    expected = openpyxl_rows(path)
    found = fast_rows(path)
    # openpyxl pads rows to the sheet's width and fills missing rows; compare by content.
    padded = dict(found)
    for number, row in enumerate(expected, start=1):
        mine = padded.get(number, ())
        assert tuple(mine) + (None,) * (len(row) - len(mine)) == row, number


def test_types_gaps_dates_and_rich_text(tmp_path):
    # given: every kind of cell a roster may hold, with gaps between cells and rows
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = "姓名"
    sheet["C1"] = 3.5
    sheet["D1"] = 340121198005170036
    sheet["E1"] = True
    sheet["F1"] = datetime.datetime(1985, 3, 1)
    sheet["G1"] = datetime.date(2021, 1, 15)
    sheet["H1"] = "=SUM(1,2)"
    sheet["A3"] = CellRichText([TextBlock(InlineFont(b=True), "王"), "春"])
    sheet["B3"] = " 全角　空格 "
    sheet["AA3"] = 19850301
    sheet["B5"] = -7
    sheet["C5"] = 1.0e-3
    path = tmp_path / "types.xlsx"
    workbook.save(path)
    # when / then
    same(path)


def test_shared_strings_as_excel_and_wps_write_them(tmp_path):
    # given: the same sheet rewritten with a shared-string table and phonetic runs
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["序号", "姓名", "所在村"])
    sheet.append([1, "张三", "立仓社区"])
    sheet.append([2, "李四", "立仓社区"])
    buffer = BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(BytesIO(buffer.getvalue()))
    strings: list[str] = []

    def shared(match):
        text = match.group(2)
        if text not in strings:
            strings.append(text)
        return f'<c r="{match.group(1)}" t="s"><v>{strings.index(text)}</v></c>'

    sheet_xml = source.read("xl/worksheets/sheet1.xml").decode()
    sheet_xml = re.sub(
        r'<c r="([A-Z]+\d+)" t="inlineStr"><is><t>([^<]*)</t></is></c>',
        shared,
        sheet_xml,
    )
    items = "".join(
        f'<si><t>{text}</t><rPh sb="0" eb="1"><t>ピン</t></rPh></si>'
        for text in strings
    )
    sst = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    )
    target = BytesIO()
    with zipfile.ZipFile(target, "w") as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml.encode()
            elif item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
            archive.writestr(item, data)
        archive.writestr("xl/sharedStrings.xml", sst)
    path = tmp_path / "shared.xlsx"
    path.write_bytes(target.getvalue())
    # when
    rows = fast_rows(path)
    # then
    assert rows[1] == (2, (1, "张三", "立仓社区"))
    same(path)
