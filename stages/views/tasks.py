"""A village's timeline, task pages, evidence, “my tasks” and the printable sheets."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import pending_uploads
from core.audit import history_entries
from core.concurrency import save_versioned
from core.scope import get_scope
from core.uploads import serve_file

from .. import selectors, services
from ..choices import Anchor, TaskStatus
from ..forms import TaskProgressForm
from ..models import TaskEvidence, VillageTask
from ..services import statutory_limit
from .common import (
    page_querystring,
    require_reader,
    stage_or_404,
    visible_round,
    visible_village,
)


def _timeline_context(request, round, village, stage=None):
    today = timezone.localdate()
    election = selectors.village_election(round=round, village=village)
    return {
        "round": round,
        "village": village,
        "stage": stage,
        "stages": selectors._stages(),
        "groups": selectors.village_timeline(round=round, village=village, stage=stage),
        "election": election,
        "today": today,
        "can_edit": get_scope(request.user).can_edit_village(village),
        "can_manage": get_scope(request.user).can_manage,
        "fallback_years": selectors.fallback_years_for(
            round, [election] if election else []
        ),
    }


def village_timeline(request, pk: int, village_pk: int):
    """Show a village's timetable: every task by stage with deadline and status."""
    require_reader(request)
    round = visible_round(request, pk)
    village = visible_village(request, round, village_pk)
    return render(
        request,
        "stages/village_timeline.html",
        _timeline_context(request, round, village),
    )


def village_stage(request, pk: int, village_pk: int, stage_pk: int):
    """Show one stage of a village (the battle map's click-through)."""
    require_reader(request)
    round = visible_round(request, pk)
    village = visible_village(request, round, village_pk)
    stage = stage_or_404(stage_pk)
    return render(
        request,
        "stages/village_timeline.html",
        _timeline_context(request, round, village, stage),
    )


def village_print(request, pk: int, village_pk: int):
    """Print a village's 任务表 (A4)."""
    require_reader(request)
    round = visible_round(request, pk)
    village = visible_village(request, round, village_pk)
    return render(
        request, "stages/print_village.html", _timeline_context(request, round, village)
    )


def _task_or_404(request, pk: int) -> VillageTask:
    return get_object_or_404(
        VillageTask.objects.visible_to(request.user).select_related(
            "round",
            "round__rule_set",
            "village",
            "village__township",
            "stage",
            "template",
            "owner",
            "completed_by",
        ),
        pk=pk,
    )


def task_detail(request, pk: int):
    """Show a task with its 提示单, prerequisites, evidence and progress form."""
    require_reader(request)
    task = _task_or_404(request, pk)
    can_edit = get_scope(request.user).can_edit_village(task.village)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = TaskProgressForm(request.POST, request.FILES, versioned=task)
        evidence_file = None

        def record():
            # Inside the locked transaction: start from the row as stored now.
            task.refresh_from_db(
                fields=["status", "completed_on", "note", "late_reason"]
            )
            return services.task_progress_record(
                task=task,
                status=form.cleaned_data["status"],
                # A date typed before switching the status back is not an error.
                completed_on=(
                    form.cleaned_data["completed_on"]
                    if form.cleaned_data["status"] == TaskStatus.DONE
                    else None
                ),
                note=form.cleaned_data["note"],
                late_reason=form.cleaned_data["late_reason"],
                evidence_file=evidence_file,
                by=request.user,
            )

        if form.is_valid():
            # A file chosen now, or the one kept from a submission that had an error.
            evidence_file = form.cleaned_data.get("evidence") or pending_uploads.claim(
                form.cleaned_data.get("evidence_token", ""), user=request.user
            )
            try:
                saved = save_versioned(form, record)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                if saved is not None:
                    pending_uploads.discard(evidence_file)
                    messages.success(
                        request,
                        _("Progress of “%(title)s” saved.") % {"title": task.title},
                    )
                    return redirect(task.get_absolute_url())
        _keep_chosen_file(request, form, evidence_file)
    else:
        form = TaskProgressForm(
            versioned=task,
            initial={
                "status": task.status,
                "completed_on": task.completed_on or timezone.localdate(),
                "note": task.note,
            },
        )
    limit = statutory_limit(task)
    return render(
        request,
        "stages/task_detail.html",
        {
            "task": task,
            "form": form,
            "kept_file_name": pending_uploads.name_of(
                form["evidence_token"].value() or "", user=request.user
            ),
            "can_edit": can_edit,
            "prerequisites": selectors.task_prerequisites(task),
            "evidence": list(task.evidence.select_related("uploaded_by")),
            "statutory_limit": limit[0] if limit else None,
            "history": history_entries(task),
            "today": timezone.localdate(),
            "anchor_label": Anchor(task.template.anchor).label,
        },
    )


