"""Open an uploaded roster file and find its header: .xlsx (openpyxl, read-only),
.xls (xlrd) and .csv, with limits and clear Chinese messages for bad files."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from . import messages as msg
from .columns import ALIASES, COLUMNS_BY_KEY, DERIVED_HEADERS, REQUIRED_KEYS
from .values import fold, header_key
from .xlsx_rows import iter_values

ACCEPTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEADER_SEARCH_ROWS = 20
# A sheet formatted down to row 1,048,576 ends where the data ends.
BLANK_RUN_END = 1000


class ImportFileError(Exception):
    """The file as a whole cannot be imported; ``message`` says why and what to do."""

    def __init__(self, message: str, *, row: int = 0, column: str = ""):
        super().__init__(message)
        self.message = message
        self.row = row
        self.column = column


@dataclass
class Layout:
    """Where the header is and which column holds which field."""

    sheet: str
    header_row: int
    index: dict[str, int]
    headers: dict[str, str]
    ignored: list[str] = field(default_factory=list)
    derived: list[str] = field(default_factory=list)


@dataclass
class OpenedSheet:
    layout: Layout
    rows: Iterator[tuple[int, tuple]]
    estimated_rows: int
    close: callable = lambda: None
    extrapolate: callable = None


def max_bytes() -> int:
    return getattr(settings, "ROSTER_IMPORT_MAX_BYTES", 10 * 1024 * 1024)


def max_rows() -> int:
    return getattr(settings, "ROSTER_IMPORT_MAX_ROWS", 20000)


def max_sheets() -> int:
    return getattr(settings, "ROSTER_IMPORT_MAX_SHEETS", 20)


def check_upload(name: str, size: int, head: bytes) -> str:
    """Check type, size and content of an upload; return the format (xlsx/xls/csv)."""
    suffix = Path(name or "").suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise ImportFileError(_(msg.FILE_TYPE) % {"suffix": suffix or _("(none)")})
    if size == 0:
        raise ImportFileError(_(msg.FILE_EMPTY))
    if size > max_bytes():
        raise ImportFileError(
            _(msg.FILE_TOO_LARGE)
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())}
        )
    if suffix == ".csv":
        if head.startswith((ZIP_MAGIC, OLE_MAGIC)) or b"\x00" in head[:512]:
            raise ImportFileError(_(msg.FILE_FAKE) % {"suffix": suffix})
        return "csv"
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    if head.startswith(OLE_MAGIC):
        if suffix == ".xls":
            return "xls"
        raise ImportFileError(_(msg.FILE_PROTECTED))
    raise ImportFileError(_(msg.FILE_FAKE) % {"suffix": suffix})


def find_layout(sheet_name: str, first_rows: list[tuple[int, tuple]]) -> Layout | None:
    """Return the layout if one of the first rows is a roster header."""
    for row_number, values in first_rows:
        index: dict[str, int] = {}
        headers: dict[str, str] = {}
        ignored, derived, duplicates = [], [], []
        for position, value in enumerate(values):
            text = fold(value)
            if not text:
                continue
            key = ALIASES.get(header_key(text))
            if key is None:
                if header_key(text) in DERIVED_HEADERS:
                    derived.append(text)
                else:
                    ignored.append(text)
                continue
            if key in index:
                duplicates.append((key, index[key], position))
                continue
            index[key] = position
            headers[key] = text
        if "name" in index and "id_number" in index and len(index) >= 3:
            if duplicates:
                key, first, second = duplicates[0]
                raise ImportFileError(
                    _(msg.DUPLICATE_COLUMN)
                    % {
                        "first": _column_letter(first),
                        "second": _column_letter(second),
                    },
                    row=row_number,
                    column=headers[key],
                )
            for key in REQUIRED_KEYS:
                if key not in index:
                    raise ImportFileError(
                        _(msg.MISSING_COLUMN) % {"column": COLUMNS_BY_KEY[key].header},
                        row=row_number,
                        column=COLUMNS_BY_KEY[key].header,
                    )
            return Layout(sheet_name, row_number, index, headers, ignored, derived)
    return None


def _column_letter(position: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(position + 1)


def _numbered(rows) -> Iterator[tuple[int, tuple]]:
    return enumerate(rows, start=1)


def _open_from_rows(sheet_name: str, numbered: Iterator[tuple[int, tuple]]):
    first = []
    for item in numbered:
        first.append(item)
        if len(first) >= HEADER_SEARCH_ROWS:
            break
    layout = find_layout(sheet_name, first)
    if layout is None:
        return None
    after = [item for item in first if item[0] > layout.header_row]

    def rest():
        yield from after
        yield from numbered

    return layout, rest()


def open_sheet(path: str | Path, fmt: str) -> OpenedSheet:
    """Open the first sheet that has a roster header."""
    if fmt == "xlsx":
        return _open_xlsx(path)
    if fmt == "xls":
        return _open_xls(path)
    return _open_csv(path)


def _open_xlsx(path) -> OpenedSheet:
    from openpyxl import load_workbook

    try:
        with open(path, "rb") as handle:
            if not zipfile.is_zipfile(handle):
                raise ImportFileError(_(msg.FILE_CORRUPT))
        workbook = load_workbook(path, read_only=True, data_only=True)
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(_(msg.FILE_CORRUPT)) from exc
    try:
        sheets = workbook.worksheets
        if len(sheets) > max_sheets():
            raise ImportFileError(
                _(msg.TOO_MANY_SHEETS) % {"count": len(sheets), "max": max_sheets()}
            )
        for sheet in sheets:
            if not hasattr(sheet, "iter_rows"):  # a chart sheet
                continue
            consumed = [0]
            numbered = iter_values(sheet, consumed=consumed)
            found = _open_from_rows(sheet.title, numbered)
            if found is not None:
                layout, rows = found
                try:
                    estimate = max(0, (sheet.max_row or 0) - layout.header_row)
                    xml_size = workbook._archive.getinfo(
                        sheet._worksheet_path
                    ).file_size
                except Exception:  # noqa: BLE001 - a missing dimension is harmless
                    estimate, xml_size = 0, 0
                opened = OpenedSheet(layout, _guard(rows), estimate, workbook.close)
                if not estimate and xml_size:
                    # No <dimension> in the sheet: extrapolate from the share of
                    # the sheet's XML read so far.
                    opened.extrapolate = _extrapolator(xml_size, consumed)
                return opened
    except ImportFileError:
        workbook.close()
        raise
    except Exception as exc:
        workbook.close()
        raise ImportFileError(_(msg.FILE_CORRUPT)) from exc
    workbook.close()
    raise ImportFileError(_(msg.NO_HEADER) % {"rows": HEADER_SEARCH_ROWS})


def _extrapolator(xml_size: int, consumed: list[int]):
    def estimate(done: int) -> int:
        return int(done * xml_size / max(consumed[0], 1))

    return estimate


def _guard(rows):
    """Turn damage found halfway through the XML into the corrupt-file message."""
    try:
        yield from rows
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(_(msg.FILE_CORRUPT)) from exc


def _open_xls(path) -> OpenedSheet:
    try:
        import xlrd
    except ImportError as exc:  # pragma: no cover - xlrd is in requirements
        raise ImportFileError(_(msg.FILE_PROTECTED)) from exc
    try:
        book = xlrd.open_workbook(path, on_demand=True)
    except Exception as exc:
        raise ImportFileError(_(msg.FILE_CORRUPT)) from exc
    if book.nsheets > max_sheets():
        raise ImportFileError(
            _(msg.TOO_MANY_SHEETS) % {"count": book.nsheets, "max": max_sheets()}
        )
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)

        def values(sheet=sheet):
            for r in range(sheet.nrows):
                row = []
                for cell in sheet.row(r):
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        row.append(
                            xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
                        )
                    elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                        row.append(None)
                    else:
                        row.append(cell.value)
                yield tuple(row)

        found = _open_from_rows(sheet.name, _numbered(values()))
        if found is not None:
            layout, rows = found
            return OpenedSheet(
                layout,
                rows,
                max(0, sheet.nrows - layout.header_row),
                book.release_resources,
            )
    raise ImportFileError(_(msg.NO_HEADER) % {"rows": HEADER_SEARCH_ROWS})


def _open_csv(path) -> OpenedSheet:
    raw = Path(path).read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_(msg.FILE_ENCODING))
    reader = csv.reader(io.StringIO(text))
    rows = (tuple(cell if cell != "" else None for cell in row) for row in reader)
    found = _open_from_rows("CSV", _numbered(rows))
    if found is None:
        raise ImportFileError(_(msg.NO_HEADER) % {"rows": HEADER_SEARCH_ROWS})
    layout, data = found
    return OpenedSheet(layout, data, text.count("\n") - layout.header_row)
