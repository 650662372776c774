"""The battle map (作战图), the county map and the stage view."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from core.scope import get_scope

from .. import selectors
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
            {"map": data, "legend": LEGEND, "today": today},
        )
    round = selectors.current_round(request.user.township_id)
    return _render_round_map(request, round, today)


def round_map(request, pk: int):
    """Show the battle map of one round."""
    require_reader(request)
    round = visible_round(request, pk)
    return _render_round_map(request, round, timezone.localdate())


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
            "legend": LEGEND,
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
