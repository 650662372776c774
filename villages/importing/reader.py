"""Open an uploaded spreadsheet and find its header: .xlsx, .xls and .ods with
python-calamine (openpyxl as the fallback for an .xlsx calamine cannot open),
.csv with the standard library; bounds and clear Chinese messages for bad files.

The reader knows nothing of rosters: a :class:`SheetSpec` (column aliases,
required columns) says what a header looks like, so the voter-register import
can use the same reader with its own columns.
"""

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

from . import guard
from . import messages as msg
from .columns import ALIASES, COLUMNS_BY_KEY, DERIVED_HEADERS, REQUIRED_KEYS
from .values import fold, header_key

ACCEPTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
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


@dataclass(frozen=True)
class SheetSpec:
    """What a header row of one kind of spreadsheet looks like.

    ``aliases`` maps a normalised header text (:func:`values.header_key`) to a
    column key; a row is the header when it holds every ``identifying`` key
    and at least ``min_columns`` known columns; ``required`` keys must then be
    present; ``derived`` headers are recognised and ignored.
    """

    aliases: dict[str, str]
    headers: dict[str, str]
    required: tuple[str, ...]
    identifying: tuple[str, ...]
    derived: frozenset[str] = frozenset()
    min_columns: int = 3


ROSTER_SPEC = SheetSpec(
    aliases=ALIASES,
    headers={key: column.header for key, column in COLUMNS_BY_KEY.items()},
    required=REQUIRED_KEYS,
    identifying=("name", "id_number"),
    derived=DERIVED_HEADERS,
)


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
        return "ods" if suffix == ".ods" else "xlsx"
    if head.startswith(OLE_MAGIC):
        if suffix == ".xls":
            return "xls"
        raise ImportFileError(_(msg.FILE_PROTECTED))
    raise ImportFileError(_(msg.FILE_FAKE) % {"suffix": suffix})


def find_layout(
    sheet_name: str, first_rows: list[tuple[int, tuple]], spec: SheetSpec = ROSTER_SPEC
) -> Layout | None:
    """Return the layout if one of the first rows is a header of ``spec``."""
    for row_number, values in first_rows:
        index: dict[str, int] = {}
        headers: dict[str, str] = {}
        ignored, derived, duplicates = [], [], []
        for position, value in enumerate(values):
            text = fold(value)
            if not text:
                continue
            key = spec.aliases.get(header_key(text))
            if key is None:
                if header_key(text) in spec.derived:
                    derived.append(text)
                else:
                    ignored.append(text)
                continue
            if key in index:
                duplicates.append((key, index[key], position))
                continue
            index[key] = position
            headers[key] = text
        if (
            all(key in index for key in spec.identifying)
            and len(index) >= spec.min_columns
        ):
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
            for key in spec.required:
                if key not in index:
                    raise ImportFileError(
                        _(msg.MISSING_COLUMN) % {"column": spec.headers[key]},
                        row=row_number,
                        column=spec.headers[key],
                    )
            return Layout(sheet_name, row_number, index, headers, ignored, derived)
    return None


def _column_letter(position: int) -> str:
    return guard.column_letters(position + 1)


def _numbered(rows) -> Iterator[tuple[int, tuple]]:
    return enumerate(rows, start=1)


def _open_from_rows(
    sheet_name: str, numbered: Iterator[tuple[int, tuple]], spec: SheetSpec
):
    first = []
    for item in numbered:
        first.append(item)
        if len(first) >= HEADER_SEARCH_ROWS:
            break
    layout = find_layout(sheet_name, first, spec)
    if layout is None:
        return None
    after = [item for item in first if item[0] > layout.header_row]

    def rest():
        yield from after
        yield from numbered

    return layout, rest()


def open_sheet(
    path: str | Path, fmt: str, spec: SheetSpec = ROSTER_SPEC
) -> OpenedSheet:
    """Open the first sheet that has a header of ``spec``.

    Workbooks are checked against the bounds of :mod:`.guard` before any
    library parses them.
    """
    if fmt == "csv":
        return _open_csv(path, spec)
    try:
        guard.check_workbook(path, fmt)
    except guard.WorkbookRefused as exc:
        raise ImportFileError(exc.message) from exc
    try:
        return _open_calamine(path, fmt, spec)
    except _CalamineCannotOpen:
        if fmt != "xlsx":
            raise ImportFileError(_(msg.FILE_CORRUPT)) from None
    return _open_xlsx(path, spec)


class _CalamineCannotOpen(Exception):
    """python-calamine could not read the workbook; openpyxl may still."""


def _calamine_value(value):
    """Turn a calamine cell into what the cleaners expect.

    Empty cells are ``None``; a whole number is an ``int`` as in openpyxl,
    except beyond 15 digits, where Excel has already cut the number off and
    the float is what tells the ID-number check to explain the fix.
    """
    kind = type(value)
    if kind is str:
        return value or None
    if kind is float and value.is_integer() and -1e15 < value < 1e15:
        return int(value)
    return value


def _calamine_rows(sheet, offset: int) -> Iterator[tuple[int, tuple]]:
    # calamine yields every row from the first (row 1 as Excel shows it) and
    # each row from the first column that holds data: pad it back to column A.
    pad = (None,) * offset
    for number, row in enumerate(sheet.iter_rows(), start=1):
        # _calamine_value, inlined: this runs for every cell of the sheet.
        yield (
            number,
            pad
            + tuple(
                [
                    (None if v == "" else v)
                    if type(v) is not float
                    else (int(v) if v.is_integer() and -1e15 < v < 1e15 else v)
                    for v in row
                ]
            ),
        )


def _open_calamine(path, fmt: str, spec: SheetSpec) -> OpenedSheet:
    from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum

    try:
        book = CalamineWorkbook.from_path(str(path))
    except PasswordError as exc:
        raise ImportFileError(_(msg.FILE_PROTECTED)) from exc
    except Exception as exc:  # calamine raises several kinds for a damaged file
        raise _CalamineCannotOpen() from exc
    try:
        sheets = book.sheets_metadata
        if len(sheets) > max_sheets():
            raise ImportFileError(
                _(msg.TOO_MANY_SHEETS) % {"count": len(sheets), "max": max_sheets()}
            )
        for meta in sheets:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue
            try:
                sheet = book.get_sheet_by_name(meta.name)
            except Exception as exc:
                raise _CalamineCannotOpen() from exc
            start, end = sheet.start, sheet.end
            if start is None or end is None:
                continue
            found = _open_from_rows(meta.name, _calamine_rows(sheet, start[1]), spec)
            if found is not None:
                layout, rows = found
                estimate = max(0, end[0] + 1 - layout.header_row)
                return OpenedSheet(layout, _guard(rows), estimate, book.close)
    except BaseException:
        book.close()
        raise
    book.close()
    raise ImportFileError(_(msg.NO_HEADER) % {"rows": HEADER_SEARCH_ROWS})


def _open_xlsx(path, spec: SheetSpec) -> OpenedSheet:
    """Open an .xlsx with openpyxl (read-only): the fallback when calamine cannot."""
    from openpyxl import load_workbook

    from .xlsx_rows import iter_values

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
            found = _open_from_rows(sheet.title, numbered, spec)
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


def _open_csv(path, spec: SheetSpec) -> OpenedSheet:
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
    found = _open_from_rows("CSV", _numbered(rows), spec)
    if found is None:
        raise ImportFileError(_(msg.NO_HEADER) % {"rows": HEADER_SEARCH_ROWS})
    layout, data = found
    return OpenedSheet(layout, data, text.count("\n") - layout.header_row)
