"""Celery tasks of the villages app: large roster imports run in a worker.

Arguments are ids; each task is safe to run twice (the job's status is claimed
with a conditional UPDATE before any work, see ``services.roster``).
"""

from celery import shared_task

from .models import ImportJob


@shared_task(name="villages.roster_import_preview", acks_late=True)
def roster_import_preview_task(job_id: int) -> str:
    """Check an uploaded roster file and store its preview."""
    from .services.roster import import_job_preview

    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return "missing"
    return import_job_preview(job=job).status


@shared_task(name="villages.roster_import_apply", acks_late=True)
def roster_import_apply_task(job_id: int) -> str:
    """Write a confirmed roster import, all rows or none."""
    from .services.roster import import_job_apply

    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return "missing"
    return import_job_apply(job=job).status
