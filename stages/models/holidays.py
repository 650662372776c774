"""The State Council's holiday notice of a year, entered by the office as date ranges."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import HolidayKind
from .calendar_overrides import CalendarOverrideQuerySet


class HolidayYear(models.Model):
    """A year's 国务院办公厅关于部分节假日安排的通知, as the office entered it.

    Used for a year the holiday package does not know yet. Once a year is
    entered, its working days follow these ranges (and weekends elsewhere);
    until then the battle map asks the office to enter it.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(
        _("notice title"),
        max_length=200,
        help_text=_("For example 国务院办公厅关于2027年部分节假日安排的通知."),
    )
    document_number = models.CharField(
        _("document number"),
        max_length=50,
        blank=True,
        help_text=_("For example 国办发明电〔2026〕7号."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = CalendarOverrideQuerySet.as_manager()

    class Meta:
        verbose_name = _("holiday notice")
        verbose_name_plural = _("holiday notices")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year} {self.title}"

    def get_absolute_url(self):
        return reverse("stages:holiday_year", args=[self.year])


class HolidayRange(models.Model):
    """One line of a holiday notice: days off (放假) or a make-up workday (调休上班)."""

    notice = models.ForeignKey(
        HolidayYear,
        verbose_name=_("holiday notice"),
        on_delete=models.CASCADE,
        related_name="ranges",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=HolidayKind.choices)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    name = models.CharField(
        _("holiday"), max_length=20, help_text=_("For example 春节.")
    )
    history = HistoricalRecords()

    objects = CalendarOverrideQuerySet.as_manager()

    class Meta:
        verbose_name = _("holiday range")
        verbose_name_plural = _("holiday ranges")
        ordering = ["notice", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="%(app_label)s_%(class)s_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.name} {self.get_kind_display()} {self.start:%Y-%m-%d}–{self.end:%Y-%m-%d}"

    def get_absolute_url(self):
        return self.notice.get_absolute_url()

    @property
    def days(self) -> int:
        """Return how many days the range covers."""
        return (self.end - self.start).days + 1
