"""Read the holiday notice table (类型 / 开始日期 / 结束日期 / 节日) from Excel or CSV.

The same checks as the roster import guard the file (type, size, content,
via ``villages.importing.reader.check_upload``); python-calamine reads .xlsx
and .xls. The header may sit below title rows and columns may use common
aliases. Rows become :class:`~stages.services.holidays.HolidayLine` values
that the page shows for a preview; nothing is written here.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from villages.importing.reader import ImportFileError, check_upload
from villages.importing.values import CellError, clean_date, fold, header_key

from .choices import HolidayKind
from .services.holidays import HolidayLine

HEADER_SEARCH_ROWS = 10
MAX_ROWS = 100

HEADER_ALIASES = {
    "类型": "kind",
    "安排": "kind",
    "放假或上班": "kind",
    "放假/上班": "kind",
    "性质": "kind",
    "开始日期": "start",
    "起始日期": "start",
    "开始": "start",
    "起": "start",
    "日期": "start",
    "放假日期": "start",
    "结束日期": "end",
    "截止日期": "end",
    "终止日期": "end",
    "结束": "end",
    "止": "end",
    "节日": "name",
    "节日名称": "name",
    "节假日": "name",
    "名称": "name",
    "假日": "name",
}
KIND_WORDS = {
    "放假": HolidayKind.HOLIDAY,
    "休息": HolidayKind.HOLIDAY,
    "放假调休": HolidayKind.HOLIDAY,
    "假期": HolidayKind.HOLIDAY,
    "休": HolidayKind.HOLIDAY,
    "调休上班": HolidayKind.WORKDAY,
    "上班": HolidayKind.WORKDAY,
    "补班": HolidayKind.WORKDAY,
    "调休补班": HolidayKind.WORKDAY,
    "班": HolidayKind.WORKDAY,
}
# 2月6日 / 2.6 / 2-6 / 02/06 without a year: the notice's own year is meant.
MONTH_DAY = re.compile(r"^(\d{1,2})[月./\-](\d{1,2})日?$")

NO_HEADER_MESSAGE = gettext_lazy(
    "No header row found in the first %(rows)s rows. The table needs the columns "
    "类型 (放假 or 调休上班), 开始日期, 结束日期 and 节日."
)
MISSING_COLUMN_MESSAGE = gettext_lazy(
    "The column “%(column)s” is missing; add it to the header row."
)
TOO_MANY_ROWS_MESSAGE = gettext_lazy(
    "The table has more than %(max)s rows; a holiday notice has about 15. Check "
    "that the right sheet was uploaded."
)
KIND_UNKNOWN_MESSAGE = gettext_lazy(
    "Row %(row)s 类型: “%(value)s” is neither 放假 nor 调休上班; write one of the two."
)
DATE_BAD_MESSAGE = gettext_lazy("Row %(row)s %(column)s: %(message)s")
EMPTY_TABLE_MESSAGE = gettext_lazy(
    "The table has a header but no rows; fill in the notice and upload it again."
)
REQUIRED = {"kind": "类型", "start": "开始日期", "name": "节日"}


def _rows(uploaded) -> list[tuple]:
    """Return the rows of the first sheet as tuples of cell values."""
    head = uploaded.read(512)
    uploaded.seek(0)
    fmt = check_upload(uploaded.name, uploaded.size, head)
    data = uploaded.read()
    if fmt == "csv":
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportFileError(
                _(
                    "The CSV file is neither UTF-8 nor GBK text. Save it as .xlsx instead."
                )
            )
        return [tuple(row) for row in csv.reader(io.StringIO(text))][: MAX_ROWS + 20]
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        return [tuple(row) for row in sheet.to_python(skip_empty_area=False)][
            : MAX_ROWS + 20
        ]
    except Exception as exc:  # calamine raises its own errors for damaged files
        raise ImportFileError(
            _(
                "The file is damaged and cannot be opened. Open it in Excel or WPS, "
                "save it again as .xlsx and upload the new file."
            )
        ) from exc


def _find_header(rows) -> tuple[int, dict[str, int]]:
    for number, values in enumerate(rows[:HEADER_SEARCH_ROWS], start=1):
        index: dict[str, int] = {}
        for position, value in enumerate(values):
            key = HEADER_ALIASES.get(header_key(fold(value)))
            if key and key not in index:
                index[key] = position
        if "start" in index and ("kind" in index or "name" in index):
            for key, header in REQUIRED.items():
                if key not in index:
                    raise ImportFileError(
                        str(MISSING_COLUMN_MESSAGE % {"column": header})
                    )
            return number, index
    raise ImportFileError(str(NO_HEADER_MESSAGE % {"rows": HEADER_SEARCH_ROWS}))


def _date(value, *, year: int) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = fold(value)
    if not text:
        return None
    match = MONTH_DAY.match(text)
    if match:
        try:
            return date(year, int(match.group(1)), int(match.group(2)))
        except ValueError as exc:
            raise CellError(_("“%(value)s” is not a date.") % {"value": text}) from exc
    parsed = clean_date(value)
    if parsed is None:
        return None
    day, month_only = parsed
    if month_only:
        raise CellError(
            _("“%(value)s” has no day; write the full date, e.g. 2027年2月6日.")
            % {"value": text}
        )
    return day


def read_holiday_table(uploaded, *, year: int) -> list[HolidayLine]:
    """Return the lines of an uploaded notice table; raise ValueError listing every bad row.

    Raises ``ImportFileError`` for a file that cannot be read at all and
    ``HolidayTableError`` (with ``errors``) for bad rows.
    """
    rows = _rows(uploaded)
    header_row, index = _find_header(rows)
    body = rows[header_row:]
    if len(body) > MAX_ROWS:
        raise ImportFileError(str(TOO_MANY_ROWS_MESSAGE % {"max": MAX_ROWS}))
    lines: list[HolidayLine] = []
    errors: list[str] = []

    def cell(values, key):
        position = index.get(key)
        if position is None or position >= len(values):
            return None
        return values[position]

    for number, values in enumerate(body, start=header_row + 1):
        if not any(fold(v) for v in values):
            continue
        kind_text = fold(cell(values, "kind"))
        kind = KIND_WORDS.get(kind_text.replace(" ", ""), "") if kind_text else ""
        if kind_text and not kind:
            errors.append(
                str(KIND_UNKNOWN_MESSAGE % {"row": number, "value": kind_text})
            )
            continue
        days = {}
        bad = False
        for key, column in (("start", "开始日期"), ("end", "结束日期")):
            try:
                days[key] = _date(cell(values, key), year=year)
            except CellError as exc:
                errors.append(
                    str(
                        DATE_BAD_MESSAGE
                        % {"row": number, "column": column, "message": exc.message}
                    )
                )
                bad = True
        if bad:
            continue
        lines.append(
            HolidayLine(
                row=number,
                kind=kind,
                start=days["start"],
                end=days["end"],
                name=fold(cell(values, "name")),
            )
        )
    if errors:
        raise HolidayTableError(errors)
    if not lines:
        raise ImportFileError(str(EMPTY_TABLE_MESSAGE))
    return lines


class HolidayTableError(Exception):
    """Some rows of the table are wrong; ``errors`` lists each in Chinese."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors
