"""Writes of the cadre roster: import jobs (upload, preview, confirm, apply).

A job moves queued → parsing → previewed (or invalid, or unchanged) →
confirmed → importing → done (or invalid/failed). Each step starts with a
conditional UPDATE on the status, so a double click, a reloaded page, two
workers or a retried Celery task can never run a step twice.

Jobs do not strand: a worker stamps ``heartbeat_at`` while it works; a job
whose heartbeat went stale (the worker was killed) or that the background
service never picked up (broker or worker down) is re-queued or failed with a
Chinese message by :func:`import_job_recover`, and a failed job whose file is
kept can be retried (:func:`import_job_retry`).
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..choices import ImportFailure, ImportKind, ImportStatus
from ..importing import ImportFileError, check_upload, import_roster_file
from ..models import ImportJob

logger = logging.getLogger(__name__)

JOB_CRASHED = gettext_lazy(
    "The import stopped because of an internal error; nothing was written. "
    "Try again or ask the administrator (details are in the server log)."
)
JOB_STALLED = gettext_lazy(
    "The background service stopped while working on this import (the process "
    "was ended); nothing was written. Click Retry to run it again."
)
JOB_NOT_PICKED_UP = gettext_lazy(
    "The background service did not take up this import for %(minutes)d minutes; "
    "it is probably not running. Nothing was written. Ask the administrator to "
    "start it, then click Retry."
)
PREVIEW_ROWS_KEPT = 5000
# A queued job not taken up within this time is handed over again, at most
# REQUEUE_LIMIT times, then failed with JOB_NOT_PICKED_UP.
REQUEUE_LIMIT = 3


def sync_limit() -> int:
    """Files up to this size are checked and written within the request."""
    return getattr(settings, "ROSTER_IMPORT_SYNC_MAX_BYTES", 200 * 1024)


def time_limit() -> int:
    """Seconds a check or a write may take (Celery soft limit, and in the request)."""
    return int(getattr(settings, "ROSTER_IMPORT_TIME_LIMIT", 120))


def stale_after() -> datetime.timedelta:
    """A running job without a heartbeat for this long has lost its worker."""
    return datetime.timedelta(seconds=time_limit() + 60)


def pickup_wait() -> datetime.timedelta:
    """A queued job not taken up within this time is handed over again."""
    return datetime.timedelta(
        seconds=int(getattr(settings, "ROSTER_IMPORT_PICKUP_SECONDS", 120))
    )


def keep_files_for() -> datetime.timedelta:
    """Files of finished jobs (for the marked download or a retry) are kept this long."""
    return datetime.timedelta(
        hours=int(getattr(settings, "ROSTER_IMPORT_KEEP_FILES_HOURS", 24))
    )


# The step that checks (dry run) or writes the file of a job, by kind; the
# roster's is below, other apps add theirs (``register_import_kind``) so that
# their imports share these jobs, the worker, the heartbeat and the retry.
_RUNNERS: dict = {}


def register_import_kind(kind: str, runner) -> None:
    """Name the function that runs jobs of ``kind``.

    ``runner(job, *, user, dry_run, progress, time_limit)`` returns a report
    with ``rows``, ``created``, ``updated``, ``unchanged``, ``errors``,
    ``warnings`` (and optionally ``row_plans``) and ``written``.
    """
    _RUNNERS[kind] = runner


def _run_roster(job, *, user, dry_run, progress, time_limit):
    return import_roster_file(
        job.file.path,
        name=job.original_name,
        township=job.township,
        user=user,
        dry_run=dry_run,
        progress=progress,
        time_limit=time_limit,
    )


register_import_kind(ImportKind.ROSTER, _run_roster)


def _run(job: ImportJob, *, user, dry_run: bool):
    return _RUNNERS[job.kind](
        job,
        user=user,
        dry_run=dry_run,
        progress=_progress_writer(job),
        time_limit=time_limit(),
    )


@transaction.atomic
def import_job_create(
    *,
    upload,
    user,
    kind: str = ImportKind.ROSTER,
    township=None,
    target_id: int | None = None,
) -> ImportJob:
    """Store an uploaded file as a new job; raise ValidationError for a bad file.

    A roster job belongs to the user's township; a register job to the
    township of its election (``township``, ``target_id``).
    """
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
        kind=kind,
        target_id=target_id,
        township=township if township is not None else user.township,
        created_by=user,
        original_name=upload.name[:200],
        size=upload.size,
        sha256=digest.hexdigest(),
        status=ImportStatus.QUEUED,
    )
    job.file.save(upload.name, ContentFile(content), save=False)
    job.full_clean()
    job.save()
    _purge_old_files()
    return job


def _purge_old_files() -> None:
    """Delete kept files of jobs finished longer ago than ``keep_files_for()``."""
    cutoff = timezone.now() - keep_files_for()
    old = (
        ImportJob.objects.filter(finished_at__lt=cutoff)
        .exclude(file="")
        .only("pk", "file")
    )
    for job in old[:100]:
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")


def _claim(job: ImportJob, *, from_status: str, to_status: str, **extra) -> bool:
    """Move a job from one status to another; return False if someone else did."""
    if to_status in (ImportStatus.PARSING, ImportStatus.IMPORTING):
        extra.setdefault("heartbeat_at", timezone.now())
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
            heartbeat_at=timezone.now(),
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
    job.rows = getattr(report, "row_plans", [])[:PREVIEW_ROWS_KEPT]
    if report.errors:
        job.status = ImportStatus.INVALID
    elif written:
        job.status = ImportStatus.DONE
    elif not report.created and not report.updated:
        # Every row is already on the roster as it is: nothing to confirm.
        job.status = ImportStatus.UNCHANGED
    else:
        job.status = ImportStatus.PREVIEWED


def _discard_file(job: ImportJob) -> None:
    # The spreadsheet holds personal data: keep it only while it may still be
    # imported, retried or handed back with its errors marked (then at most
    # ``keep_files_for()``, see _purge_old_files).
    if job.file:
        job.file.delete(save=False)


def _has_cell_errors(job: ImportJob) -> bool:
    return any((error.get("row") or 0) > 0 for error in job.errors)


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
        report = _run(job, user=job.created_by, dry_run=True)
    except SoftTimeLimitExceeded:
        _fail(job, code=ImportFailure.TIME_LIMIT)
        return job
    except Exception:
        logger.exception("roster import preview of job %s crashed", job.pk)
        _fail(job)
        return job
    _store_report(job, report, written=False)
    job.previewed_at = timezone.now()
    job.phase = ""
    if job.status in (ImportStatus.INVALID, ImportStatus.UNCHANGED):
        job.finished_at = job.previewed_at
        if job.status == ImportStatus.UNCHANGED or not _has_cell_errors(job):
            _discard_file(job)
    job.save()
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
        report = _run(job, user=job.confirmed_by or job.created_by, dry_run=False)
    except SoftTimeLimitExceeded:
        _fail(job, code=ImportFailure.TIME_LIMIT)
        return job
    except Exception:
        logger.exception("roster import of job %s crashed", job.pk)
        _fail(job)
        return job
    _store_report(job, report, written=report.written)
    job.finished_at = timezone.now()
    job.phase = ""
    if not (job.status == ImportStatus.INVALID and _has_cell_errors(job)):
        _discard_file(job)
    job.save()
    return job


def _fail(job: ImportJob, *, code: str = ImportFailure.CRASHED) -> None:
    from ..importing import messages as msg

    job.refresh_from_db()
    job.status = ImportStatus.FAILED
    job.failure_code = code
    if code == ImportFailure.TIME_LIMIT:
        job.failure = _(msg.IMPORT_TIME_LIMIT) % {"seconds": time_limit()}
        _discard_file(job)
    else:
        # Kept for the retry button; purged after keep_files_for().
        job.failure = str(JOB_CRASHED)
    job.finished_at = timezone.now()
    job.phase = ""
    job.processed_rows = 0
    job.save()


def import_job_recover(
    *, job: ImportJob, now: datetime.datetime | None = None
) -> ImportJob:
    """Rescue a stranded job: re-queue it or fail it with a Chinese message.

    A running job (checking/writing) whose heartbeat is older than
    ``stale_after()`` lost its worker: the write is one transaction, so
    nothing was written, and the job fails with JOB_STALLED (retryable). A
    job waiting for the background service longer than ``pickup_wait()`` is
    handed over again, at most REQUEUE_LIMIT times, then fails with
    JOB_NOT_PICKED_UP (retryable). Safe to call from any request.
    """
    now = now or timezone.now()
    if job.status in (ImportStatus.PARSING, ImportStatus.IMPORTING):
        beat = job.heartbeat_at or job.confirmed_at or job.created_at
        if beat < now - stale_after():
            failed = ImportJob.objects.filter(
                pk=job.pk, status=job.status, heartbeat_at=job.heartbeat_at
            ).update(
                status=ImportStatus.FAILED,
                failure_code=ImportFailure.STALLED,
                failure=str(JOB_STALLED),
                finished_at=now,
                phase="",
                processed_rows=0,
            )
            if failed:
                logger.warning("roster import job %s stalled; marked failed", job.pk)
                job.refresh_from_db()
        return job
    if job.status not in (ImportStatus.QUEUED, ImportStatus.CONFIRMED):
        return job
    waiting_since = job.queued_at
    if waiting_since is None:
        # Checked in the request: only a request that died leaves it waiting.
        waiting_since = job.confirmed_at or job.created_at
        if waiting_since >= now - stale_after():
            return job
    elif waiting_since >= now - pickup_wait():
        return job
    if job.attempts >= REQUEUE_LIMIT:
        minutes = max(
            1, int((now - (job.confirmed_at or job.created_at)).total_seconds() // 60)
        )
        failed = ImportJob.objects.filter(pk=job.pk, status=job.status).update(
            status=ImportStatus.FAILED,
            failure_code=ImportFailure.NOT_PICKED_UP,
            failure=_(JOB_NOT_PICKED_UP) % {"minutes": minutes},
            finished_at=now,
            phase="",
        )
        if failed:
            logger.warning(
                "roster import job %s never picked up; marked failed", job.pk
            )
            job.refresh_from_db()
        return job
    step = "preview" if job.status == ImportStatus.QUEUED else "apply"
    moved = ImportJob.objects.filter(
        pk=job.pk, status=job.status, queued_at=job.queued_at
    ).update(queued_at=now, attempts=models.F("attempts") + 1)
    if moved:
        logger.warning("roster import job %s re-queued (%s)", job.pk, step)
        job.refresh_from_db()
        _send(step, job)
    return job


def import_jobs_recover() -> int:
    """Run :func:`import_job_recover` over every unfinished job; return how many moved."""
    moved = 0
    for job in ImportJob.objects.filter(
        status__in=[
            ImportStatus.QUEUED,
            ImportStatus.PARSING,
            ImportStatus.CONFIRMED,
            ImportStatus.IMPORTING,
        ]
    ):
        before = (job.status, job.queued_at)
        job = import_job_recover(job=job)
        moved += (job.status, job.queued_at) != before
    return moved


def import_job_retry(*, job: ImportJob, user) -> bool:
    """Run a stranded or crashed job again from where it stopped; False if not retryable."""
    if not job.retryable:
        return False
    # A job confirmed before it failed is written again (everything is checked
    # again first); otherwise it is checked again.
    to_status = (
        ImportStatus.CONFIRMED if job.confirmed_at is not None else ImportStatus.QUEUED
    )
    retried = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.FAILED).update(
        status=to_status,
        failure="",
        failure_code="",
        finished_at=None,
        attempts=0,
        queued_at=None,
        heartbeat_at=None,
        processed_rows=0,
    )
    if not retried:
        return False
    job.refresh_from_db()
    logger.info("roster import job %s retried by user %s", job.pk, user.pk)
    if to_status == ImportStatus.CONFIRMED:
        run_apply(job)
    else:
        run_preview(job)
    return True


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
    """Stamp the job as handed to the background service, then send it."""
    ImportJob.objects.filter(pk=job.pk).update(
        queued_at=timezone.now(), attempts=models.F("attempts") + 1
    )
    job.refresh_from_db(fields=["queued_at", "attempts"])
    _send(step, job)


def _send(step: str, job: ImportJob) -> None:
    """Hand a job to the worker once the transaction commits.

    The task is looked up by its Celery name: ``villages.tasks`` runs these
    services, so the services do not import the tasks back (VillagesConfig.ready
    registers them in every process).
    """
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
