"""Reading with python-calamine: .ods, numbers and dates by type, openpyxl fallback."""

import zipfile

import pytest

from villages.importing import import_roster_file
from villages.importing import reader as reader_module
from villages.models import Person
from villages.tests.xlsx import good_row, person_id

pytestmark = pytest.mark.django_db

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def _cell(value) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value!r}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    if isinstance(value, tuple):  # ("date", "1980-05-17")
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value[1]}">'
            f"<text:p>{value[1]}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="string"><text:p>{value}</text:p>'
        "</table:table-cell>"
    )


def write_ods(path, rows: list[list]) -> None:
    """Write a minimal OpenDocument spreadsheet the way LibreOffice lays it out."""
    body = []
    for row in rows:
        cells = "".join(_cell(value) for value in row)
        # LibreOffice ends every row with a long run of empty cells
        body.append(
            f"<table:table-row>{cells}"
            '<table:table-cell table:number-columns-repeated="1000"/></table:table-row>'
        )
    body.append(
        '<table:table-row table:number-rows-repeated="1048000">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS} office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="台账">'
        + "".join(body)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)


def test_ods_with_title_row_dates_and_excel_numbers(tmp_path, township, villages):
    # given: a LibreOffice sheet: title, header, a good row with a date cell,
    # and an ID number typed into a number cell (15 significant digits kept)
    headers = ["姓名", "身份证号码", "出生日期", "所在村", "类别", "联系电话"]
    good = good_row(1)
    truncated = float(person_id(2)[:15] + "000")
    path = tmp_path / "台账.ods"
    write_ods(
        path,
        [
            ["立仓镇村干部台账"],
            headers,
            [
                "王一夏",
                good["身份证号码"],
                ("date", "1980-05-17"),
                "立仓社区",
                "党员",
                13856780001.0,
            ],
            ["王二夏", truncated, None, "立仓社区", "党员", None],
        ],
    )
    # when
    report = import_roster_file(path, township=township, dry_run=True)
    # then: spreadsheet row numbers; the number cell explained, the phone read whole
    assert [(e.row, e.column) for e in report.errors] == [(4, "身份证号码")]
    assert "文本" in report.errors[0].message
    assert report.rows == 2
    assert report.header_row == 2


def test_ods_with_a_repeated_filled_cell_beyond_the_column_bound_is_refused(
    tmp_path, township, villages
):
    # given: one filled cell repeated 100,000 times across a row
    path = tmp_path / "bomb.ods"
    write_ods(path, [["姓名", "身份证号码", "所在村"]])
    with zipfile.ZipFile(path) as archive:
        content = archive.read("content.xml").decode()
    content = content.replace(
        "</table:table-row>",
        '<table:table-cell table:number-columns-repeated="100000" '
        'office:value-type="string"><text:p>x</text:p></table:table-cell>'
        "</table:table-row>",
        1,
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    # when
    report = import_roster_file(path, township=township, dry_run=True)
    # then
    assert len(report.errors) == 1
    assert "列" in report.errors[0].message
    assert Person.objects.count() == 0


def test_openpyxl_reads_what_calamine_cannot_open(
    tmp_path, township, villages, xlsx_file, monkeypatch
):
    # given: calamine fails on this workbook
    import python_calamine

    class Refusing:
        @classmethod
        def from_path(cls, path, *args, **kwargs):
            raise python_calamine.ZipError("cannot open")

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Refusing)
    path = xlsx_file([good_row(1), good_row(2)], title_rows=("台账",))
    # when
    report = import_roster_file(path, township=township, dry_run=False)
    # then: imported all the same, through openpyxl
    assert report.errors == []
    assert Person.objects.count() == 2


def test_whole_numbers_read_as_integers_and_long_ones_stay_floats():
    # then: as openpyxl gave them, so every tolerance of the cleaners holds
    assert reader_module._calamine_value(13856780001.0) == 13856780001
    assert type(reader_module._calamine_value(2021.0)) is int
    assert type(reader_module._calamine_value(3.40121198503010e17)) is float
    assert reader_module._calamine_value("") is None
    assert reader_module._calamine_value(1985.03) == 1985.03
