"""Fixtures of the roster tests: spreadsheet files written to a temporary folder."""

import pytest

from villages.tests.xlsx import build_xlsx


@pytest.fixture
def xlsx_file(tmp_path):
    """Return a function that writes a roster workbook and returns its path."""

    counter = {"n": 0}

    def write(rows, name="台账.xlsx", **options):
        counter["n"] += 1
        path = tmp_path / f"{counter['n']}-{name}"
        build_xlsx(rows, path=path, **options)
        return path

    return write
