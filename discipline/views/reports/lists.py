"""The report list: search, filters, counts and the Excel export (logged)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exports import xlsx_response
from villages.models import Village

from ... import access, selectors
from ...choices import ReportCategory, ReportStatus
from ...models import ReportSource
from ..common import log_view, require_reader


def report_list(request):
    """The reports a user may see; search and filters; xlsx export (logged)."""
    require_reader(request)
    params = request.GET
    today = timezone.localdate()
    queryset = selectors.report_list(
        user=request.user,
        q=params.get("q", ""),
        status=params.get("status", ""),
        category=params.get("category", ""),
        village_id=params.get("village", ""),
        overdue=params.get("overdue") == "1",
        today=today,
    )
    if params.get("export") == "xlsx":
        rows = list(queryset)
        log_view(request, what=_("report list (Excel)"), rows=len(rows), export=True)
        return _export(request, rows, today)
    from django.core.paginator import Paginator

    paginator = Paginator(queryset, 25)
    page = paginator.get_page(params.get("page"))
    log_view(request, what=_("report list"), rows=len(page.object_list))
    query = params.copy()
    query.pop("page", None)
    return render(
        request,
        "discipline/report_list.html",
        {
            "reports": page.object_list,
            "page_obj": page,
            "paginator": paginator,
            "is_paginated": paginator.num_pages > 1,
            "querystring": query.urlencode(),
            "q": params.get("q", ""),
            "statuses": ReportStatus.choices,
            "categories": ReportCategory.choices,
            "villages": Village.objects.visible_to(request.user)
            .exclude(pk__in=access.recused_village_ids(request.user))
            .order_by("township__code", "code"),
            "today": today,
            "can_register": access.handles_reports(request.user),
            "sees_reporter": access.sees_reporter(request.user),
            "counts": selectors.report_counts(user=request.user, today=today),
            "pending_extensions": selectors.pending_extensions(user=request.user),
        },
    )


def _export(request, reports, today):
    headers = [
        _("Number"),
        _("Received on"),
        _("Village"),
        _("Person concerned"),
        _("Channel"),
        _("Category"),
        _("Summary"),
        _("Status"),
        _("Verification due"),
        _("Overdue"),
        _("Conclusion"),
        _("Closed on"),
    ]
    sees_reporter = access.sees_reporter(request.user)
    sources = {}
    if sees_reporter:
        headers += [_("Anonymous"), _("Reporter's name"), _("Reporter's phone")]
        sources = {
            s.report_id: s
            for s in ReportSource.objects.visible_to(request.user).filter(
                report__in=[r.pk for r in reports]
            )
        }

    def rows():
        for r in reports:
            row = [
                r.number,
                r.received_on,
                r.village.name,
                r.concerned,
                r.get_channel_display(),
                r.get_category_display(),
                r.summary,
                r.get_status_display(),
                r.verify_due,
                _("yes") if r.is_overdue(today) else "",
                r.get_conclusion_display(),
                r.closed_on,
            ]
            if sees_reporter:
                source = sources.get(r.pk)
                row += [
                    _("yes") if source is None or source.anonymous else _("no"),
                    source.reporter_name if source else "",
                    source.reporter_phone if source else "",
                ]
            yield row

    return xlsx_response(_("reports") + ".xlsx", [(_("Reports"), headers, rows())])
