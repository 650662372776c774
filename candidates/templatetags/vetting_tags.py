"""Template tags for the vetting panels on shared pages (village, person)."""

from __future__ import annotations

from django import template
from django.db.models import Count, Q
from django.utils import timezone

from core.scope import get_scope

from ..choices import NominationStatus, ReviewItemStatus
from ..models import Nomination, ReviewItem
from ..views.vetting.common import READERS

register = template.Library()


@register.simple_tag(takes_context=True)
def vetting_village_summary(context, village):
    """Return counts by status and open review items of a village, or None if not for this user."""
    request = context.get("request")
    if request is None or village is None:
        return None
    scope = get_scope(request.user)
    if not scope.has(*READERS):
        return None
    nominations = Nomination.objects.visible_to(request.user).filter(village=village)
    counts = dict(nominations.order_by().values_list("status").annotate(n=Count("pk")))
    items = ReviewItem.objects.visible_to(request.user).filter(
        nomination__village=village,
        status=ReviewItemStatus.PENDING,
        nomination__status=NominationStatus.IN_REVIEW,
    )
    open_items = items.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(due_date__lt=timezone.localdate())),
    )
    return {
        "counts": [
            {"value": value, "label": label, "count": counts.get(value, 0)}
            for value, label in NominationStatus.choices
        ],
        "total": sum(counts.values()),
        "pending_items": open_items["total"],
        "overdue_items": open_items["overdue"],
        "can_manage": scope.can_manage,
    }


@register.simple_tag(takes_context=True)
def vetting_person_nominations(context, person):
    """Return the person's nominations the user may see (empty for others)."""
    request = context.get("request")
    if request is None or person is None or not get_scope(request.user).has(*READERS):
        return []
    return list(
        Nomination.objects.visible_to(request.user)
        .filter(person=person)
        .select_related("village", "round")
        .order_by("-round__start_date", "body")
    )
