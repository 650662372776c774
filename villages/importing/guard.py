"""Bounds checked on a workbook before any spreadsheet library parses it.

A 5 KB .xlsx can declare a cell at column ZZZZZZ, hold 200 MB of XML, a
shared-strings table of twenty million entries, or nested XML entities; a
reader that trusts the file then needs gigabytes of memory or minutes of CPU.
python-calamine (and openpyxl, our fallback) build each sheet as a dense
grid, so the grid's height × width matters, not only the number of cells.

``check_workbook(path, fmt)`` streams every XML part of an .xlsx/.ods once
(``zipfile`` stops at each member's declared size and checks its CRC, so
sizes cannot lie) and refuses, with a Chinese message, a file that:

- has too many members, a member larger than ``ROSTER_IMPORT_MAX_XML_BYTES``
  uncompressed, all members together larger than ``ROSTER_IMPORT_MAX_UNZIPPED_BYTES``,
  or a member compressed more than ``ROSTER_IMPORT_MAX_ZIP_RATIO`` times;
- carries a DTD or entity declaration (Excel and WPS never write one);
- has a cell beyond ``ROSTER_IMPORT_MAX_COLUMNS`` or row 1,048,576, more
  than ``ROSTER_IMPORT_MAX_CELLS`` cells, or a grid larger than that;
- has more than ``ROSTER_IMPORT_MAX_SHARED_STRINGS`` shared strings.

The scan is a handful of ``bytes.count`` and regular-expression passes in C
over the decompressed parts: about a tenth of the time calamine needs to read
the same file.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from . import messages as msg

EXCEL_MAX_ROW = 1_048_576
EXCEL_MAX_COLUMN = 16_384  # XFD
CHUNK = 1 << 20
TAIL = 256  # bytes kept between chunks so no tag is cut in two

_CELL_COLUMN = re.compile(rb'<c r="([A-Z]+)')
_CELL_ROW = re.compile(rb'<c r="[A-Z]+(\d+)')
_DTD = (b"<!DOCTYPE", b"<!ENTITY", b"<!doctype", b"<!entity")


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_columns() -> int:
    return min(_limit("ROSTER_IMPORT_MAX_COLUMNS", 256), EXCEL_MAX_COLUMN)


def max_cells() -> int:
    return _limit("ROSTER_IMPORT_MAX_CELLS", 2_000_000)


def max_xml_bytes() -> int:
    # A sheet "formatted" down to row 1,048,576 is about 75 MB of empty rows.
    return _limit("ROSTER_IMPORT_MAX_XML_BYTES", 128 << 20)


def max_unzipped_bytes() -> int:
    return _limit("ROSTER_IMPORT_MAX_UNZIPPED_BYTES", 256 << 20)


def max_zip_ratio() -> int:
    return _limit("ROSTER_IMPORT_MAX_ZIP_RATIO", 200)


def max_shared_strings() -> int:
    return _limit("ROSTER_IMPORT_MAX_SHARED_STRINGS", 1_000_000)


def max_members() -> int:
    return _limit("ROSTER_IMPORT_MAX_ZIP_MEMBERS", 500)


class WorkbookRefused(Exception):
    """The workbook breaks a bound; ``message`` says which, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class SheetBounds:
    """What the scan found in one worksheet part."""

    cells: int = 0
    max_row: int = 0
    max_column: int = 0  # 1-based
    min_row: int = 0
    min_column: int = 0


