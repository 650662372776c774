"""The 十不选 catalogue and the joint-review departments, with per-round copies."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scope import ScopedQuerySet

from ...choices import (
    Severity,
    WindowKind,
)


class ReferenceQuerySet(ScopedQuerySet):
    """County-wide reference data (criteria, departments): every signed-in user reads it."""

    def visible_to(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        return self.all()


# --- the catalogue ------------------------------------------------------------------


class Department(models.Model):
    """A unit that takes part in the joint review (联审单位), e.g. 公安 or 法院.

    Its reviewer users see only the candidates sent to it and only the criteria
    it checks; its head answers for the written conclusion (一把手负责).
    """

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=80)
    short_name = models.CharField(
        _("short name"), max_length=20, help_text=_("As printed in tables, e.g. 公安.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewers"),
        blank=True,
        related_name="review_departments",
        help_text=_(
            "Users (role “review department”) who record this department's findings."
        ),
    )
    active = models.BooleanField(
        _("takes part in the review"),
        default=True,
        help_text=_("Inactive departments receive no new review items."),
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords(m2m_fields=[reviewers])

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("review department")
        verbose_name_plural = _("review departments")
        ordering = ["order", "code"]

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("candidates:criteria") + f"#department-{self.code}"


class Criterion(models.Model):
    """One item of the 十不选 as the county words it now (editable in the admin).

    ``block`` items (不得) disqualify on a confirmed finding; ``warn`` items (不宜)
    need a leader's written decision. Each item names the departments that
    check it.
    """

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("short title"), max_length=100)
    text = models.TextField(_("full text"))
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.BLOCK
    )
    window_kind = models.CharField(
        _("time window"),
        max_length=20,
        choices=WindowKind.choices,
        default=WindowKind.ALWAYS,
    )
    window_years = models.PositiveSmallIntegerField(
        _("window in years"),
        null=True,
        blank=True,
        help_text=_("Only for “within the last N years”, e.g. 3 for 近3年."),
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    departments = models.ManyToManyField(
        Department, verbose_name=_("checked by"), blank=True, related_name="criteria"
    )
    active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords(m2m_fields=[departments])

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("disqualification criterion")
        verbose_name_plural = _("disqualification criteria (十不选)")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(window_kind=WindowKind.YEARS)
                    & Q(window_years__isnull=False)
                    & Q(window_years__gt=0)
                )
                | (~Q(window_kind=WindowKind.YEARS) & Q(window_years__isnull=True)),
                name="%(app_label)s_%(class)s_years_with_window",
                violation_error_message=_(
                    "Give the number of years only for “within the last N years”, and always for it."
                ),
            ),
        ]

    def __str__(self):
        return _("Item %(number)s: %(title)s") % {
            "number": self.number,
            "title": self.title,
        }

    def get_absolute_url(self):
        return reverse("candidates:criteria") + f"#criterion-{self.number}"


class RoundCriterionQuerySet(ScopedQuerySet):
    township_path = "round__township"

    def for_department(self, department):
        """Return the criteria of a round that a department checks."""
        return self.filter(departments=department)


class RoundCriterion(models.Model):
    """A 十不选 item as it stood when a round's joint review began.

    Copied from :class:`Criterion` when the round's first batch is sent; the
    findings of the round refer to this copy, so later edits of the catalogue
    never change what a department answered.
    """

    round = models.ForeignKey(
        "stages.ElectionRound",
        verbose_name=_("election round"),
        on_delete=models.PROTECT,
        related_name="vetting_criteria",
    )
    source = models.ForeignKey(
        Criterion,
        verbose_name=_("catalogue item"),
        on_delete=models.PROTECT,
        related_name="round_copies",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("short title"), max_length=100)
    text = models.TextField(_("full text"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    window_kind = models.CharField(
        _("time window"), max_length=20, choices=WindowKind.choices
    )
    window_years = models.PositiveSmallIntegerField(
        _("window in years"), null=True, blank=True
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    departments = models.ManyToManyField(
        Department, verbose_name=_("checked by"), related_name="round_criteria"
    )
    copied_at = models.DateTimeField(_("copied at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RoundCriterionQuerySet.as_manager()

    class Meta:
        verbose_name = _("criterion of a round")
        verbose_name_plural = _("criteria of rounds")
        ordering = ["round", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "number"], name="%(app_label)s_%(class)s_unique_number"
            ),
        ]

    def __str__(self):
        return _("Item %(number)s: %(title)s") % {
            "number": self.number,
            "title": self.title,
        }

    def get_absolute_url(self):
        return (
            reverse("candidates:criteria")
            + f"?round={self.round_id}#criterion-{self.number}"
        )

    @property
    def window_display(self) -> str:
        """Return the time window as printed: 近3年, 至今未撤销 …"""
        if self.window_kind == WindowKind.YEARS:
            return _("within the last %(years)s years") % {"years": self.window_years}
        return str(self.get_window_kind_display())
