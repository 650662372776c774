"""The township totals page (and its Excel export) and the printable report notice."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.exports import xlsx_response
from core.scope import get_scope
from villages.models import Township, Village

from .. import access, selectors
from ..forms import TotalsFilterForm
from ..models import ReferenceText


def totals(request):
    """Per village (or per township for the county) and in total; ``?export=xlsx``."""
    scope = get_scope(request.user)
    if not scope.has(*access.TOWNSHIP_READERS) or scope.village_ids is not None:
        raise PermissionDenied
    townships = list(
        Township.objects.visible_to(request.user)
        .order_by("code")
        .values_list("pk", "name")
    )
    form = TotalsFilterForm(request.GET or None, townships=townships)
    township_id = date_from = date_to = None
    if form.is_valid():
        township_id = form.cleaned_data.get("township")
        date_from = form.cleaned_data.get("date_from")
        date_to = form.cleaned_data.get("date_to")
    result = selectors.discipline_totals(
        user=request.user, township_id=township_id, date_from=date_from, date_to=date_to
    )
    if request.GET.get("export") == "xlsx":
        return _export(result)
    # A township has some twenty villages; a county-sized one is paged, 50 rows a page
    # (the total row and the export always cover every row).
    from django.core.paginator import Paginator

    paginator = Paginator(result.rows, 50)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "discipline/totals.html",
        {
            "totals": result,
            "form": form,
            "multi_township": len(townships) > 1,
            "township_name": dict(townships).get(township_id)
            if township_id
            else (townships[0][1] if len(townships) == 1 else ""),
            "reads_reports": access.reads_reports(request.user),
            "rows": page.object_list,
            "page_obj": page,
            "paginator": paginator,
            "is_paginated": paginator.num_pages > 1,
            "querystring": query.urlencode(),
        },
    )


def _export(result):
    first = _("Village") if result.group_by == "village" else _("Township")
    period = ""
    if result.date_from or result.date_to:
        start = date_format(result.date_from) if result.date_from else ""
        end = date_format(result.date_to) if result.date_to else ""
        period = f"（{start}—{end}）"

    def rows(columns):
        for row in [*result.rows, result.total]:
            yield [row.label, *row.cells(columns)]

    headline = [first, *[str(c.label) for c in result.headline]]
    details = [first, *[f"{c.group}·{c.label}" for c in result.details]]
    sheets = [
        (_("Totals"), headline, rows(result.headline)),
        (pgettext("totals", "Details"), details, rows(result.details)),
    ]
    if result.reports is not None:
        sheets.append(
            (
                _("Reports"),
                [
                    _("Reports received"),
                    pgettext("report", "Open"),
                    _("Overdue"),
                    _("Blocking a nominee"),
                ],
                [
                    [
                        result.reports["total"],
                        result.reports["open"],
                        result.reports["overdue"],
                        result.reports["blocking"],
                    ]
                ],
            )
        )
    return xlsx_response(
        _("discipline and publicity totals") + period + ".xlsx", sheets
    )


def village_notice(request, pk):
    """Print the village's report notice (举报公告): hotline, mailbox and the 十个严禁."""
    village = get_object_or_404(
        Village.objects.visible_to(request.user).select_related("township"), pk=pk
    )
    texts = ReferenceText.objects.visible_to(request.user).prefetch_related("items")[:1]
    return render(
        request,
        "discipline/village_notice.html",
        {
            "village": village,
            "text": texts[0] if texts else None,
            "today": timezone.localdate(),
        },
    )
