"""The structure analysis page (两升一降) and its .xlsx export."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.exports import xlsx_response
from villages.models import Township, Village

from ..choices import Body
from ..structure import PARTY, VC, Row, Side, analyse, indicator_rows, totals
from .common import require_reader

VILLAGE_PAGE_SIZE = 50
# Indicators drawn in the chart (counts on one axis).
CHART_KEYS = ("members", "under_35", "women", "senior", "college", "bachelor", "cross")


def _chart(analysis) -> dict:
    rows = {
        r.key: r for r in indicator_rows(analysis.outgoing, analysis.incoming, "both")
    }
    return {
        "labels": [str(rows[k].label) for k in CHART_KEYS],
        "outgoing": [int(rows[k].outgoing or 0) for k in CHART_KEYS],
        "incoming": [int(rows[k].incoming or 0) for k in CHART_KEYS],
        "outgoing_label": _("Last term"),
        "incoming_label": _("This term"),
        "age": {
            "labels": [
                _("“Two committees”"),
                _("Party organisation committee"),
                Body.VILLAGERS_COMMITTEE.label,
            ],
            "outgoing": [
                _float(
                    indicator_rows(analysis.outgoing, analysis.incoming, scope)[
                        _age_index(scope)
                    ].outgoing
                )
                for scope in ("both", PARTY, VC)
            ],
            "incoming": [
                _float(
                    indicator_rows(analysis.outgoing, analysis.incoming, scope)[
                        _age_index(scope)
                    ].incoming
                )
                for scope in ("both", PARTY, VC)
            ],
        },
    }


def _age_index(scope) -> int:
    rows = indicator_rows(Side(), Side(), scope)
    return next(i for i, r in enumerate(rows) if r.key == "average_age")


def _float(value):
    return round(float(value), 1) if value is not None else None


def _townships(analysis) -> list[dict]:
    """Group a county-wide analysis by township (each summed like the whole)."""
    groups: dict[int, list] = {}
    for item in analysis.villages:
        groups.setdefault(item.village.township_id, []).append(item)
    result = []
    for items in groups.values():
        outgoing, incoming, _covered = totals(items)
        rows = {r.key: r for r in indicator_rows(outgoing, incoming, "both")}
        result.append(
            {
                "township": items[0].village.township,
                "villages": len(items),
                "elected": sum(1 for item in items if item.fully_elected),
                "rows": rows,
            }
        )
    return sorted(result, key=lambda g: g["township"].code)


def structure(request):
    """Show the structure analysis of a village, a township, or (county) all townships."""
    require_reader(request)
    villages = (
        Village.objects.visible_to(request.user)
        .select_related("township")
        .order_by("township__code", "code")
    )
    village = township = None
    if request.GET.get("village", "").isdigit():
        village = get_object_or_404(villages, pk=int(request.GET["village"]))
        villages = [village]
    elif request.GET.get("township", "").isdigit():
        township = get_object_or_404(
            Township.objects.visible_to(request.user), pk=int(request.GET["township"])
        )
        villages = villages.filter(township=township)
    village_list = list(villages)  # fills a queryset's cache: analyse reuses it
    townships = sorted({v.township for v in village_list}, key=lambda t: t.code)
    if township is None and village is None and len(townships) == 1:
        township = townships[0]
    analysis = analyse(villages)
    title = _("Structure analysis")
    scope_name = (
        village.name if village else township.name if township else _("all townships")
    )
    if request.GET.get("export") == "xlsx":
        return _export(analysis, scope_name)
    # The per-village table is paged (a county has hundreds of villages); the
    # figures above and the export always cover every village.
    paginator = Paginator(analysis.villages, VILLAGE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "elections/structure.html",
        {
            "analysis": analysis,
            "table": analysis.table(),
            "chart": _chart(analysis),
            "village": village,
            "township": township,
            "scope_name": scope_name,
            "township_rows": _townships(analysis) if len(townships) > 1 else [],
            "village_rows": [
                {
                    "village": item.village,
                    "fully_elected": item.fully_elected,
                    "rows": {
                        r.key: r
                        for r in indicator_rows(item.outgoing, item.incoming, "both")
                    },
                }
                for item in page.object_list
            ],
            "title": title,
            "export_query": query.urlencode(),
            "page_obj": page,
            "paginator": paginator,
            "is_paginated": paginator.num_pages > 1,
            "querystring": query.urlencode(),
        },
    )


def _export(analysis, scope_name: str):
    headers = [
        pgettext("election", "Committee"),
        _("Indicator"),
        _("Last term"),
        _("This term"),
        pgettext("structure analysis", "Change"),
    ]
    rows = []
    for _key, label, indicators, _covered in analysis.table():
        for row in indicators:
            rows.append(
                (
                    label,
                    str(row.label),
                    row.outgoing_text,
                    row.incoming_text,
                    row.change_text,
                )
            )
    village_headers = [
        _("Township"),
        _("Village"),
        _("Elected"),
        _("Members, last term"),
        _("Members, this term"),
        _("Average age, last term"),
        _("Average age, this term"),
        _("Women, last term"),
        _("Women, this term"),
        _("Junior college or above, last term"),
        _("Junior college or above, this term"),
        _("Aged under 35, this term"),
        _("一肩挑, this term"),
        _("Serving on both committees, this term"),
    ]
    village_rows = []
    yes, no = _("yes"), _("no")
    for item in analysis.villages:
        # Read the counters directly: hundreds of villages, one row each.
        out, inc = item.outgoing.both, item.incoming.both
        done = item.fully_elected
        village_rows.append(
            (
                item.village.township.name,
                item.village.name,
                yes if done else no,
                out.members,
                inc.members if done else "",
                Row._fmt(out.average_age, "age"),
                Row._fmt(inc.average_age, "age") if done else "",
                out.women,
                inc.women if done else "",
                out.college,
                inc.college if done else "",
                inc.young if done else "",
                (yes if item.incoming.one_shoulder else no) if done else "",
                item.incoming.cross if done else "",
            )
        )
    summary = [(analysis.summary(),)]
    filename = _("structure analysis") + f" {scope_name}.xlsx"
    return xlsx_response(
        filename,
        [
            (_("Structure analysis"), headers, rows),
            (_("By village"), village_headers, village_rows),
            (
                _("Summary"),
                [_("Summary of %(scope)s") % {"scope": scope_name}],
                summary,
            ),
        ],
    )
