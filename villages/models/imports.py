"""Roster import jobs: one uploaded spreadsheet, its preview and its outcome."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scope import ScopedQuerySet

from ..choices import (
    IMPORT_FINISHED,
    RETRYABLE_FAILURES,
    ImportFailure,
    ImportKind,
    ImportStatus,
)


class ImportJobQuerySet(ScopedQuerySet):
    township_path = "township"
    village_path = None


def import_upload_path(instance, filename):
    # The clerk's file name is kept on the job; on disk only a neutral name is
    # used, so nothing personal or odd lands in the path.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"roster_imports/{instance.township_id or 0}/{instance.token}.{suffix}"


class ImportJob(models.Model):
    """A roster spreadsheet uploaded by the organisation office (台账导入).

    The job keeps the uploaded file until it is imported, the preview (new /
    updated / unchanged / error rows) and the outcome, so a clerk can reload
    the page, come back later and see exactly what happened. Large files are
    parsed and written by a Celery worker; the page polls ``progress``.

    The voter-register import of an election (``kind`` register, ``target_id``
    the election) runs through the same jobs: the step that reads and writes
    the file is looked up by kind (``services.roster.register_import_kind``).
    """

    token = models.CharField(_("token"), max_length=32, unique=True, editable=False)
    kind = models.CharField(
        _("kind of import"),
        max_length=12,
        choices=ImportKind.choices,
        default=ImportKind.ROSTER,
    )
    target_id = models.PositiveIntegerField(
        _("imported into"),
        null=True,
        blank=True,
        help_text=_("The election whose voter register a register import fills."),
    )
    township = models.ForeignKey(
        "villages.Township",
        verbose_name=_("township"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="import_jobs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    file = models.FileField(_("file"), upload_to=import_upload_path, blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ImportStatus.choices,
        default=ImportStatus.QUEUED,
    )
    phase = models.CharField(_("phase"), max_length=100, blank=True)
    total_rows = models.PositiveIntegerField(_("data rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created_count = models.PositiveIntegerField(_("new"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    rows = models.JSONField(_("rows"), default=list, blank=True)
    failure = models.TextField(_("failure"), blank=True)
    failure_code = models.CharField(
        _("kind of failure"), max_length=20, choices=ImportFailure.choices, blank=True
    )
    heartbeat_at = models.DateTimeField(
        _("last sign of life"),
        null=True,
        blank=True,
        help_text=_("Updated while a worker checks or writes the file."),
    )
    queued_at = models.DateTimeField(
        _("handed to the background service at"), null=True, blank=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    previewed_at = models.DateTimeField(_("previewed at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    history = HistoricalRecords(
        excluded_fields=[
            "rows",
            "errors",
            "warnings",
            "processed_rows",
            "phase",
            "heartbeat_at",
        ]
    )

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(processed_rows__lte=models.F("total_rows"))
                | Q(total_rows=0),
                name="%(app_label)s_%(class)s_processed_within_total",
            ),
        ]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        if self.kind == ImportKind.REGISTER:
            return reverse(
                "elections:register_import_job", args=[self.target_id, self.pk]
            )
        return reverse("villages:import_job", args=[self.pk])

    @property
    def progress(self) -> int:
        """Return the progress in percent (0–100)."""
        if self.status in IMPORT_FINISHED:
            return 100
        if not self.total_rows:
            return 0
        return min(99, int(self.processed_rows * 100 / self.total_rows))

    @property
    def retryable(self) -> bool:
        """Return whether the 重试 button applies: stranded or crashed, file kept."""
        return (
            self.status == ImportStatus.FAILED
            and self.failure_code in RETRYABLE_FAILURES
            and bool(self.file)
        )

    @property
    def running(self) -> bool:
        return self.status in (
            ImportStatus.QUEUED,
            ImportStatus.PARSING,
            ImportStatus.IMPORTING,
            ImportStatus.CONFIRMED,
        )

    def poll_state(self) -> dict:
        """Return what a job page's polling script reads (roster and register jobs)."""
        return {
            "status": self.status,
            "status_display": self.get_status_display(),
            "progress": self.progress,
            "processed": self.processed_rows,
            "total": self.total_rows,
            "running": self.running,
        }
