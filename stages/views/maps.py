"""The battle map (作战图), the county map and the stage view."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exports import Styled, xlsx_response
from core.scope import get_scope

from .. import dashboards, mapcells, selectors
from ..choices import CELL_COLOURS, CellState
from .common import page_querystring, require_reader, stage_or_404, visible_round

LEGEND = [
    (state, CELL_COLOURS[state]) for state in CellState if state != CellState.EMPTY
]


def battle_map(request):
    """Show the user's township battle map, or the county map for county officials."""
    require_reader(request)
    scope = get_scope(request.user)
    today = timezone.localdate()
    if request.user.township_id is None or not scope.township_ids:
        data = selectors.county_map(user=request.user, today=today)
        return render(
            request,
            "stages/county_map.html",
            {"map": data, "legend": mapcells.legend(), "today": today},
        )
    round = selectors.current_round(request.user.township_id)
    return _render_round_map(request, round, today)


def round_map(request, pk: int):
    """Show the battle map of one round."""
    require_reader(request)
    round = visible_round(request, pk)
    if request.GET.get("format") == "xlsx":
        return _export_map(request, round, timezone.localdate())
    return _render_round_map(request, round, timezone.localdate())


def _map_value(cell) -> Styled:
    fill, font = mapcells.FILLS[mapcells.band(cell.done, cell.total)]
    if not cell.total:
        return Styled("—", fill=fill, font=font)
    text = f"{cell.done}/{cell.total}（{mapcells.percent(cell.done, cell.total)}%）"
    if cell.overdue:
        text += " " + mapcells.overdue_text(cell.overdue)
        font = mapcells.OVERDUE_FONT
    return Styled(text, fill=fill, font=font, bold=bool(cell.overdue))


def _export_map(request, round, today):
    """Download the whole battle map (every village) as .xlsx with the screen's colours."""
    data = dashboards.battle_map_sheet(round=round, user=request.user, today=today)
    headers = [
        _("Village"),
        _("Party election day"),
        _("VC election day"),
        *[stage.name for stage in data.stages],
        _("Overall"),
        _("Overdue tasks"),
    ]

    def row_values(name, cells, election=None):
        done = sum(c.done for c in cells)
        total = sum(c.total for c in cells)
        overdue = sum(c.overdue for c in cells)
        return [
            name,
            election.party_election_date if election else "",
            election.vc_election_date if election else "",
            *[_map_value(cell) for cell in cells],
            f"{done}/{total}（{mapcells.percent(done, total)}%）",
            Styled(overdue, font=mapcells.OVERDUE_FONT, bold=True) if overdue else 0,
        ]

    def lines():
        for row in data.rows:
            yield row_values(row.subject.name, row.cells, row.election)
        yield row_values(_("All villages"), data.totals)
        yield []
        yield [_("Colour: share of tasks done")] + [
            Styled(
                str(label), fill=mapcells.FILLS[band][0], font=mapcells.FILLS[band][1]
            )
            for band, label in mapcells.legend()
        ]

    filename = _("%(township)s battle map %(date)s.xlsx") % {
        "township": round.township.name,
        "date": today.strftime("%Y%m%d"),
    }
    return xlsx_response(filename, [(_("Battle map"), headers, lines())])


def _render_round_map(request, round, today):
    if round is None:
        return render(request, "stages/no_round.html", {})
    q = (request.GET.get("q") or "").strip()
    data = selectors.battle_map(
        round=round,
        user=request.user,
        today=today,
        page=request.GET.get("page", 1),
        q=q,
    )
    return render(
        request,
        "stages/battle_map.html",
        {
            "map": data,
            "round": round,
            "legend": mapcells.legend(),
            "today": today,
            "q": q,
            "page_obj": data.page_obj,
            "paginator": data.page_obj.paginator,
            "is_paginated": data.page_obj.paginator.num_pages > 1,
            "querystring": page_querystring(request),
            "can_manage": get_scope(request.user).can_manage,
        },
    )


def stage_view(request, pk: int, stage_pk: int):
    """Show one stage across the villages: each village's tasks of that stage."""
    require_reader(request)
    round = visible_round(request, pk)
    stage = stage_or_404(stage_pk)
    q = (request.GET.get("q") or "").strip()
    data = selectors.stage_view(
        round=round,
        stage=stage,
        user=request.user,
        page=request.GET.get("page", 1),
        q=q,
    )
    return render(
        request,
        "stages/stage_view.html",
        {
            "view": data,
            "round": round,
            "stage": stage,
            "today": timezone.localdate(),
            "q": q,
            "legend": LEGEND,
            "page_obj": data.page_obj,
            "paginator": data.page_obj.paginator,
            "is_paginated": data.page_obj.paginator.num_pages > 1,
            "querystring": page_querystring(request),
        },
    )
