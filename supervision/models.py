"""Inspection notes (督导意见) written by the township's supervision group (督察组)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scope import ScopedQuerySet

from .choices import NoteStatus, NoteSubject


class InspectionNoteQuerySet(ScopedQuerySet):
    township_path = "village__township"
    village_path = "village"

    def open(self):
        """Return the notes still waiting for rectification."""
        return self.filter(status=NoteStatus.OPEN)

    def overdue(self, *, today: date):
        """Return the open notes whose rectification deadline has passed."""
        return self.open().filter(deadline__lt=today)


class InspectionNote(models.Model):
    """A 督导意见: what the supervision group found in a village, what must be put right
    by when, how it was followed up, and whether it is closed.

    It concerns a village, optionally one of its tasks or one of its elections.
    The village's guidance-group leader is reminded of the deadline.
    """

    village = models.ForeignKey(
        "villages.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="inspection_notes",
    )
    round = models.ForeignKey(
        "stages.ElectionRound",
        verbose_name=_("election round"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection_notes",
    )
    task = models.ForeignKey(
        "stages.VillageTask",
        verbose_name=_("task"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection_notes",
    )
    subject = models.CharField(
        _("election concerned"),
        max_length=12,
        choices=NoteSubject.choices,
        blank=True,
        default=NoteSubject.VILLAGE,
    )
    finding = models.TextField(_("finding"))
    requirement = models.TextField(_("rectification requirement"))
    deadline = models.DateField(_("rectification deadline"), db_index=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=NoteStatus.choices,
        default=NoteStatus.OPEN,
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="inspection_notes",
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    history = HistoricalRecords()

    objects = InspectionNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection note")
        verbose_name_plural = _("inspection notes")
        ordering = ["status", "deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="closed")
                | models.Q(closed_on__isnull=False),
                name="%(app_label)s_%(class)s_closed_has_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=["village", "status", "deadline"], name="supervision_note_idx"
            ),
        ]

    def __str__(self):
        return f"{self.village} · {self.finding[:30]}"

    def get_absolute_url(self):
        return reverse("supervision:note_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == NoteStatus.OPEN

    def is_overdue(self, today: date | None = None) -> bool:
        """Return whether the deadline has passed and the note is still open."""
        return self.is_open and self.deadline < (today or timezone.localdate())

    @property
    def colour(self) -> str:
        if not self.is_open:
            return "success"
        return "danger" if self.is_overdue() else "warning"

    @property
    def state_label(self) -> str:
        if self.is_overdue():
            return str(_("rectification overdue"))
        return self.get_status_display()
