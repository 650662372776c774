"""Hostile workbooks are refused quickly, in Chinese, with nothing written (issue 15).

Time and memory are measured by ``bench/hostile_workbooks.py``; here each
file must be refused with the right message (the bound that trips) and
without touching the roster. Smaller bombs than the bench's keep the suite
fast; the bounds they trip are the same.
"""

import zipfile

import pytest
from django.test import override_settings

from villages.importing import import_roster_file
from villages.models import ImportJob, Person
from villages.tests import hostile
from villages.tests.xlsx import build_xlsx, good_row

pytestmark = pytest.mark.django_db


def refused(path, township):
    report = import_roster_file(path, township=township, dry_run=False)
    assert report.written is False
    assert Person.objects.count() == 0
    assert len(report.errors) == 1
    assert report.errors[0].row == 0
    return report.errors[0].message


def test_column_bomb_is_refused_naming_the_column(tmp_path, township, villages):
    # given: one cell at column ZZZZZZ
    path = hostile.column_bomb(tmp_path / "column.xlsx")
    # when
    message = refused(path, township)
    # then
    assert "ZZZZZZ" in message
    assert "IV" in message  # the configured last column (256)


@override_settings(ROSTER_IMPORT_MAX_COLUMNS=20)
def test_the_column_bound_is_configurable(tmp_path, township, villages):
    # given: an ordinary roster of 14 columns, and a cell in column Z
    path = tmp_path / "wide.xlsx"
    build_xlsx([good_row(1)], path=path)
    assert import_roster_file(path, township=township, dry_run=True).errors == []
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    workbook.active["Z3"] = "x"
    workbook.save(path)
    # when / then
    assert "Z" in refused(path, township)


@pytest.mark.parametrize("dimension", [True, False], ids=["with-dimension", "without"])
def test_zip_bomb_is_refused_before_it_is_unpacked(
    tmp_path, township, villages, dimension
):
    # given: 150 MB of sheet XML in a few hundred KB
    path = hostile.zip_bomb(tmp_path / "bomb.xlsx", megabytes=150, dimension=dimension)
    assert path.stat().st_size < 1 << 20
    # when
    message = refused(path, township)
    # then: the member size bound trips
    assert "MB" in message
    assert "128" in message


@override_settings(
    ROSTER_IMPORT_MAX_XML_BYTES=500 << 20, ROSTER_IMPORT_MAX_UNZIPPED_BYTES=500 << 20
)
def test_a_highly_compressed_member_is_refused_by_its_ratio(
    tmp_path, township, villages
):
    # given: the size bounds raised, so only the ratio bound is left
    path = hostile.zip_bomb(tmp_path / "bomb.xlsx", megabytes=20, dimension=False)
    # when
    message = refused(path, township)
    # then
    assert "200" in message
    assert "压缩" in message


@override_settings(ROSTER_IMPORT_MAX_ZIP_RATIO=100_000)
def test_cells_without_references_count_towards_the_grid(tmp_path, township, villages):
    # given: 4 MB of cells without ``r`` in one row, no size or ratio bound hit
    path = hostile.zip_bomb(tmp_path / "bomb.xlsx", megabytes=4, dimension=False)
    # when
    message = refused(path, township)
    # then: too many cells (or too wide) — either way refused before reading
    assert "单元格" in message or "列" in message


@override_settings(ROSTER_IMPORT_MAX_ZIP_RATIO=100_000)
def test_shared_strings_bomb_is_refused(tmp_path, township, villages):
    # given: 1.5 million shared strings (25 MB of XML, within the size bounds;
    # the ratio bound, which would trip first, is lifted)
    path = hostile.shared_strings_bomb(tmp_path / "sst.xlsx", strings=1_500_000)
    # when
    message = refused(path, township)
    # then
    assert "1000000" in message


def test_billion_laughs_is_refused_without_expanding_anything(
    tmp_path, township, villages
):
    # given: nested entities in the sheet XML
    path = hostile.billion_laughs(tmp_path / "laughs.xlsx")
    # when
    message = refused(path, township)
    # then
    assert "DOCTYPE" in message


def test_a_member_that_inflates_beyond_its_declared_size_is_refused(
    tmp_path, township, villages
):
    # given: an ordinary roster whose sheet entry under-declares its size
    path = tmp_path / "lying.xlsx"
    build_xlsx([good_row(n) for n in range(1, 30)], path=path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    real = info.file_size
    fake = (real // 4).to_bytes(4, "little")
    # the central directory entry of the sheet: patch its "uncompressed size"
    name = b"xl/worksheets/sheet1.xml"
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    data[central + 24 : central + 28] = fake
    path.write_bytes(bytes(data))
    # when
    message = refused(path, township)
    # then: read as damaged, never more than the declared size inflated
    assert "损坏" in message


def test_a_hostile_file_fails_its_job_with_the_message(
    tmp_path, township, villages, users
):
    # given: a job for a column bomb
    from django.core.files.base import ContentFile

    from core.roles import Role
    from villages.choices import ImportStatus
    from villages.services import import_job_preview

    path = hostile.column_bomb(tmp_path / "column.xlsx")
    job = ImportJob(
        token="t" * 32,
        township=township,
        created_by=users[Role.OFFICE],
        original_name="column.xlsx",
        size=path.stat().st_size,
    )
    job.file.save("column.xlsx", ContentFile(path.read_bytes()), save=False)
    job.save()
    # when
    import_job_preview(job=job)
    # then: finished (never left in "parsing"), message kept, nothing written
    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID
    assert "ZZZZZZ" in job.errors[0]["message"]
    assert Person.objects.count() == 0
