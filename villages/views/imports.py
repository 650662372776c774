"""Views of the roster import: upload, template, preview with progress, confirm.

Only the organisation office imports. Small files are checked and written in
the request; larger ones by a Celery worker while the page polls the job's
progress. The job lives in the database, so the page survives a reload.
"""

from __future__ import annotations

import datetime
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.exports import XLSX_CONTENT_TYPE
from core.scope import get_scope

from .. import selectors, services
from ..choices import IMPORT_FINISHED, ImportStatus
from ..forms import ImportUploadForm
from ..importing import reader
from ..importing.columns import COLUMNS
from ..importing.template import build_template
from ..models import ImportJob, Village

ROW_STATUSES = ("new", "updated", "unchanged", "error")
# How long a job waits for the worker before the page checks the service.
WAIT_BEFORE_HEALTH = datetime.timedelta(seconds=20)


def _require_office(request) -> None:
    if not get_scope(request.user).can_manage:
        raise PermissionDenied


def _job(request, pk) -> ImportJob:
    _require_office(request)
    return get_object_or_404(selectors.import_jobs(user=request.user), pk=pk)


def import_start(request):
    """Upload a roster spreadsheet; list the recent imports of the township."""
    _require_office(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create(
                upload=form.cleaned_data["file"], user=request.user
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            services.run_preview(job)
            return redirect(job)
    context = {
        "form": form,
        "jobs": selectors.import_jobs(user=request.user)[:15],
        "columns": COLUMNS,
        "max_size": filesizeformat(reader.max_bytes()),
        "max_rows": reader.max_rows(),
        "max_sheets": reader.max_sheets(),
        "sync_limit": filesizeformat(services.roster.sync_limit()),
    }
    return render(request, "villages/roster/import_start.html", context)


@require_GET
def import_template(request):
    """Download the .xlsx template: Chinese headers, example row, drop-down lists."""
    _require_office(request)
    villages = Village.objects.visible_to(request.user).order_by(
        "township__code", "code"
    )
    data = build_template([v.name for v in villages])
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''" + quote(
        _("roster import template") + ".xlsx"
    )
    return response


def background_down(job: ImportJob) -> bool:
    """Return whether a job waits on a background service that is not working.

    Asked only while a job has waited for the worker a while; it reuses the
    checks of /healthz (broker reachable, worker heartbeat not stale).
    """
    if job.status not in (ImportStatus.QUEUED, ImportStatus.CONFIRMED):
        return False
    if job.queued_at is None or job.queued_at > timezone.now() - WAIT_BEFORE_HEALTH:
        return False
    from core.health import broker
    from notifications.health import reminder_health
    from notifications.models import Notification

    if not broker()[1]:
        return True
    health = reminder_health(notifications=Notification.objects.none())
    return health.worker_silent or health.worker_never_seen


def import_job(request, pk):
    """Show a job: progress while it runs, then the preview or the outcome."""
    job = services.import_job_recover(job=_job(request, pk))
    status_filter = request.GET.get("status", "")
    rows = job.rows
    if status_filter in ROW_STATUSES:
        rows = [row for row in rows if row.get("status") == status_filter]
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    error_page = Paginator(job.errors, 200).get_page(request.GET.get("errors_page"))
    context = {
        "job": job,
        "page_obj": page,
        "error_page": error_page,
        "status_filter": status_filter,
        "finished": job.status in IMPORT_FINISHED,
        "can_confirm": job.status == ImportStatus.PREVIEWED,
        "status_url": reverse("villages:import_job_status", args=[job.pk]),
        "can_download_marked": job.status == ImportStatus.INVALID
        and bool(job.file)
        and any((error.get("row") or 0) > 0 for error in job.errors),
        "background_down": background_down(job),
    }
    return render(request, "villages/roster/import_job.html", context)


@require_GET
def import_job_status(request, pk):
    """Answer the page's polling: status and progress of a job (JSON)."""
    job = services.import_job_recover(job=_job(request, pk))
    return JsonResponse(job.poll_state(), json_dumps_params={"ensure_ascii": False})


@require_POST
def import_confirm(request, pk):
    """Confirm a previewed import; a second confirm of the same job does nothing."""
    job = _job(request, pk)
    if not services.import_job_confirm(job=job, user=request.user):
        messages.info(
            request,
            _("This import was already confirmed; it is not run a second time."),
        )
        return redirect(job)
    services.run_apply(job)
    job.refresh_from_db()
    if job.status == ImportStatus.DONE:
        messages.success(
            request,
            _(
                "Imported: %(created)d new, %(updated)d updated, %(unchanged)d unchanged."
            )
            % {
                "created": job.created_count,
                "updated": job.updated_count,
                "unchanged": job.unchanged_count,
            },
        )
    elif job.status == ImportStatus.INVALID:
        messages.error(
            request,
            _(
                "The roster changed since the preview and the file now has errors; nothing was written."
            ),
        )
    return redirect(job)


@require_POST
def import_retry(request, pk):
    """Run a stranded or crashed job again; anything else is left as it is."""
    job = _job(request, pk)
    if services.import_job_retry(job=job, user=request.user):
        messages.success(request, _("The import is being run again."))
    else:
        messages.info(request, _("This import cannot be retried."))
    return redirect(job)


@require_GET
def import_marked_workbook(request, pk):
    """Download the uploaded workbook with its error cells filled and commented."""
    job = _job(request, pk)
    if job.status != ImportStatus.INVALID or not job.file:
        raise Http404
    from ..importing import detect_format
    from ..importing.marked import build_marked_workbook

    path = job.file.path
    data = build_marked_workbook(
        path, detect_format(path, job.original_name), job.errors
    )
    if data is None:
        raise Http404
    stem = job.original_name.rsplit(".", 1)[0]
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''" + quote(
        _("%(name)s (errors marked)") % {"name": stem} + ".xlsx"
    )
    response["Cache-Control"] = "no-store"
    return response
