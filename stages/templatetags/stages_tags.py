"""Template tags of the stages app: progress for the shared home and village pages."""

from django import template
from django.utils import timezone

from core.roles import Role
from core.scope import get_scope

from .. import dashboards, mapcells, selectors
from ..choices import CELL_COLOURS

register = template.Library()


@register.simple_tag(takes_context=True)
def home_round_progress(context):
    """Return the progress of the user's township's current round, or None."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.township_id:
        return None
    if not get_scope(user).has("office", "leader", "inspector", "county", "guide"):
        return None
    round = selectors.current_round(user.township_id)
    if round is None:
        return None
    return selectors.round_progress(round=round, user=user, today=timezone.localdate())


# Roles whose first screen ranks the villages that are behind (SPEC §3.9).
LAGGING_ROLES = (Role.OFFICE, Role.LEADER, Role.INSPECTOR, Role.GUIDE)
HOME_LAGGING_ROWS = 8


@register.simple_tag(takes_context=True)
def home_lagging(context):
    """Return the most lagging villages of the user's township's round, or None."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.township_id:
        return None
    if not get_scope(user).has(*LAGGING_ROLES):
        return None
    round = selectors.current_round(user.township_id)
    if round is None:
        return None
    data = dashboards.lagging_villages(
        round=round, user=user, today=timezone.localdate(), per_page=HOME_LAGGING_ROWS
    )
    data.overdue_url = dashboards.task_list_url(round, overdue=1)
    data.due_soon_url = dashboards.task_list_url(round, due_within=3)
    return data


@register.simple_tag(takes_context=True)
def home_county(context):
    """Return the townships side by side for a county official without a township."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.township_id:
        return None
    if not get_scope(user).has(Role.COUNTY):
        return None
    return dashboards.county_overview(user=user, today=timezone.localdate())


@register.simple_tag
def task_list_url(round, **filters):
    """Return the task list's URL for a round with filters."""
    return dashboards.task_list_url(round, **filters)


@register.simple_tag(takes_context=True)
def village_round_progress(context, village):
    """Return the current round's progress of one village, or None."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if village is None or user is None or not user.is_authenticated:
        return None
    round = selectors.current_round(village.township_id)
    if round is None:
        return None
    return selectors.round_progress(
        round=round, user=user, today=timezone.localdate(), village=village
    )


@register.filter
def state_colour(state: str) -> str:
    """Return the Bootstrap colour of a cell or task state."""
    return CELL_COLOURS.get(state, "secondary")


@register.simple_tag
def task_cell(task):
    """Render a task's cell in the stage view."""
    return selectors.task_cell(task)


@register.filter
def map_cell(cell):
    """Render a battle-map cell coloured by progress with the overdue marker."""
    return mapcells.cell_html(cell)


@register.simple_tag
def cells_sum(cells):
    """Return done, total, percent and overdue of a row of cells (the totals row)."""
    done = sum(c.done for c in cells)
    total = sum(c.total for c in cells)
    return {
        "done": done,
        "total": total,
        "percent": mapcells.percent(done, total),
        "overdue": sum(c.overdue for c in cells),
    }


@register.simple_tag
def progress_percent(done, total):
    """Return done/total as a percentage that shows 100 only when all is done."""
    return mapcells.percent(done, total)
