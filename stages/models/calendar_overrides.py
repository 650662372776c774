"""Admin overrides of the working-day calendar."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scope import ScopedQuerySet


class CalendarOverrideQuerySet(ScopedQuerySet):
    """Calendar overrides apply county-wide; every signed-in user may read them."""

    def visible_to(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        return self.all()


class CalendarOverride(models.Model):
    """A date whose working-day status the office sets by hand.

    Used for a public holiday or 调休 make-up workday the holiday package does
    not know yet (for example next year's, before the State Council notice is
    packaged), or a local day off.
    """

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("working day"),
        help_text=_("Tick for a make-up workday (调休); leave empty for a holiday."),
    )
    note = models.CharField(
        _("note"), max_length=100, help_text=_("For example 2027年国庆节.")
    )
    history = HistoricalRecords()

    objects = CalendarOverrideQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.note}"

    def get_absolute_url(self):
        return reverse("admin:stages_calendaroverride_change", args=[self.pk])