def column_number(letters: bytes | str) -> int:
    """Return the 1-based column of ``AB`` (28); letters beyond XFD give large numbers."""
    number = 0
    for char in letters.encode() if isinstance(letters, str) else letters:
        number = number * 26 + (char - 64)
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def check_workbook(path, fmt: str) -> None:
    """Refuse an .xlsx/.ods that breaks a bound; .xls and .csv pass through."""
    if fmt not in ("xlsx", "ods"):
        return
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise WorkbookRefused(_(msg.FILE_CORRUPT)) from exc
    with archive:
        members = archive.infolist()
        if len(members) > max_members():
            raise WorkbookRefused(
                _(msg.ZIP_TOO_MANY_MEMBERS)
                % {"count": len(members), "max": max_members()}
            )
        total = 0
        for info in members:
            _check_sizes(info)
            total += info.file_size
        if total > max_unzipped_bytes():
            raise WorkbookRefused(
                _(msg.ZIP_TOO_LARGE)
                % {"mb": total >> 20, "max": max_unzipped_bytes() >> 20}
            )
        cells = 0
        for info in members:
            name = info.filename
            if not name.endswith((".xml", ".rels")):
                continue
            if fmt == "xlsx" and name.startswith("xl/worksheets/"):
                bounds = _scan_sheet(archive, info)
                cells += bounds.cells
                _check_grid(bounds)
            elif fmt == "xlsx" and name == "xl/sharedStrings.xml":
                _scan_shared_strings(archive, info)
            elif fmt == "ods" and name == "content.xml":
                cells += _scan_ods(archive, info)
            else:
                _scan_plain(archive, info)
            if cells > max_cells():
                raise WorkbookRefused(_(msg.TOO_MANY_CELLS) % {"max": max_cells()})


def _check_sizes(info: zipfile.ZipInfo) -> None:
    if info.file_size > max_xml_bytes():
        raise WorkbookRefused(
            _(msg.ZIP_MEMBER_TOO_LARGE)
            % {"mb": info.file_size >> 20, "max": max_xml_bytes() >> 20}
        )
    # Ratios of small parts mean nothing; real sheets compress 5–30× (a
    # million formatted empty rows: 28×), a bomb hundreds or thousands of times.
    if info.file_size > (1 << 20) and info.file_size > max_zip_ratio() * max(
        info.compress_size, 1
    ):
        raise WorkbookRefused(
            _(msg.ZIP_RATIO)
            % {
                "ratio": info.file_size // max(info.compress_size, 1),
                "max": max_zip_ratio(),
            }
        )


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """Yield the member's bytes in chunks that never split a tag (``TAIL`` overlap).

    A member that inflates past its declared size, or fails its CRC, is
    refused as damaged: the sizes checked above are therefore the real ones.
    """
    tail = b""
    try:
        with archive.open(info) as handle:
            while True:
                chunk = handle.read(CHUNK)
                if not chunk:
                    break
                data = tail + chunk
                cut = data.rfind(b"<", max(0, len(data) - TAIL))
                if cut <= 0:
                    cut = len(data)
                yield data[:cut]
                tail = data[cut:]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise WorkbookRefused(_(msg.FILE_CORRUPT)) from exc
    except NotImplementedError as exc:  # an unsupported compression method
        raise WorkbookRefused(_(msg.FILE_CORRUPT)) from exc
    if tail:
        yield tail


def _refuse_dtd(data: bytes) -> None:
    if b"<!" in data and any(marker in data for marker in _DTD):
        raise WorkbookRefused(_(msg.XML_DTD))


def _scan_plain(archive, info) -> None:
    for data in _chunks(archive, info):
        _refuse_dtd(data)


def _scan_shared_strings(archive, info) -> None:
    count = 0
    limit = max_shared_strings()
    for data in _chunks(archive, info):
        _refuse_dtd(data)
        count += data.count(b"<si>") + data.count(b"<si ")
        if count > limit:
            raise WorkbookRefused(_(msg.TOO_MANY_SHARED_STRINGS) % {"max": limit})


