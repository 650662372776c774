"""Pages of inspection notes: list, write, read (with history), follow up, close.

Reads follow the village scope (a guide sees the notes of their villages; any
other note answers 404). Only the supervision group and the office write;
everyone else who reads gets 403 on a write.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from core.audit import history_entries
from core.scope import get_scope
from stages.selectors import current_round
from stages.views.common import READERS, page_querystring
from villages.models import Village

from . import selectors, services
from .forms import CloseForm, FollowUpForm, NoteForm
from .models import InspectionNote

STATES = ("open", "overdue", "due_soon", "closed", "all")
PAGE_SIZE = 25


def _require_reader(request) -> None:
    if not get_scope(request.user).has(*READERS):
        raise PermissionDenied


def _note_or_404(request, pk: int) -> InspectionNote:
    return get_object_or_404(
        selectors.notes_visible(user=request.user).select_related("village__township"),
        pk=pk,
    )


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def note_list(request):
    """List the notes the user may read: open first, by deadline; filters and search."""
    _require_reader(request)
    today = timezone.localdate()
    state = request.GET.get("state", "open")
    if state not in STATES:
        state = "open"
    notes = selectors.filter_notes(
        selectors.notes_visible(user=request.user), state=state, today=today
    )
    village = None
    raw_village = request.GET.get("village", "")
    if raw_village.isdigit():
        village = get_object_or_404(
            Village.objects.visible_to(request.user), pk=raw_village
        )
        notes = notes.filter(village=village)
    q = (request.GET.get("q") or "").strip()[:50]
    if q:
        notes = notes.filter(
            Q(finding__icontains=q)
            | Q(requirement__icontains=q)
            | Q(village__name__icontains=q)
        )
    page_obj = Paginator(notes, PAGE_SIZE).get_page(request.GET.get("page", 1))
    rows = list(page_obj.object_list)
    return render(
        request,
        "supervision/note_list.html",
        {
            "notes": rows,
            "state": state,
            "states": [
                ("open", pgettext("inspection note", "Open")),
                ("overdue", _("Rectification overdue")),
                ("due_soon", _("Due within 3 days")),
                ("closed", pgettext("inspection note", "Closed")),
                ("all", _("All")),
            ],
            "village": village,
            "q": q,
            "today": today,
            "page_obj": page_obj,
            "paginator": page_obj.paginator,
            "is_paginated": page_obj.paginator.num_pages > 1,
            "querystring": page_querystring(request),
            "summary": selectors.note_summary(user=request.user, today=today, limit=0),
        },
    )


def _village_tasks(village):
    round = current_round(village.township_id)
    if round is None:
        return None, village.tasks.none()
    return round, village.tasks.filter(round=round).select_related("stage").order_by(
        "stage__order", "due_date", "pk"
    )


def note_create(request):
    """Write a note on the village ``?village=`` (optionally ``?task=`` preselected)."""
    _require_reader(request)
    raw = request.GET.get("village", "")
    village = get_object_or_404(
        Village.objects.visible_to(request.user).select_related("township"),
        pk=raw if raw.isdigit() else 0,
    )
    if not services.can_write(request.user, village):
        raise PermissionDenied
    round, tasks = _village_tasks(village)
    initial = {"deadline": timezone.localdate() + timezone.timedelta(days=7)}
    raw_task = request.GET.get("task", "")
    if raw_task.isdigit():
        initial["task"] = tasks.filter(pk=raw_task).first()
    form = NoteForm(request.POST or None, tasks=tasks, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            note = services.note_create(
                village=village,
                task=data.get("task"),
                subject=data.get("subject") or "",
                finding=data["finding"],
                requirement=data["requirement"],
                deadline=data["deadline"],
                round=round,
                by=request.user,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Inspection note on %(village)s recorded; the guidance group is reminded of the deadline."
                )
                % {"village": village.name},
            )
            return redirect(note)
    return render(
        request,
        "supervision/note_form.html",
        {"form": form, "village": village, "note": None},
    )


def note_edit(request, pk: int):
    """Amend an open note."""
    _require_reader(request)
    note = _note_or_404(request, pk)
    if not services.can_write(request.user, note.village):
        raise PermissionDenied
    _round, tasks = _village_tasks(note.village)
    if note.task_id:
        tasks = tasks | note.village.tasks.filter(pk=note.task_id)
    form = NoteForm(request.POST or None, instance=note, tasks=tasks)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.note_update(
                note=note,
                task=data.get("task"),
                subject=data.get("subject") or "",
                finding=data["finding"],
                requirement=data["requirement"],
                deadline=data["deadline"],
                by=request.user,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Inspection note saved."))
            return redirect(note)
    return render(
        request,
        "supervision/note_form.html",
        {"form": form, "village": note.village, "note": note},
    )


def note_detail(request, pk: int):
    """Show a note with its follow-up record, actions and change history."""
    _require_reader(request)
    note = _note_or_404(request, pk)
    return render(
        request,
        "supervision/note_detail.html",
        {
            "note": note,
            "can_write": services.can_write(request.user, note.village),
            "follow_form": FollowUpForm(),
            "close_form": CloseForm(),
            "history": history_entries(note),
            "today": timezone.localdate(),
        },
    )


def _action(request, pk: int, run, done_message: str):
    _require_reader(request)
    note = _note_or_404(request, pk)
    if not services.can_write(request.user, note.village):
        raise PermissionDenied
    try:
        run(note)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done_message)
    return redirect(note)


@require_POST
def note_follow_up(request, pk: int):
    """Add a line to the follow-up record."""
    form = FollowUpForm(request.POST)
    text = form.data.get("text", "")[:1000]
    return _action(
        request,
        pk,
        lambda note: services.note_follow_up(note=note, text=text, by=request.user),
        _("Follow-up recorded."),
    )


@require_POST
def note_close(request, pk: int):
    """Close the note (confirmed in the page)."""
    conclusion = (request.POST.get("conclusion") or "")[:1000]
    return _action(
        request,
        pk,
        lambda note: services.note_close(
            note=note, conclusion=conclusion, by=request.user
        ),
        _("Inspection note closed."),
    )


@require_POST
def note_reopen(request, pk: int):
    """Reopen a closed note (confirmed in the page)."""
    return _action(
        request,
        pk,
        lambda note: services.note_reopen(note=note, by=request.user),
        _("Inspection note reopened."),
    )
