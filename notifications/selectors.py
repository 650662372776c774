"""Reads of the notifications app: the inbox, counts, and the health figures."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Notification


def unread_count(*, user) -> int:
    """Return how many delivered in-app notifications the user has not read yet."""
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.visible_to(user).unread().count()


def inbox(*, user, unread_only: bool = False, q: str = "") -> QuerySet:
    """Return the user's in-app notifications, newest first."""
    queryset = (
        Notification.objects.visible_to(user)
        .inbox()
        .only(
            "pk",
            "title",
            "body",
            "url",
            "kind",
            "day",
            "created_at",
            "read_at",
            "recipient_id",
        )
    )
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    if q:
        queryset = queryset.filter(title__icontains=q)
    return queryset.order_by("-created_at", "-pk")


def outbox_problems(*, user) -> QuerySet:
    """Return the outbox rows of the user's township(s) that failed or still wait."""
    from .choices import OutboxStatus

    return (
        Notification.objects.in_township_of(user)
        .exclude(status=OutboxStatus.DELIVERED)
        .select_related("recipient")
        .only(
            "pk",
            "title",
            "kind",
            "day",
            "status",
            "attempts",
            "last_error",
            "created_at",
            "retry_at",
            "recipient__username",
            "recipient__full_name",
        )
        .order_by("-created_at", "-pk")
    )