def _scan_sheet(archive, info) -> SheetBounds:
    """Count cells and find the grid a reader would build for one worksheet part.

    Per chunk: ``bytes.count`` for the cell tags and two ``findall`` passes
    whose results are reduced with ``set``/``map`` — no Python-level loop per
    cell, so 10,000 rows take milliseconds.
    """
    columns_limit = max_columns()
    cells_limit = max_cells()
    cells = rows_seen = 0
    unreferenced = False
    letters: set[bytes] = set()
    numbers: set[bytes] = set()
    for data in _chunks(archive, info):
        _refuse_dtd(data)
        tags = data.count(b"<c ") + data.count(b"<c>")
        cells += tags
        if cells > cells_limit:
            raise WorkbookRefused(_(msg.TOO_MANY_CELLS) % {"max": cells_limit})
        found_letters = _CELL_COLUMN.findall(data)
        if len(found_letters) != tags:
            unreferenced = True
        letters.update(found_letters)
        numbers.update(_CELL_ROW.findall(data))
        rows_seen += data.count(b"<row ") + data.count(b"<row>")
    if cells == 0:
        return SheetBounds()
    columns = list(map(column_number, letters)) or [1]
    rows = list(map(int, numbers)) or [1]
    bounds = SheetBounds(
        cells=cells,
        max_row=max(rows),
        max_column=max(columns),
        min_row=min(rows),
        min_column=min(columns),
    )
    if unreferenced:
        # Cells without an ``r`` attribute follow each other in their row:
        # in the worst case one row holds all of them.
        bounds.max_column = max(bounds.max_column, cells)
        bounds.max_row = max(bounds.max_row, rows_seen)
        bounds.min_column = bounds.min_row = 1
    if bounds.max_column > columns_limit:
        raise WorkbookRefused(
            _(msg.COLUMN_TOO_FAR)
            % {
                "column": column_letters(min(bounds.max_column, 10**9)),
                "max": column_letters(columns_limit),
            }
        )
    if bounds.max_row > EXCEL_MAX_ROW:
        raise WorkbookRefused(_(msg.ROW_TOO_FAR) % {"row": bounds.max_row})
    return bounds


def _check_grid(bounds: SheetBounds) -> None:
    if not bounds.cells:
        return
    height = bounds.max_row - min(bounds.min_row, bounds.max_row) + 1
    width = bounds.max_column - min(bounds.min_column, bounds.max_column) + 1
    if height * width > max_cells():
        raise WorkbookRefused(
            _(msg.GRID_TOO_LARGE)
            % {
                "rows": height,
                "columns": width,
                "max": max_cells(),
            }
        )


def _scan_ods(archive, info) -> int:
    """Bound the grid an .ods content part expands to (repeated rows and cells).

    Empty cells and rows may repeat freely (LibreOffice ends each row with a
    run of 1,000 empty cells and the sheet with a million empty rows); cells
    with content count once per repetition, as a reader expands them.
    """
    cells = 0
    limit = max_cells()
    height = width = 0
    row_repeat, row_cells, column, row_width = 1, 0, 0, 0
    pending_repeat = 1
    for data in _chunks(archive, info):
        _refuse_dtd(data)
        for match in _ODS_TAG.finditer(data):
            closing, name, attrs, empty = match.groups()
            if name == b"table-row":
                if closing:
                    if row_cells:
                        cells += row_cells * row_repeat
                        height += row_repeat
                        width = max(width, row_width)
                    elif height:
                        height += row_repeat
                    continue
                row_repeat = _repeat(attrs, b"rows")
                row_cells = column = row_width = 0
                if empty:
                    if height:
                        height += row_repeat
                    row_repeat = 1
                continue
            if name == b"table" and not closing:
                height = 0
                continue
            # a table-cell or covered-table-cell
            if closing:
                row_cells += pending_repeat
                row_width = column
                continue
            pending_repeat = _repeat(attrs, b"columns")
            column += pending_repeat
            if not empty and pending_repeat > max_columns():
                raise WorkbookRefused(
                    _(msg.COLUMN_TOO_FAR)
                    % {
                        "column": column_letters(min(column, 10**9)),
                        "max": column_letters(max_columns()),
                    }
                )
            if cells + row_cells * row_repeat > limit:
                raise WorkbookRefused(_(msg.TOO_MANY_CELLS) % {"max": limit})
        if cells > limit or height * max(width, 1) > limit * 4:
            raise WorkbookRefused(_(msg.TOO_MANY_CELLS) % {"max": limit})
    if width > max_columns():
        raise WorkbookRefused(
            _(msg.COLUMN_TOO_FAR)
            % {
                "column": column_letters(min(width, 10**9)),
                "max": column_letters(max_columns()),
            }
        )
    return cells


_ODS_TAG = re.compile(
    rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)\b([^>]*?)(/?)>"
)


def _repeat(attrs: bytes, kind: bytes) -> int:
    found = re.search(rb"number-" + kind + rb'-repeated="(\d+)"', attrs)
    return int(found.group(1)) if found else 1
