"""Recommendation meetings (两推): record, correct, read, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.audit import history_entries
from core.scope import get_scope

from .. import selectors, services
from ..forms import MeetingForm, apply_errors
from .common import (
    can_edit,
    editable_meeting,
    editable_village,
    require_reader,
    visible_meeting,
)


def meeting_list(request):
    """List the recommendation meetings in the user's scope."""
    require_reader(request)
    q = (request.GET.get("q") or "").strip()
    queryset = selectors.meeting_list(
        user=request.user, q=q, village_id=request.GET.get("village", "")
    )
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "elections/meeting_list.html",
        {
            "page_obj": page,
            "meetings": page.object_list,
            "is_paginated": page.has_other_pages(),
            "querystring": params.urlencode(),
            "q": q,
        },
    )


def _save(request, form, village, meeting=None):
    votes = form.votes()
    if form.errors:
        return None
    data = form.cleaned_data
    try:
        return services.meeting_record(
            village=village,
            kind=data["kind"],
            body=data["body"],
            held_on=data["held_on"],
            seats=data["seats"],
            shortlist=data["shortlist"],
            entitled=data["entitled"],
            present=data["present"],
            votes=votes,
            notes=data["notes"],
            by=request.user,
            meeting=meeting,
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return None


def meeting_create(request, village_pk):
    """Record a 党员推荐大会 or 村民代表会议推荐 of a village."""
    village = editable_village(request, village_pk)
    form = MeetingForm(request.POST or None, village=village)
    if request.method == "POST" and form.is_valid():
        meeting = _save(request, form, village)
        if meeting is not None:
            messages.success(
                request,
                _("Meeting recorded: %(verdict)s") % {"verdict": _verdict(meeting)},
            )
            return redirect(meeting)
    return render(
        request,
        "elections/meeting_form.html",
        {
            "form": form,
            "village": village,
            "title": _("Record a recommendation meeting"),
        },
    )


def meeting_edit(request, pk):
    """Correct a meeting's numbers before its recommendations are confirmed."""
    meeting = editable_meeting(request, pk)
    votes = list(meeting.votes.order_by("-votes", "pk"))
    initial = {
        "kind": meeting.kind,
        "body": meeting.body,
        "held_on": meeting.held_on,
        "seats": meeting.seats,
        "shortlist": meeting.shortlist,
        "entitled": meeting.entitled,
        "present": meeting.present,
        "notes": meeting.notes,
    }
    form = MeetingForm(
        request.POST or None,
        village=meeting.village,
        initial=initial,
        initial_votes=votes,
        rows=len(votes) + 3,
    )
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, meeting.village, meeting=meeting)
        if saved is not None:
            messages.success(
                request,
                _("Meeting corrected: %(verdict)s") % {"verdict": _verdict(saved)},
            )
            return redirect(saved)
    return render(
        request,
        "elections/meeting_form.html",
        {
            "form": form,
            "village": meeting.village,
            "meeting": meeting,
            "title": _("Correct the meeting"),
        },
    )


def _verdict(meeting) -> str:
    return _("valid") if meeting.valid else _("invalid")


def meeting_detail(request, pk):
    """Show a meeting's numbers, which rule decided what, and the legal basis."""
    meeting = visible_meeting(request, pk)
    page = selectors.meeting_page(meeting)
    return render(
        request,
        "elections/meeting_detail.html",
        {
            "meeting": meeting,
            "page": page,
            "can_edit": can_edit(request, meeting.village) and not meeting.confirmed_at,
            "history": history_entries(meeting),
            "scope": get_scope(request.user),
        },
    )


@require_POST
def meeting_confirm(request, pk):
    """Turn the recommended people into preliminary nominations."""
    meeting = editable_meeting(request, pk)
    try:
        nominations = services.meeting_confirm(meeting=meeting, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(count)s people recommended became preliminary nominees.")
            % {"count": len(nominations)},
        )
    return redirect(meeting)
