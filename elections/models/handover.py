"""The outgoing committee's 离任经济责任审计 and the 工作移交 to the new one.

An audit is recorded per outgoing cadre and round (组织法第三十五条: its results
are published before the next VC election; how many days before is the rule-set
row ``vc_audit_publish_days``). Problems it finds feed 十不选 item 8 in the
vetting pre-checks. The handover (第二十条: within ``handover_days_after`` of the
new committee's birth) is a checklist signed by both sides and the township's
supervisor; its due date is fixed when it is set up.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scope import scoped_manager
from villages.choices import Post

from ..choices import AuditFinding, Rectification

__all__ = ["Handover", "HandoverItem", "OutgoingAudit"]


class OutgoingAudit(models.Model):
    """The 离任经济责任审计 of one outgoing cadre, its findings and publication."""

    round = models.ForeignKey(
        "stages.ElectionRound",
        verbose_name=_("election round"),
        on_delete=models.PROTECT,
        related_name="outgoing_audits",
    )
    village = models.ForeignKey(
        "villages.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="outgoing_audits",
    )
    person = models.ForeignKey(
        "villages.Person",
        verbose_name=_("outgoing cadre"),
        on_delete=models.PROTECT,
        related_name="outgoing_audits",
    )
    post = models.CharField(
        _("post held"), max_length=20, choices=Post.choices, blank=True
    )
    auditor = models.CharField(
        _("auditor"),
        max_length=100,
        help_text=_("Institution or person who audited, e.g. 镇农经站."),
    )
    period_start = models.DateField(_("audited period from"))
    period_end = models.DateField(_("audited period to"))
    audited_on = models.DateField(_("audit date"))
    finding = models.CharField(
        _("findings"), max_length=10, choices=AuditFinding.choices
    )
    problems = models.TextField(_("problems found"), blank=True)
    amount = models.DecimalField(
        _("amount involved (yuan)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    rectification = models.CharField(
        _("rectification"),
        max_length=6,
        choices=Rectification.choices,
        blank=True,
        default="",
    )
    rectification_note = models.TextField(_("rectification measures"), blank=True)
    published_on = models.DateField(_("results published on"), null=True, blank=True)
    published_place = models.CharField(_("where published"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = scoped_manager(township="village__township", village="village")

    class Meta:
        verbose_name = _("exit audit")
        verbose_name_plural = _("exit audits")
        ordering = ["village", "person__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"],
                name="%(app_label)s_%(class)s_one_per_cadre",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="%(app_label)s_%(class)s_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(finding=AuditFinding.CLEAN) | ~Q(problems=""),
                name="%(app_label)s_%(class)s_problems_described",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="%(app_label)s_%(class)s_amount_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.village} · {self.person} · {self.audited_on}"

    def get_absolute_url(self):
        return reverse("elections:audit_detail", args=[self.pk])

    @property
    def has_problems(self) -> bool:
        return self.finding == AuditFinding.PROBLEMS


class Handover(models.Model):
    """The 工作移交 of a village from the outgoing to the new villagers' committee."""

    round = models.ForeignKey(
        "stages.ElectionRound",
        verbose_name=_("election round"),
        on_delete=models.PROTECT,
        related_name="handovers",
    )
    village = models.ForeignKey(
        "villages.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="handovers",
    )
    election = models.ForeignKey(
        "elections.Election",
        verbose_name=_("election of the new committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handovers",
    )
    produced_on = models.DateField(
        _("new committee produced on"),
        help_text=_("The day the new villagers' committee was elected."),
    )
    due_on = models.DateField(_("hand over by"))
    handed_over_by = models.CharField(_("handed over by"), max_length=50, blank=True)
    received_by = models.CharField(_("received by"), max_length=50, blank=True)
    supervised_by = models.CharField(
        _("supervised by (township)"), max_length=50, blank=True
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = scoped_manager(township="village__township", village="village")

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["due_on", "village", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "village"],
                name="%(app_label)s_%(class)s_one_per_village",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("produced_on")),
                name="%(app_label)s_%(class)s_due_after_produced",
            ),
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True)
                | (~Q(handed_over_by="") & ~Q(received_by="") & ~Q(supervised_by="")),
                name="%(app_label)s_%(class)s_signed_by_three",
            ),
        ]

    def __str__(self):
        return f"{self.village} · {self.produced_on}"

    def get_absolute_url(self):
        return reverse("elections:handover_detail", args=[self.pk])

    @property
    def complete(self) -> bool:
        return self.signed_on is not None


class HandoverItem(models.Model):
    """One line of the 移交清单, ticked by the side handing over and the side receiving."""

    handover = models.ForeignKey(
        Handover,
        verbose_name=_("handover"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("item"), max_length=60)
    detail = models.CharField(_("quantity and description"), max_length=200, blank=True)
    handed_over = models.BooleanField(_("handed over"), default=False)
    received = models.BooleanField(_("received"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = scoped_manager(
        township="handover__village__township", village="handover__village"
    )

    class Meta:
        verbose_name = _("handover item")
        verbose_name_plural = _("handover items")
        ordering = ["handover", "order", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.handover.get_absolute_url()
