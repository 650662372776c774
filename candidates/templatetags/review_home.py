"""The reviewer's first screen (SPEC §3.9): their department's queue with deadlines."""

from dataclasses import dataclass, field
from datetime import timedelta

from django import template
from django.db.models import Count, Q
from django.utils import timezone

from core.roles import Role
from core.scope import get_scope

from ..choices import ReviewItemStatus
from ..models import ReviewItem

register = template.Library()

QUEUE_ROWS = 8
DUE_SOON_DAYS = 3


@dataclass
class ReviewQueue:
    """Counts of a reviewer's items and the pending ones with the nearest deadlines."""

    pending: int = 0
    overdue: int = 0
    due_soon: int = 0
    signed: int = 0
    items: list = field(default_factory=list)


@register.simple_tag(takes_context=True)
def review_queue(context):
    """Return the reviewer's queue (2 queries), or None for other roles."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if not get_scope(user).has(Role.REVIEWER):
        return None
    today = timezone.localdate()
    items = ReviewItem.objects.for_reviewer(user)
    pending = Q(status=ReviewItemStatus.PENDING)
    counts = items.aggregate(
        pending=Count("id", filter=pending),
        overdue=Count("id", filter=pending & Q(due_date__lt=today)),
        due_soon=Count(
            "id",
            filter=pending
            & Q(
                due_date__gte=today, due_date__lte=today + timedelta(days=DUE_SOON_DAYS)
            ),
        ),
        signed=Count("id", filter=Q(status=ReviewItemStatus.SIGNED)),
    )
    queue = ReviewQueue(**{k: v or 0 for k, v in counts.items()})
    if queue.pending:
        queue.items = list(
            items.filter(pending)
            .select_related("nomination__person", "nomination__village", "department")
            .order_by("due_date", "nomination__village__code", "pk")[:QUEUE_ROWS]
        )
        for item in queue.items:
            item.days_left = (item.due_date - today).days
            item.days_late = -item.days_left
    return queue