def _keep_chosen_file(request, form, evidence_file) -> None:
    """After a form error, keep a valid chosen file on the server for the next try.

    The browser does not send a file again; the re-shown form carries a signed
    token to the stored copy and names the file (core.pending_uploads).
    """
    if evidence_file is None and "evidence" not in form.errors:
        uploaded = request.FILES.get("evidence")
        if uploaded is not None and "evidence" in getattr(form, "cleaned_data", {}):
            evidence_file = uploaded
    if evidence_file is None or getattr(evidence_file, "pending_path", ""):
        # Nothing valid chosen, or it is already kept (the token stays in the form).
        return
    data = form.data.copy()
    data["evidence_token"] = pending_uploads.stash(evidence_file, user=request.user)
    form.data = data


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def task_sheet(request, pk: int):
    """Print the 提示单 of a task (A4)."""
    require_reader(request)
    task = _task_or_404(request, pk)
    limit = statutory_limit(task)
    return render(
        request,
        "stages/print_sheet.html",
        {
            "task": task,
            "prerequisites": selectors.task_prerequisites(task),
            "statutory_limit": limit[0] if limit else None,
        },
    )


def evidence_download(request, pk: int):
    """Serve an evidence file to a user who may see its village."""
    require_reader(request)
    evidence = get_object_or_404(
        TaskEvidence.objects.visible_to(request.user).select_related("task"), pk=pk
    )
    return serve_file(evidence.file, download_name=evidence.original_name)


@require_POST
def evidence_delete(request, pk: int):
    """Remove an evidence file (confirmed in the page with data-confirm)."""
    require_reader(request)
    evidence = get_object_or_404(
        TaskEvidence.objects.visible_to(request.user).select_related(
            "task__village", "task__round"
        ),
        pk=pk,
    )
    task = evidence.task
    if not get_scope(request.user).can_edit_village(task.village):
        raise PermissionDenied
    try:
        services.evidence_delete(evidence=evidence, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Evidence file “%(name)s” removed.") % {"name": evidence.original_name},
        )
    return redirect(task.get_absolute_url())


MY_TASK_FILTERS = (("open", "open"), ("overdue", "overdue"), ("all", "all"))


def my_tasks(request):
    """List the tasks the user owns, earliest deadline first."""
    require_reader(request)
    show = request.GET.get("show", "open")
    if show not in {"open", "overdue", "all"}:
        show = "open"
    today = timezone.localdate()
    tasks = selectors.my_tasks(user=request.user, show=show, today=today)
    q = (request.GET.get("q") or "").strip()
    if q:
        tasks = tasks.filter(Q(title__icontains=q) | Q(village__name__icontains=q))
    page_obj = Paginator(tasks, 25).get_page(request.GET.get("page", 1))
    return render(
        request,
        "stages/my_tasks.html",
        {
            "tasks": page_obj.object_list,
            "page_obj": page_obj,
            "paginator": page_obj.paginator,
            "is_paginated": page_obj.paginator.num_pages > 1,
            "querystring": page_querystring(request),
            "show": show,
            "q": q,
            "today": today,
        },
    )
