"""Panels of inspection notes on the shared home and village pages."""

from django import template
from django.utils import timezone

from core.roles import Role
from core.scope import get_scope

from .. import selectors, services

register = template.Library()

# Roles whose first screen lists the open inspection notes.
HOME_ROLES = (Role.OFFICE, Role.LEADER, Role.INSPECTOR, Role.GUIDE)


def _user(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return user


@register.simple_tag(takes_context=True)
def home_notes(context):
    """Return the note summary for the home page, or None for other roles."""
    user = _user(context)
    if user is None or not user.township_id or not get_scope(user).has(*HOME_ROLES):
        return None
    summary = selectors.note_summary(user=user, today=timezone.localdate())
    summary.can_write = get_scope(user).has(*services.WRITERS)
    return summary


@register.simple_tag(takes_context=True)
def village_notes(context, village):
    """Return a village's note summary and whether the user may write one."""
    user = _user(context)
    if user is None or village is None:
        return None
    from stages.views.common import READERS

    if not get_scope(user).has(*READERS):
        return None
    summary = selectors.note_summary(
        user=user, today=timezone.localdate(), village=village, limit=10
    )
    summary.can_write = services.can_write(user, village)
    return summary
