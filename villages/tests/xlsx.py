"""Build real roster spreadsheets for tests (openpyxl), the way clerks make them."""

from __future__ import annotations

import datetime
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook

from villages.choices import Gender
from villages.idnumbers import make_id_number

HEADERS = [
    "序号",
    "姓名",
    "身份证号码",
    "性别",
    "出生日期",
    "民族",
    "文化程度",
    "政治面貌",
    "入党时间",
    "联系电话",
    "所在村",
    "类别",
    "职务",
    "任职开始日期",
]


def person_id(n: int, *, born=datetime.date(1980, 5, 17), gender=Gender.MALE) -> str:
    """Return the n-th fictional valid ID number for a birth date and gender."""
    return make_id_number(born, gender, n)


def good_row(n: int, village: str = "立仓社区", **overrides) -> dict:
    """Return one valid data row (as header → value)."""
    row = {
        "序号": n,
        "姓名": f"王{'一二三四五六七八九十'[n % 10]}{'春夏秋冬'[n % 4]}",
        "身份证号码": person_id(n),
        "性别": "男",
        "出生日期": "1980-05-17",
        "民族": "汉族",
        "文化程度": "高中",
        "政治面貌": "中共党员",
        "入党时间": "2005-07-01",
        "联系电话": f"1385678{n:04d}",
        "所在村": village,
        "类别": "党员",
        "职务": "",
        "任职开始日期": "",
    }
    row.update(overrides)
    return row


def build_xlsx(
    rows: list[dict] | list[list],
    *,
    headers: list[str] = HEADERS,
    title_rows: tuple[str, ...] = (),
    id_as_text: bool = True,
    blank_rows_after: tuple[int, ...] = (),
    sheet_title: str = "台账",
    leading_sheets: tuple[str, ...] = (),
    path: Path | None = None,
) -> bytes:
    """Return .xlsx bytes: optional merged title rows, a header, the rows."""
    workbook = Workbook()
    first = workbook.active
    if leading_sheets:
        first.title = leading_sheets[0]
        first.append(["这是说明页，不是台账"])
        for title in leading_sheets[1:]:
            workbook.create_sheet(title).append(["说明"])
        sheet = workbook.create_sheet(sheet_title)
    else:
        sheet = first
        sheet.title = sheet_title
    for title in title_rows:
        sheet.append([title])
        row = sheet.max_row
        sheet.merge_cells(
            start_row=row, start_column=1, end_row=row, end_column=len(headers)
        )
    sheet.append(headers)
    for index, row in enumerate(rows):
        values = [row.get(h) for h in headers] if isinstance(row, dict) else list(row)
        sheet.append(values)
        if index in blank_rows_after:
            sheet.append([None] * len(headers))
    if id_as_text and "身份证号码" in headers:
        column = headers.index("身份证号码") + 1
        for cells in sheet.iter_rows(min_col=column, max_col=column):
            for cell in cells:
                cell.number_format = "@"
    buffer = BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if path is not None:
        Path(path).write_bytes(data)
    return data
