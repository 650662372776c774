"""The election round of a township and each village's election days."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scope import scoped_manager

from ..choices import RoundStatus
from .rules import RuleBook

PARTY_FIRST_MESSAGE = _(
    "The Party organisation election must come before the villagers' committee "
    "election: choose a Party election day earlier than the VC election day."
)
END_AFTER_START_MESSAGE = _(
    "The target end date is before the start date: set an end date on or after the start."
)


class ElectionRound(models.Model):
    """A township's 换届 round (e.g. 2021年村“两委”换届) and the rule set it runs under."""

    township = models.ForeignKey(
        "villages.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="election_rounds",
    )
    name = models.CharField(_("name"), max_length=100)
    start_date = models.DateField(_("start date"))
    target_end_date = models.DateField(_("target end date"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RoundStatus.choices,
        default=RoundStatus.DRAFT,
    )
    rule_set = models.ForeignKey(
        "stages.RuleSet",
        verbose_name=_("rule set in force"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = scoped_manager(township="township")

    class Meta:
        verbose_name = _("election round")
        verbose_name_plural = _("election rounds")
        ordering = ["township", "-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "name"], name="%(app_label)s_%(class)s_unique_name"
            ),
            models.CheckConstraint(
                condition=models.Q(target_end_date__gte=models.F("start_date")),
                name="%(app_label)s_%(class)s_end_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("stages:round_detail", args=[self.pk])

    def clean(self):
        if (
            self.start_date
            and self.target_end_date
            and self.target_end_date < self.start_date
        ):
            raise ValidationError({"target_end_date": END_AFTER_START_MESSAGE})

    @cached_property
    def rules(self) -> RuleBook:
        """Return the rules in force: ``round.rules.get("voter_list_days_before")``."""
        return RuleBook(rule_set_id=self.rule_set_id)


class VillageElection(models.Model):
    """A village's two election days in a round: 村党组织 first, then 村民委员会.

    The 村务监督委员会 is elected at or after the villagers' committee election;
    its tasks count from the VC election day.
    """

    round = models.ForeignKey(
        ElectionRound,
        verbose_name=_("election round"),
        on_delete=models.PROTECT,
        related_name="village_elections",
    )
    village = models.ForeignKey(
        "villages.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="elections",
    )
    party_election_date = models.DateField(
        _("Party election day"), null=True, blank=True
    )
    vc_election_date = models.DateField(_("VC election day"), null=True, blank=True)
    history = HistoricalRecords()

    objects = scoped_manager(township="village__township", village="village")

    class Meta:
        verbose_name = _("village election days")
        verbose_name_plural = _("village election days")
        ordering = ["round", "village__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "village"],
                name="%(app_label)s_%(class)s_unique_village",
            ),
            models.CheckConstraint(
                condition=models.Q(party_election_date__isnull=True)
                | models.Q(vc_election_date__isnull=True)
                | models.Q(party_election_date__lt=models.F("vc_election_date")),
                name="%(app_label)s_%(class)s_party_first",
                violation_error_message=PARTY_FIRST_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.village} · {self.round}"

    def get_absolute_url(self):
        return reverse("stages:village_timeline", args=[self.round_id, self.village_id])

    def clean(self):
        if (
            self.party_election_date
            and self.vc_election_date
            and self.party_election_date >= self.vc_election_date
        ):
            raise ValidationError({"party_election_date": PARTY_FIRST_MESSAGE})

    @property
    def is_complete(self) -> bool:
        """Return whether both election days are set."""
        return bool(self.party_election_date and self.vc_election_date)
