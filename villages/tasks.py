"""Celery tasks of the villages app: large roster imports run in a worker.

Arguments are ids; each task is safe to run twice (the job's status is claimed
with a conditional UPDATE before any work, see ``services.roster``). Imports
go to their own queue, ``imports``, so a burst of reminders never delays a
clerk's import: a worker must consume it (``celery worker -Q celery,imports``).
Each task has a soft time limit (``ROSTER_IMPORT_TIME_LIMIT``); the service
turns it into a failed job with a Chinese message.
"""

from celery import shared_task
from django.conf import settings

from .models import ImportJob

IMPORT_QUEUE = "imports"
_SOFT = int(getattr(settings, "ROSTER_IMPORT_TIME_LIMIT", 120))
# The queue is set by CELERY_TASK_ROUTES (settings): "villages.roster_import_*".
LIMITS = {
    "acks_late": True,
    "soft_time_limit": _SOFT,
    "time_limit": _SOFT + 30,
}


@shared_task(name="villages.roster_import_preview", **LIMITS)
def roster_import_preview_task(job_id: int) -> str:
    """Check an uploaded roster file and store its preview."""
    from .services.roster import import_job_preview

    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return "missing"
    return import_job_preview(job=job).status


@shared_task(name="villages.roster_import_apply", **LIMITS)
def roster_import_apply_task(job_id: int) -> str:
    """Write a confirmed roster import, all rows or none."""
    from .services.roster import import_job_apply

    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return "missing"
    return import_job_apply(job=job).status


@shared_task(name="villages.roster_imports_recover")
def roster_imports_recover_task() -> int:
    """Re-queue or fail import jobs that stranded (see ``import_job_recover``)."""
    from .services.roster import import_jobs_recover

    return import_jobs_recover()
