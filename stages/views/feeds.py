"""The private iCalendar feed of a user's task deadlines."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..ical import tasks_calendar
from ..models import CalendarFeed
from .common import require_reader


def calendar_settings(request):
    """Show the user's private feed address and how to subscribe."""
    require_reader(request)
    feed = services.calendar_feed_get_or_create(user=request.user)
    url = request.build_absolute_uri(reverse("stages:calendar_feed", args=[feed.token]))
    return render(
        request,
        "stages/calendar_settings.html",
        {
            "feed": feed,
            "feed_url": url,
            "count": selectors.feed_tasks(user=request.user).count(),
        },
    )


@require_POST
def calendar_revoke(request):
    """Revoke the feed address and issue a new one (confirmed with data-confirm)."""
    require_reader(request)
    services.calendar_feed_revoke(user=request.user)
    messages.success(
        request,
        _(
            "The old calendar address no longer works. Subscribe again with the new one."
        ),
    )
    return redirect("stages:calendar_settings")


@login_not_required
def calendar_feed(request, token: str):
    """Serve the iCalendar feed of the token's user; no login, the token is the key."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    user = feed.user
    body = tasks_calendar(
        selectors.feed_tasks(user=user),
        name=_("换届 deadlines of %(name)s") % {"name": user.display_name},
        base_url=request.build_absolute_uri("/").rstrip("/"),
        host=request.get_host().split(":")[0] or "localhost",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="tasks.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
