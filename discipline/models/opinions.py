"""Public-opinion records (舆情): 社会舆情、新闻舆情、网络舆情 to verify and defuse."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from ..choices import RISK_COLOURS, OpinionSource, RiskLevel
from .base import TownshipOrVillageQuerySet


class OpinionQuerySet(TownshipOrVillageQuerySet):
    def open(self):
        return self.filter(closed=False)

    def overdue(self, today: datetime.date):
        """Return the open records whose handling deadline has passed."""
        return self.open().filter(due_on__lt=today)


class PublicOpinion(models.Model):
    """A piece of public opinion about the election (舆情), e.g. a WeChat-group rumour
    that a nominee pays for votes: found, verified, handled (处置化解), closed."""

    township = models.ForeignKey(
        "villages.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="public_opinions",
    )
    village = models.ForeignKey(
        "villages.Village",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="public_opinions",
    )
    source = models.CharField(_("source"), max_length=10, choices=OpinionSource.choices)
    platform = models.CharField(
        _("where"),
        max_length=100,
        blank=True,
        help_text=_("For example 村民微信群、抖音、县融媒体."),
    )
    summary = models.TextField(_("summary"))
    discovered_on = models.DateField(_("found on"))
    risk_level = models.CharField(
        _("risk level"), max_length=10, choices=RiskLevel.choices
    )
    due_on = models.DateField(
        _("handle by"),
        help_text=_(
            "Left empty, it is set from the risk level (settings DISCIPLINE_OPINION_DAYS)."
        ),
    )
    verification = models.TextField(_("verification"), blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    handling = models.TextField(_("handling"), blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed = models.BooleanField(pgettext_lazy("opinion", "closed"), default=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = OpinionQuerySet.as_manager()

    class Meta:
        verbose_name = _("public opinion record")
        verbose_name_plural = _("public opinion records")
        ordering = ["closed", "due_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed=False) | Q(closed_on__isnull=False),
                name="%(app_label)s_%(class)s_closed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("discovered_on")),
                name="%(app_label)s_%(class)s_due_after_found",
            ),
        ]
        indexes = [
            models.Index(
                fields=["township", "closed", "due_on"], name="discipline_opinion_open"
            ),
        ]

    def __str__(self):
        return self.summary[:30]

    def get_absolute_url(self):
        return reverse("discipline:opinion_detail", args=[self.pk])

    @property
    def risk_colour(self) -> str:
        return RISK_COLOURS.get(self.risk_level, "secondary")

    def is_overdue(self, today: datetime.date) -> bool:
        return not self.closed and self.due_on < today
