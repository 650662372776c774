"""The uploaded workbook handed back with its error cells marked (issue 14).

Each cell an error points at gets a red fill and a comment holding the
Chinese message(s); an error about a whole row marks the row's first header
column. An .xlsx is marked in place (openpyxl keeps the clerk's layout and
other sheets); an .xls, .ods or .csv comes back as a new .xlsx holding the
values of the imported sheet, text cells neutralised against formulas.
"""

from __future__ import annotations

from collections import defaultdict
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from core.exports import neutralise

from .reader import ROSTER_SPEC, ImportFileError, SheetSpec, open_sheet

ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
AUTHOR = "换届通"


def marked_cells(errors: list[dict], layout) -> dict[tuple[int, int], list[str]]:
    """Return {(row, 1-based column): [messages]} for the errors that name a row."""
    by_header = {text: layout.index[key] + 1 for key, text in layout.headers.items()}
    first = min(by_header.values()) if by_header else 1
    cells: dict[tuple[int, int], list[str]] = defaultdict(list)
    for error in errors:
        row = error.get("row") or 0
        if row <= 0:
            continue
        column = by_header.get(error.get("column") or "", first)
        cells[(row, column)].append(error["message"])
    return cells


def build_marked_workbook(
    path: str | Path, fmt: str, errors: list[dict], spec: SheetSpec = ROSTER_SPEC
) -> bytes | None:
    """Return the workbook with error cells marked, or None when no cell can be marked."""
    try:
        opened = open_sheet(path, fmt, spec)
    except ImportFileError:
        return None
    layout = opened.layout
    opened.close()
    cells = marked_cells(errors, layout)
    if not cells:
        return None
    if fmt == "xlsx":
        workbook = load_workbook(path, keep_vba=Path(path).suffix.lower() == ".xlsm")
        sheet = workbook[layout.sheet]
    else:
        workbook, sheet = _copy_values(path, fmt, spec)
    for (row, column), messages in cells.items():
        cell = sheet.cell(row=row, column=column)
        cell.fill = ERROR_FILL
        text = "\n".join(dict.fromkeys(messages))
        comment = Comment(text, AUTHOR)
        comment.width = 320
        comment.height = 40 + 20 * (len(text) // 24 + len(messages))
        cell.comment = comment
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _copy_values(path, fmt: str, spec: SheetSpec):
    """Return a new workbook holding the values of the imported sheet."""
    opened = open_sheet(path, fmt, spec)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = opened.layout.sheet[:31] or "Sheet1"
    try:
        header_row = opened.layout.header_row
        # The header row itself: rebuild it from the layout's texts.
        for key, position in opened.layout.index.items():
            sheet.cell(
                row=header_row,
                column=position + 1,
                value=neutralise(opened.layout.headers[key]),
            )
        for row_number, values in opened.rows:
            for position, value in enumerate(values, start=1):
                if value is not None:
                    sheet.cell(row=row_number, column=position, value=neutralise(value))
    finally:
        opened.close()
    return workbook, sheet
