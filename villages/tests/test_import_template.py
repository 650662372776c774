"""The import template never carries a village name as a live formula (issue 15)."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.roles import Role
from villages.importing import import_roster_file
from villages.models import Person
from villages.tests.factories import VillageFactory
from villages.tests.xlsx import good_row

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example/","点我")'


def test_village_names_in_the_template_are_text_not_formulas(
    users, villages, township, client_for
):
    # given: a village whose name looks like a formula
    VillageFactory(township=township, code="999", name=HOSTILE)
    client = client_for(users[Role.OFFICE])
    # when
    response = client.get(reverse("villages:import_template"))
    # then: no cell of any sheet is a formula, the name is kept as text
    workbook = load_workbook(BytesIO(response.content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
    options = workbook["选项"]
    village_column = [c.value for c in options[1]].index("所在村") + 1
    names = [
        options.cell(row=r, column=village_column).value
        for r in range(2, options.max_row + 1)
    ]
    assert "'" + HOSTILE in names


def test_a_neutralised_village_name_from_the_drop_down_still_imports(
    users, villages, township, tmp_path
):
    # given: the clerk picked the neutralised name from the template's list
    VillageFactory(township=township, code="999", name=HOSTILE)
    path = tmp_path / "filled.xlsx"
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    row = good_row(1, 所在村="'" + HOSTILE)
    sheet.append(list(row))
    sheet.append(list(row.values()))
    sheet.cell(row=2, column=list(row).index("所在村") + 1).data_type = "s"
    workbook.save(path)
    # when
    report = import_roster_file(path, township=township, dry_run=False)
    # then
    assert report.errors == []
    assert Person.objects.get().village.name == HOSTILE
