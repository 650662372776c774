"""The holiday notice pages: enter or import a year's 放假 / 调休上班 ranges, preview, apply."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import history_entries
from core.roles import Role
from core.scope import get_scope
from villages.importing.reader import ImportFileError

from .. import selectors, workdays
from ..forms import HolidayImportForm, HolidayLineFormSet, HolidayNoticeForm
from ..holiday_import import HolidayTableError, read_holiday_table
from ..models import HolidayYear
from ..services import holidays as service
from .common import require_reader

BLANK_ROWS = 4
MIN_ROWS = 14


def can_edit_calendar(user) -> bool:
    """Return whether the user may enter holiday notices (office or county)."""
    scope = get_scope(user)
    return scope.can_manage or scope.has(Role.COUNTY)


def require_calendar_editor(request) -> None:
    if not can_edit_calendar(request.user):
        raise PermissionDenied


def holiday_list(request):
    """List the entered notices and the years the open rounds still need."""
    require_reader(request)
    return render(
        request,
        "stages/holiday_list.html",
        {
            "notices": selectors.holiday_notices(),
            "missing_years": selectors.missing_calendar_years(user=request.user),
            "can_edit": can_edit_calendar(request.user),
            "next_year": timezone.localdate().year + 1,
        },
    )


def holiday_year_go(request):
    """Open the notice page of the year typed into the list page's form."""
    require_calendar_editor(request)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        messages.error(request, _("Enter a year such as 2027."))
        return redirect("stages:holiday_list")
    return redirect("stages:holiday_year", year=year)


def _initial_lines(notice) -> list[dict]:
    rows = []
    if notice is not None:
        rows = [
            {"kind": r.kind, "start": r.start, "end": r.end, "name": r.name}
            for r in notice.ranges.order_by("start")
        ]
    return rows + [{}] * max(BLANK_ROWS, MIN_ROWS - len(rows))


def _lines_from(formset) -> list[service.HolidayLine]:
    lines = []
    for number, form in enumerate(formset.forms, start=1):
        data = form.cleaned_data
        if not any(data.get(key) for key in ("kind", "start", "end", "name")):
            continue
        lines.append(
            service.HolidayLine(
                row=number,
                kind=data.get("kind") or "",
                start=data.get("start"),
                end=data.get("end"),
                name=(data.get("name") or "").strip(),
            )
        )
    return lines


def _formset_for(lines: list[service.HolidayLine]):
    initial = [
        {"kind": line.kind, "start": line.start, "end": line.end, "name": line.name}
        for line in lines
    ]
    return HolidayLineFormSet(initial=initial + [{}] * BLANK_ROWS)


def holiday_year(request, year: int):
    """Enter or import a year's notice; preview the deadline moves; confirm to save."""
    require_reader(request)
    notice = HolidayYear.objects.filter(year=year).first()
    can_edit = can_edit_calendar(request.user)
    if notice is None and not can_edit:
        raise Http404
    header = HolidayNoticeForm(
        initial={
            "title": notice.title
            if notice
            else _("国务院办公厅关于%(year)s年部分节假日安排的通知") % {"year": year},
            "document_number": notice.document_number if notice else "",
        }
    )
    formset = HolidayLineFormSet(initial=_initial_lines(notice))
    upload = HolidayImportForm()
    preview = None
    errors: list[str] = []
    if request.method == "POST":
        require_calendar_editor(request)
        if "import" in request.POST:
            upload = HolidayImportForm(request.POST, request.FILES)
            header = HolidayNoticeForm(request.POST)
            if upload.is_valid():
                try:
                    lines = read_holiday_table(upload.cleaned_data["file"], year=year)
                    preview = service.holiday_year_preview(
                        year=year, lines=lines, user=request.user
                    )
                except ImportFileError as exc:
                    errors = [exc.message]
                except HolidayTableError as exc:
                    errors = exc.errors
                except ValidationError as exc:
                    errors = exc.messages
                else:
                    formset = _formset_for(lines)
                    messages.info(
                        request,
                        _(
                            "%(count)s lines read from the table. Check them and the "
                            "deadline changes below, then confirm to save."
                        )
                        % {"count": len(lines)},
                    )
                if errors:
                    errors.insert(
                        0,
                        _(
                            "The table was not imported; nothing was saved. Row numbers "
                            "are those of the uploaded table."
                        ),
                    )
        else:
            header = HolidayNoticeForm(request.POST)
            formset = HolidayLineFormSet(request.POST)
            if header.is_valid() and formset.is_valid():
                lines = _lines_from(formset)
                try:
                    if "confirm" in request.POST:
                        saved, moved = service.holiday_year_set(
                            year=year,
                            title=header.cleaned_data["title"],
                            document_number=header.cleaned_data["document_number"],
                            lines=lines,
                            by=request.user,
                        )
                        messages.success(
                            request,
                            _(
                                "The %(year)s holiday notice is saved; %(count)s open "
                                "deadlines were recomputed."
                            )
                            % {"year": year, "count": moved},
                        )
                        return redirect(saved.get_absolute_url())
                    preview = service.holiday_year_preview(
                        year=year, lines=lines, user=request.user
                    )
                except ValidationError as exc:
                    errors = exc.messages
            elif not formset.is_valid():
                errors = [
                    _("Row %(row)s: %(message)s") % {"row": n, "message": m}
                    for n, form in enumerate(formset.forms, start=1)
                    for field_errors in form.errors.values()
                    for m in field_errors
                ]
    weekend_years = workdays.years_without_official_data
    return render(
        request,
        "stages/holiday_year.html",
        {
            "year": year,
            "notice": notice,
            "header": header,
            "formset": formset,
            "upload": upload,
            "preview": preview,
            "errors": errors,
            "can_edit": can_edit,
            "packaged": not weekend_years([_first_day(year)]),
            "ranges": list(notice.ranges.order_by("start")) if notice else [],
            "history": history_entries(notice) if notice else [],
            "range_history": selectors.holiday_range_history(notice) if notice else [],
        },
    )


def _first_day(year: int):
    from datetime import date

    return date(year, 1, 1)


def calendar_recompute(request):
    """Recompute open working-day deadlines with the calendar in force: preview, confirm."""
    require_calendar_editor(request)
    if request.method == "POST" and "confirm" in request.POST:
        moved = service.calendar_recompute(by=request.user)
        messages.success(
            request,
            _("%(count)s open deadlines were recomputed.") % {"count": moved},
        )
        return redirect("stages:holiday_list")
    workdays.clear_cache()
    preview = service.calendar_preview(
        calendar=workdays.WorkCalendar.load(), user=request.user
    )
    return render(request, "stages/calendar_recompute.html", {"preview": preview})
