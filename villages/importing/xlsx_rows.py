"""Fast row values of a read-only openpyxl worksheet.

openpyxl (read-only mode) opens the workbook: the zip, the sheet list, the
shared strings, the styles and which styles are dates. Its generic row
iterator then builds an element tree and a dictionary for every cell, which
costs about 25 µs per cell. A roster only needs each cell's value, so the
sheet XML is streamed here with expat, converting values exactly as
``WorkSheetParser.parse_cell`` does for a ``data_only`` workbook (shared and
inline strings, numbers, dates by style, booleans, errors, ISO dates).

It is the fallback for an .xlsx python-calamine cannot open. As defusedxml
does, a DTD or an entity declaration stops the parse: nothing is expanded.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.parsers import expat

from defusedxml.common import DTDForbidden, EntitiesForbidden
from openpyxl.utils.datetime import from_excel, from_ISO8601

NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
ROW, CELL, VALUE, INLINE, TEXT, PHONETIC = range(6)
TAGS = {}
for _namespace in NAMESPACES:
    for _name, _code in (
        ("row", ROW),
        ("c", CELL),
        ("v", VALUE),
        ("is", INLINE),
        ("t", TEXT),
        ("rPh", PHONETIC),
    ):
        TAGS[f"{_namespace} {_name}"] = _code
CHUNK = 1 << 16

_COLUMNS: dict[str, int] = {}


def _column(reference: str) -> int:
    """Return the 0-based column of a cell reference such as ``AB12``."""
    letters = reference.rstrip("0123456789")
    found = _COLUMNS.get(letters)
    if found is None:
        found = 0
        for char in letters:
            found = found * 26 + (ord(char.upper()) - 64)
        found -= 1
        _COLUMNS[letters] = found
    return found


def _cast_number(text: str):
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


def iter_values(
    worksheet, *, consumed: list[int] | None = None
) -> Iterator[tuple[int, tuple]]:
    """Yield (row number as Excel shows it, values) for each row of a read-only worksheet.

    ``consumed[0]``, if given, follows how many bytes of the sheet's XML were read.
    """
    workbook = worksheet.parent
    shared = worksheet._shared_strings
    date_styles = workbook._date_formats
    timedelta_styles = workbook._timedelta_formats
    epoch = workbook.epoch

    ready: list[tuple[int, tuple]] = []
    state = {
        "row": 0,
        "col": -1,
        "type": "n",
        "style": 0,
        "text": None,
        "in_phonetic": False,
    }
    values: list = []
    parts: list[str] = []
    collecting = [False]

    def start(name, attrs):
        code = TAGS.get(name)
        if code is None:
            return
        if code == CELL:
            reference = attrs.get("r")
            state["col"] = _column(reference) if reference else state["col"] + 1
            state["type"] = attrs.get("t", "n")
            style = attrs.get("s")
            state["style"] = int(style) if style else 0
            state["text"] = None
        elif code == VALUE or (code == TEXT and not state["in_phonetic"]):
            collecting[0] = True
            parts.clear()
        elif code == ROW:
            number = attrs.get("r")
            state["row"] = int(float(number)) if number else state["row"] + 1
            state["col"] = -1
            values.clear()
        elif code == PHONETIC:
            state["in_phonetic"] = True
        elif code == INLINE:
            state["text"] = ""

    def data(text):
        if collecting[0]:
            parts.append(text)

    def end(name):
        code = TAGS.get(name)
        if code is None:
            return
        if code == VALUE:
            collecting[0] = False
            state["text"] = "".join(parts)
        elif code == TEXT:
            if collecting[0]:
                collecting[0] = False
                if state["text"] is None:
                    state["text"] = ""
                state["text"] += "".join(parts)
        elif code == PHONETIC:
            state["in_phonetic"] = False
        elif code == CELL:
            text = state["text"]
            kind = state["type"]
            if text is None or (text == "" and kind != "inlineStr"):
                value = None
            elif kind == "n":
                value = _cast_number(text)
                style = state["style"]
                if style in date_styles:
                    try:
                        value = from_excel(
                            value, epoch, timedelta=style in timedelta_styles
                        )
                    except (OverflowError, ValueError):
                        value = "#VALUE!"
            elif kind == "s":
                value = shared[int(text)]
            elif kind == "b":
                value = bool(int(text))
            elif kind == "d":
                value = from_ISO8601(text)
            else:  # inlineStr, str (a formula's cached text), e (an error)
                value = text
            column = state["col"]
            gap = column - len(values)
            if gap > 0:
                values.extend([None] * gap)
            if gap >= 0:
                values.append(value)
            else:
                values[column] = value
        elif code == ROW:
            ready.append((state["row"], tuple(values)))

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True

    def forbid_dtd(name, sysid, pubid, has_internal_subset):
        raise DTDForbidden(name, sysid, pubid)

    def forbid_entity(name, *args):
        raise EntitiesForbidden(name, None, None, None, None, None)

    parser.StartDoctypeDeclHandler = forbid_dtd
    parser.EntityDeclHandler = forbid_entity
    parser.UnparsedEntityDeclHandler = forbid_entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    with worksheet._get_source() as source:
        while True:
            chunk = source.read(CHUNK)
            if consumed is not None:
                consumed[0] += len(chunk)
            parser.Parse(chunk, not chunk)
            if ready:
                yield from ready
                ready.clear()
            if not chunk:
                break
