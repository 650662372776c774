"""Hostile workbooks for tests and ``bench/hostile_workbooks.py``, built byte by byte.

Each is a small .xlsx that, read naively, costs gigabytes or minutes: a cell at
column ZZZZZZ, 200 MB of sheet XML in a 200 KB file (with and without a
``<dimension>``), millions of shared strings, and nested entities
("billion laughs"). They are written with ``zipfile`` directly because no
spreadsheet program would write them.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
    '<sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
HEADER_ROW = (
    '<row r="1">'
    '<c r="A1" t="inlineStr"><is><t>姓名</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>身份证号码</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>所在村</t></is></c>'
    "</row>"
)
EMPTY_SST = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="0" uniqueCount="0"/>'


def _sheet(body: str, *, dimension: str | None = None, prolog: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN}">'
        f"{dim}<sheetData>{HEADER_ROW}{body}</sheetData></worksheet>"
    )


def _write(path: Path, sheet_xml, shared_xml=EMPTY_SST) -> Path:
    """Write the package; ``sheet_xml`` / ``shared_xml`` may be str or an iterator of bytes."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        for name, content in (
            ("xl/worksheets/sheet1.xml", sheet_xml),
            ("xl/sharedStrings.xml", shared_xml),
        ):
            if isinstance(content, str):
                archive.writestr(name, content)
                continue
            with archive.open(name, "w", force_zip64=True) as handle:
                for part in content:
                    handle.write(part)
    return path


def column_bomb(path: Path) -> Path:
    """One data cell at column ZZZZZZ (321,272,406 columns to the right)."""
    body = '<row r="2"><c r="ZZZZZZ2" t="inlineStr"><is><t>x</t></is></c></row>'
    return _write(Path(path), _sheet(body, dimension="A1:C2"))


def _many(unit: bytes, total: int, *, head: bytes = b"", tail: bytes = b""):
    yield head
    block = unit * max(1, (1 << 20) // len(unit))
    written = 0
    while written < total:
        yield block
        written += len(block)
    yield tail


def zip_bomb(path: Path, *, megabytes: int = 200, dimension: bool = True) -> Path:
    """``megabytes`` of sheet XML (one row of millions of cells) in a ~200 KB file."""
    dim = b'<dimension ref="A1:C2"/>' if dimension else b""
    head = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'.encode()
        + dim
        + b"<sheetData>"
        + HEADER_ROW.encode()
        + b'<row r="2">'
    )
    tail = b"</row></sheetData></worksheet>"
    cells = _many(b"<c><v>1</v></c>", megabytes << 20, head=head, tail=tail)
    return _write(Path(path), cells)


def shared_strings_bomb(path: Path, *, strings: int = 20_000_000) -> Path:
    """A shared-strings table of millions of entries under a 3-row sheet."""
    head = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" '
        f'count="{strings}" uniqueCount="{strings}">'
    ).encode()
    unit = b"<si><t>x</t></si>"
    body = '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    shared = _many(unit, strings * len(unit), head=head, tail=b"</sst>")
    return _write(Path(path), _sheet(body, dimension="A1:C2"), shared)


def billion_laughs(path: Path) -> Path:
    """Nested entities in the sheet XML: 10 levels of 10 → 10⁹ "lol"s if expanded."""
    entities = ['<!ENTITY lol0 "lol">']
    for level in range(1, 10):
        refs = f"&lol{level - 1};" * 10
        entities.append(f'<!ENTITY lol{level} "{refs}">')
    prolog = "<!DOCTYPE worksheet [" + "".join(entities) + "]>"
    body = '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return _write(Path(path), _sheet(body, dimension="A1:C2", prolog=prolog))


BUILDERS = {
    "column_bomb": column_bomb,
    "zip_bomb_with_dimension": lambda p: zip_bomb(p, dimension=True),
    "zip_bomb_without_dimension": lambda p: zip_bomb(p, dimension=False),
    "shared_strings_bomb": shared_strings_bomb,
    "billion_laughs": billion_laughs,
}
