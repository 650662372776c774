"""The county statistics report (换届统计表): page with charts, A4 print view, .xlsx."""

from __future__ import annotations

from io import BytesIO
from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from core.exports import XLSX_CONTENT_TYPE, neutralise
from core.roles import Role
from core.scope import get_scope

from ..choices import Body
from ..statistics import statistics_report

READERS = (Role.OFFICE, Role.LEADER, Role.INSPECTOR, Role.DISCIPLINE, Role.COUNTY)


def _pct(value) -> str:
    return "—" if value is None else f"{float(value) * 100:.1f}%"


def _age(value) -> str:
    return "—" if value is None else f"{float(value):.1f}"


def _signed(value) -> str:
    return "—" if value is None else f"{float(value):+.1f}"


def election_table(report) -> tuple[list[str], list[list]]:
    """Return the headers and rows (townships, then the total) of table 1."""
    headers = [
        _("Township"),
        _("Villages"),
        _("Party committees elected"),
        _("Villagers' committees elected"),
        _("Supervision committees elected"),
        _("One-round success rate"),
        _("Separate elections (另行选举)"),
        _("Turnout (参选率)"),
        _("Proxy votes"),
    ]
    rows = []
    for line in [*report.lines, report.total]:
        rows.append(
            [
                line.label or _("Total"),
                line.villages,
                line.completed[Body.PARTY_COMMITTEE],
                line.completed[Body.VILLAGERS_COMMITTEE],
                line.completed[Body.SUPERVISION_COMMITTEE],
                _pct(line.success_rate),
                line.runoffs,
                _pct(line.turnout),
                "—" if line.proxies is None else line.proxies,
            ]
        )
    return headers, rows


def structure_table(report) -> tuple[list[str], list[list]]:
    """Return the headers and rows (townships, then the total) of table 2."""
    headers = [
        _("Township"),
        _("Villages that elected both committees"),
        _("Members of the new “two committees”"),
        _("一肩挑 villages"),
        _("一肩挑 rate"),
        _("交叉任职 people"),
        _("交叉任职 rate"),
        _("Women (people)"),
        _("Share of women"),
        _("Aged 35 or under"),
        _("Share aged 35 or under"),
        _("Junior college or above"),
        _("Share with junior college or above"),
        _("Average age, last term"),
        _("Average age, this term"),
        _("Change in average age"),
    ]
    rows = []
    for line in [*report.lines, report.total]:
        age = line.indicators["average_age"]
        rows.append(
            [
                line.label or _("Total"),
                line.covered,
                line.members,
                line.incoming.one_shoulder,
                _pct(line.one_shoulder_rate),
                line.incoming.cross,
                _pct(line.cross_rate),
                line.incoming.both.women,
                _pct(line.women_share),
                line.incoming.both.young,
                _pct(line.young_share),
                line.incoming.both.college,
                _pct(line.college_share),
                _age(age.outgoing),
                _age(age.incoming),
                _signed(age.change),
            ]
        )
    return headers, rows


def _chart(report) -> dict:
    lines = report.lines
    return {
        "labels": [line.label for line in lines],
        "completed_label": _("Committees elected"),
        "series": [
            {
                "label": str(Body(body).label),
                "data": [line.completed[body] for line in lines],
            }
            for body in (Body.PARTY_COMMITTEE, Body.VILLAGERS_COMMITTEE)
        ],
        "villages": [line.villages for line in lines],
        "villages_label": _("Villages"),
        "age_label": _("Average age"),
        "age_outgoing_label": _("Last term"),
        "age_incoming_label": _("This term"),
        "age_outgoing": [
            None
            if (v := line.indicators["average_age"].outgoing) is None
            else round(float(v), 1)
            for line in lines
        ],
        "age_incoming": [
            None
            if (v := line.indicators["average_age"].incoming) is None
            else round(float(v), 1)
            for line in lines
        ],
    }


def _require(request):
    scope = get_scope(request.user)
    if not scope.has(*READERS) or scope.village_ids is not None:
        raise PermissionDenied


def _unit_name(request, report) -> str:
    user = request.user
    if getattr(user, "county", None) is not None:
        return user.county.name
    if len(report.lines) == 1:
        return report.lines[0].label
    return ""


def statistics(request):
    """Show the report (townships side by side and the total), charts, print, .xlsx."""
    _require(request)
    report = statistics_report(user=request.user)
    unit = _unit_name(request, report)
    if request.GET.get("export") == "xlsx":
        return _export(report, unit)
    elections = election_table(report)
    structure = structure_table(report)
    template = (
        "elections/statistics_print.html"
        if request.GET.get("print")
        else "elections/statistics.html"
    )
    return render(
        request,
        template,
        {
            "report": report,
            "unit": unit,
            "election_headers": elections[0],
            "election_rows": elections[1][:-1],
            "election_total": elections[1][-1],
            "structure_headers": structure[0],
            "structure_rows": structure[1][:-1],
            "structure_total": structure[1][-1],
            "chart": _chart(report),
        },
    )


THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _sheet(workbook, *, name, title, unit_line, headers, rows):
    sheet = workbook.create_sheet(title=name[:31])
    width = len(headers)
    last = get_column_letter(width)
    sheet.append([title])
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 30
    sheet.append([unit_line])
    sheet.merge_cells(f"A2:{last}2")
    sheet.append([neutralise(str(h)) for h in headers])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(
            horizontal="center", vertical="center", wrap_text=True
        )
        cell.border = BOX
    sheet.row_dimensions[3].height = 45
    for row in rows:
        sheet.append([neutralise(v) if isinstance(v, str) else v for v in row])
    for row in sheet.iter_rows(min_row=4, max_row=sheet.max_row):
        for cell in row:
            cell.border = BOX
            cell.alignment = Alignment(horizontal="center")
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 16
    for index in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 11
    sheet.freeze_panes = "B4"
    sheet.print_title_rows = "1:3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return sheet


def _export(report, unit: str):
    day = date_format(report.as_of, "DATE_FORMAT")
    unit_line = _(
        "Reporting unit: %(unit)s    Date: %(date)s    Units: villages, people, %%"
    ) % {"unit": unit or "—", "date": day}
    workbook = Workbook()
    workbook.remove(workbook.active)
    headers, rows = election_table(report)
    _sheet(
        workbook,
        name=_("Table 1 (elections)"),
        title=_("Village two-committee elections: completion statistics"),
        unit_line=unit_line,
        headers=headers,
        rows=rows,
    )
    headers, rows = structure_table(report)
    _sheet(
        workbook,
        name=_("Table 2 (structure)"),
        title=_("New village two committees: structure statistics"),
        unit_line=unit_line,
        headers=headers,
        rows=rows,
    )
    buffer = BytesIO()
    workbook.save(buffer)
    filename = _("election statistics") + f" {report.as_of.isoformat()}.xlsx"
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
