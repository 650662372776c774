"""Writes of the cadre roster: import jobs (upload, preview, confirm, apply).

A job moves queued → parsing → previewed (or invalid) → confirmed → importing
→ done (or invalid/failed). Each step starts with a conditional UPDATE on the
status, so a double click, a reloaded page, two workers or a retried Celery
task can never run a step twice.
"""

from __future__ import annotations

import hashlib
import logging
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import ImportStatus
from ..importing import ImportFileError, check_upload, import_roster_file
from ..models import ImportJob

logger = logging.getLogger(__name__)

JOB_CRASHED = "The import stopped because of an internal error; nothing was written. Try again or ask the administrator (details are in the server log)."
PREVIEW_ROWS_KEPT = 5000


def sync_limit() -> int:
    """Files up to this size are checked and written within the request."""
    return getattr(settings, "ROSTER_IMPORT_SYNC_MAX_BYTES", 200 * 1024)


@transaction.atomic
def import_job_create(*, upload, user) -> ImportJob:
    """Store an uploaded roster file as a new job; raise ValidationError for a bad file."""
    head = upload.read(512)
    upload.seek(0)
    try:
        check_upload(upload.name, upload.size, head)
    except ImportFileError as exc:
        raise ValidationError(exc.message, code="file") from exc
    digest = hashlib.sha256()
    content = b"".join(upload.chunks())
    digest.update(content)
    job = ImportJob(
        token=secrets.token_hex(16),
        township=user.township,
        created_by=user,
        original_name=upload.name[:200],
        size=upload.size,
        sha256=digest.hexdigest(),
        status=ImportStatus.QUEUED,
    )
    job.file.save(upload.name, ContentFile(content), save=False)
    job.full_clean()
    job.save()
    return job


def _claim(job: ImportJob, *, from_status: str, to_status: str, **extra) -> bool:
    """Move a job from one status to another; return False if someone else did."""
    claimed = ImportJob.objects.filter(pk=job.pk, status=from_status).update(
        status=to_status, **extra
    )
    if claimed:
        job.refresh_from_db()
    return bool(claimed)


def _progress_writer(job: ImportJob):
    def progress(done: int, total: int, phase: str) -> None:
        ImportJob.objects.filter(pk=job.pk).update(
            processed_rows=min(done, max(total, done)),
            total_rows=max(total, done),
            phase=phase,
        )

    return progress


def _store_report(job: ImportJob, report, *, written: bool) -> None:
    job.total_rows = report.rows
    job.processed_rows = report.rows
    job.created_count = report.created
    job.updated_count = report.updated
    job.unchanged_count = report.unchanged
    job.error_count = len(report.errors)
    job.errors = [error.as_dict() for error in report.errors[:2000]]
    job.warnings = report.warnings
    job.rows = report.row_plans[:PREVIEW_ROWS_KEPT]
    if report.errors:
        job.status = ImportStatus.INVALID
    elif written:
        job.status = ImportStatus.DONE
    else:
        job.status = ImportStatus.PREVIEWED


def _discard_file(job: ImportJob) -> None:
    # The spreadsheet holds personal data: keep it only while it may still be imported.
    if job.file:
        job.file.delete(save=False)


def import_job_preview(*, job: ImportJob) -> ImportJob:
    """Check the job's file (dry run) and store the preview. Safe to call twice."""
    if not _claim(
        job,
        from_status=ImportStatus.QUEUED,
        to_status=ImportStatus.PARSING,
        phase="reading",
    ):
        return job
    try:
        report = import_roster_file(
            job.file.path,
            name=job.original_name,
            township=job.township,
            user=job.created_by,
            dry_run=True,
            progress=_progress_writer(job),
        )
    except Exception:
        logger.exception("roster import preview of job %s crashed", job.pk)
        _fail(job)
        return job
    _store_report(job, report, written=False)
    job.previewed_at = timezone.now()
    job.phase = ""
    job.save()
    if job.status == ImportStatus.INVALID:
        _discard_file(job)
        job.save(update_fields=["file"])
    return job


def import_job_confirm(*, job: ImportJob, user) -> bool:
    """Confirm a previewed job; return False when it was already confirmed (or not ready)."""
    return _claim(
        job,
        from_status=ImportStatus.PREVIEWED,
        to_status=ImportStatus.CONFIRMED,
        confirmed_by=user,
        confirmed_at=timezone.now(),
    )


def import_job_apply(*, job: ImportJob) -> ImportJob:
    """Write a confirmed job, all rows or none. Safe to call twice."""
    if not _claim(
        job,
        from_status=ImportStatus.CONFIRMED,
        to_status=ImportStatus.IMPORTING,
        phase="reading",
    ):
        return job
    try:
        # The roster may have changed since the preview: everything is checked again.
        report = import_roster_file(
            job.file.path,
            name=job.original_name,
            township=job.township,
            user=job.confirmed_by or job.created_by,
            dry_run=False,
            progress=_progress_writer(job),
        )
    except Exception:
        logger.exception("roster import of job %s crashed", job.pk)
        _fail(job)
        return job
    _store_report(job, report, written=report.written)
    job.finished_at = timezone.now()
    job.phase = ""
    _discard_file(job)
    job.save()
    return job


def _fail(job: ImportJob) -> None:
    job.refresh_from_db()
    job.status = ImportStatus.FAILED
    job.failure = _(JOB_CRASHED)
    job.finished_at = timezone.now()
    job.phase = ""
    job.processed_rows = 0
    _discard_file(job)
    job.save()


def run_preview(job: ImportJob) -> None:
    """Check a job now (small file) or hand it to a Celery worker (large file)."""
    if job.size <= sync_limit():
        import_job_preview(job=job)
    else:
        _queue("preview", job)


def run_apply(job: ImportJob) -> None:
    """Write a confirmed job now (small file) or hand it to a Celery worker."""
    if job.size <= sync_limit():
        import_job_apply(job=job)
    else:
        _queue("apply", job)


def _queue(step: str, job: ImportJob) -> None:
    # The task is looked up by its Celery name: villages.tasks runs these
    # services, so the services do not import the tasks back (VillagesConfig.ready
    # registers them in every process).
    from celery import current_app

    task = current_app.tasks[
        "villages.roster_import_preview"
        if step == "preview"
        else "villages.roster_import_apply"
    ]

    def send():
        try:
            task.delay(job.pk)
        except Exception:  # broker down: the job waits, the page says so
            logger.exception("could not queue roster import %s of job %s", step, job.pk)

    transaction.on_commit(send)
