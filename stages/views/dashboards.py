"""Supervisors' screens (SPEC §3.9): the township task list and the lagging villages.

Both answer for the user's township's current round, or for ``?round=<pk>`` (a
round inside the user's scope; county officials arrive with it from the county
dashboard). Out-of-scope rounds answer 404, roles that do not read the
timetable 403.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exports import xlsx_response

from .. import dashboards, selectors
from ..choices import CellState, TaskStatus
from ..dashboards import MAX_DUE_WITHIN_DAYS, TaskFilters
from ..models import ElectionRound
from .common import page_querystring, require_reader

# Print views and exports list every filtered task; beyond this the page asks
# the user to narrow the filters instead of printing hundreds of pages.
PRINT_LIMIT = 2000
EXPORT_LIMIT = 20000


def _round_for(request) -> ElectionRound | None:
    """Return ``?round=`` (404 outside the scope) or the user's township's round."""
    raw = request.GET.get("round", "")
    if raw:
        pk = raw if raw.isdigit() else 0
        return get_object_or_404(
            ElectionRound.objects.visible_to(request.user).select_related(
                "township", "rule_set"
            ),
            pk=pk,
        )
    if request.user.township_id:
        return selectors.current_round(request.user.township_id)
    return None


def _int(request, name: str, label: str, errors: list[str]) -> int | None:
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return None
    if raw.isdigit():
        return int(raw)
    errors.append(
        _("“%(value)s” is not a valid %(label)s; that filter was ignored.")
        % {"value": raw[:30], "label": label}
    )
    return None


def parse_filters(request) -> TaskFilters:
    """Read the task-list filters from the query string; bad values are reported, not fatal."""
    errors: list[str] = []
    status = request.GET.get("status", "")
    if status and status not in {"open", *TaskStatus.values}:
        errors.append(
            _("Unknown status “%(value)s”; that filter was ignored.")
            % {"value": status[:30]}
        )
        status = ""
    due_within = _int(request, "due_within", _("number of days"), errors)
    if due_within is not None and due_within > MAX_DUE_WITHIN_DAYS:
        errors.append(
            _("“Due within” is at most %(max)s days; %(max)s days are shown.")
            % {"max": MAX_DUE_WITHIN_DAYS}
        )
        due_within = MAX_DUE_WITHIN_DAYS
    return TaskFilters(
        stage=_int(request, "stage", _("stage"), errors),
        status=status,
        group=_int(request, "group", _("guidance group"), errors),
        village=_int(request, "village", _("village"), errors),
        owner=_int(request, "owner", _("owner"), errors),
        overdue=request.GET.get("overdue") in {"1", "on", "true"},
        due_within=due_within,
        q=(request.GET.get("q") or "").strip()[:50],
        errors=errors,
    )


def _no_round(request):
    rounds = list(selectors.rounds_visible(user=request.user)[:200])
    return render(request, "stages/task_list_pick.html", {"rounds": rounds})


def task_list(request):
    """List the township's tasks with filters; ``?format=xlsx`` exports, ``print`` prints."""
    require_reader(request)
    round = _round_for(request)
    if round is None:
        return _no_round(request)
    today = timezone.localdate()
    filters = parse_filters(request)
    tasks = dashboards.township_tasks(
        round=round, user=request.user, filters=filters, today=today
    )
    fmt = request.GET.get("format", "")
    if fmt == "xlsx":
        return _export(round, tasks, today)
    printing = fmt == "print"
    if printing:
        rows = list(tasks[: PRINT_LIMIT + 1])
        truncated = len(rows) > PRINT_LIMIT
        rows = rows[:PRINT_LIMIT]
        page_obj = None
    else:
        from django.core.paginator import Paginator

        page_obj = Paginator(tasks, dashboards.TASK_PAGE_SIZE).get_page(
            request.GET.get("page", 1)
        )
        rows = list(page_obj.object_list)
        truncated = False
    guidance = dashboards.guidance_for_tasks(rows)
    for task in rows:
        task.today = today
        task.guidance = guidance.get(task.village_id)
    params = page_querystring(request)
    context = {
        "round": round,
        "tasks": rows,
        "filters": filters,
        "choices": dashboards.filter_choices(round=round, user=request.user),
        "statuses": [("open", _("open (not done)")), *TaskStatus.choices],
        "today": today,
        "truncated": truncated,
        "print_limit": PRINT_LIMIT,
        "querystring": params,
        "page_obj": page_obj,
        "paginator": page_obj.paginator if page_obj else None,
        "is_paginated": bool(page_obj and page_obj.paginator.num_pages > 1),
        "count": page_obj.paginator.count if page_obj else len(rows),
        "overdue_label": str(CellState.OVERDUE.label),
    }
    template = "stages/task_list_print.html" if printing else "stages/task_list.html"
    return render(request, template, context)


def _export(round, tasks, today):
    rows = list(tasks[:EXPORT_LIMIT])
    guidance = dashboards.guidance_for_tasks(rows)
    headers = [
        _("Village"),
        _("Guidance group"),
        _("Group leader"),
        _("Stage"),
        _("Task"),
        _("Due date"),
        _("Status"),
        _("Days overdue"),
        _("Owner"),
        _("Completed on"),
        _("Note"),
    ]

    def lines():
        for task in rows:
            found = guidance.get(task.village_id)
            overdue = task.is_overdue(today)
            yield [
                task.village.name,
                found.group.name if found else "",
                found.leader_name if found else "",
                task.stage.name,
                task.title,
                task.due_date,
                task.status_label(today),
                (today - task.due_date).days if overdue else "",
                task.owner.display_name if task.owner else "",
                task.completed_on,
                task.note,
            ]

    filename = _("%(township)s task list %(date)s.xlsx") % {
        "township": round.township.name,
        "date": today.strftime("%Y%m%d"),
    }
    return xlsx_response(filename, [(_("Tasks"), headers, lines())])


def lagging(request):
    """Rank the villages of the round from most to least behind, with links."""
    require_reader(request)
    round = _round_for(request)
    if round is None:
        return _no_round(request)
    today = timezone.localdate()
    data = dashboards.lagging_villages(
        round=round, user=request.user, today=today, page=request.GET.get("page", 1)
    )
    return render(
        request,
        "stages/lagging.html",
        {
            "round": round,
            "lag": data,
            "today": today,
            "page_obj": data.page_obj,
            "paginator": data.page_obj.paginator,
            "is_paginated": data.page_obj.paginator.num_pages > 1,
            "querystring": page_querystring(request),
            "overdue_url": dashboards.task_list_url(round, overdue=1),
        },
    )
