"""The voter register (选民登记) of a villagers' committee election.

Who may vote is the register, not a number: each voter is one row in one of
the three categories of 村民委员会组织法 第十三条; removals keep the row with
the reason and date (simple-history keeps every change), so the published list
can be explained later. The election's 登记选民数 is the count of voters on the
register (``elections.services.register.registered_count``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scope import scoped_manager
from core.text import mask_id_number

from ..choices import AppealDecision, VoterAddReason, VoterCategory, VoterRemoveReason

__all__ = ["Voter", "VoterAppeal", "VoterRegister"]


class VoterRegister(models.Model):
    """The 选民名单 of one 村委会 election, with its publication (V2)."""

    election = models.OneToOneField(
        "elections.Election",
        verbose_name=_("election"),
        on_delete=models.PROTECT,
        related_name="register",
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    publication_place = models.CharField(
        _("where published"), max_length=100, blank=True
    )
    # The list of voters and their proxies (委托投票公告, 第十五条), before election day.
    proxies_published_on = models.DateField(
        _("proxy list published on"), null=True, blank=True
    )
    proxies_publication_place = models.CharField(
        _("where the proxy list was published"), max_length=100, blank=True
    )
    history = HistoricalRecords()

    objects = scoped_manager(
        township="election__village__township", village="election__village"
    )

    class Meta:
        verbose_name = _("voter register")
        verbose_name_plural = _("voter registers")

    def __str__(self):
        return str(self.election)

    def get_absolute_url(self):
        return reverse("elections:register", args=[self.election_id])


class Voter(models.Model):
    """A villager on the voter register; taken off with a reason, never deleted."""

    register = models.ForeignKey(
        VoterRegister,
        verbose_name=_("voter register"),
        on_delete=models.PROTECT,
        related_name="voters",
    )
    person = models.ForeignKey(
        "villages.Person",
        verbose_name=_("person on the roster"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="voter_entries",
    )
    name = models.CharField(_("voter name"), max_length=50)
    id_number = models.CharField(_("ID number"), max_length=18)
    category = models.CharField(
        _("voter category"), max_length=12, choices=VoterCategory.choices
    )
    group = models.CharField(_("villagers' group"), max_length=30, blank=True)
    added_on = models.DateField(_("added on"))
    added_reason = models.CharField(
        _("reason for adding"),
        max_length=14,
        choices=VoterAddReason.choices,
        default=VoterAddReason.REGISTRATION,
    )
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removed_reason = models.CharField(
        _("reason for removal"),
        max_length=12,
        choices=VoterRemoveReason.choices,
        blank=True,
        default="",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = scoped_manager(
        township="register__election__village__township",
        village="register__election__village",
    )

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        ordering = ["group", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "id_number"],
                name="%(app_label)s_%(class)s_unique_id_number",
            ),
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True, removed_reason="")
                | Q(removed_on__isnull=False) & ~Q(removed_reason=""),
                name="%(app_label)s_%(class)s_removal_has_reason",
            ),
        ]
        indexes = [
            models.Index(
                fields=["register", "removed_on", "category"],
                name="elections_voter_reg_active",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("elections:register", args=[self.register.election_id])

    @property
    def masked_id(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def on_register(self) -> bool:
        return self.removed_on is None


class VoterAppeal(models.Model):
    """A 申诉 against the published voter list and the committee's decision."""

    register = models.ForeignKey(
        VoterRegister,
        verbose_name=_("voter register"),
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    appellant = models.CharField(_("appellant"), max_length=50)
    subject = models.CharField(
        _("person the appeal is about"), max_length=50, blank=True
    )
    content = models.TextField(_("appeal"))
    received_on = models.DateField(_("received on"))
    decide_by = models.DateField(_("decision due by"))
    decision = models.CharField(
        _("decision"),
        max_length=10,
        choices=AppealDecision.choices,
        blank=True,
        default="",
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = scoped_manager(
        township="register__election__village__township",
        village="register__election__village",
    )

    class Meta:
        verbose_name = _("voter list appeal")
        verbose_name_plural = _("voter list appeals")
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        return f"{self.appellant} · {self.received_on}"

    def get_absolute_url(self):
        return reverse("elections:register_appeals", args=[self.register.election_id])
