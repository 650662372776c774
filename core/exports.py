"""Excel exports with Chinese headers; formula-like cells are neutralised."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """Return a cell value that no spreadsheet will evaluate as a formula.

    Text starting with ``= + - @``, tab or CR gets a leading apostrophe-like
    quote character so Excel and WPS show it as text.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class Styled:
    """A cell value with a background fill and font colour (RGB hex), e.g. a map cell."""

    __slots__ = ("bold", "fill", "font", "value")

    def __init__(self, value, *, fill: str = "", font: str = "", bold: bool = False):
        self.value = value
        self.fill = fill
        self.font = font
        self.bold = bold


def _styled(sheet, styled: Styled) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=_cell(styled.value))
    if styled.fill:
        cell.fill = PatternFill("solid", start_color=styled.fill, end_color=styled.fill)
    if styled.font or styled.bold:
        cell.font = Font(color=styled.font or None, bold=styled.bold)
    return cell


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, (int, float, date, datetime)):
        if isinstance(value, datetime) and value.tzinfo is not None:
            from django.utils import timezone

            return timezone.localtime(value).replace(tzinfo=None)
        return value
    return neutralise(str(value))


def build_workbook(
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]],
) -> bytes:
    """Build an .xlsx file: each sheet is (title, headers, rows).

    A row value may be a :class:`Styled` to give the cell a fill and font colour.
    """
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(sheet, value=neutralise(str(header)))
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            sheet.append(
                [
                    _styled(sheet, value) if isinstance(value, Styled) else _cell(value)
                    for value in row
                ]
            )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, sheets) -> HttpResponse:
    """Return an .xlsx download named ``filename`` (Chinese names are fine)."""
    response = HttpResponse(build_workbook(sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
