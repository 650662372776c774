"""Joint review (联审): batches, one item per candidate × department, findings, decisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.roles import Role
from core.scope import ScopedQuerySet, get_scope, scoped_manager

from ...choices import (
    DecisionKind,
    FindingResult,
    ReviewItemStatus,
)
from .catalogue import Department, RoundCriterion
from .nominations import Nomination

# --- joint review ---------------------------------------------------------------------


class ReviewBatch(models.Model):
    """Nominees sent together to the joint-review departments (报送联审), with one deadline."""

    round = models.ForeignKey(
        "stages.ElectionRound",
        verbose_name=_("election round"),
        on_delete=models.PROTECT,
        related_name="review_batches",
    )
    township = models.ForeignKey(
        "villages.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="review_batches",
    )
    sent_on = models.DateField(_("sent on"))
    due_date = models.DateField(_("answer due"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = scoped_manager(township="township")

    class Meta:
        verbose_name = _("review batch")
        verbose_name_plural = _("review batches")
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("sent_on")),
                name="%(app_label)s_%(class)s_due_after_sent",
            ),
        ]

    def __str__(self):
        return _("Review batch of %(date)s") % {"date": self.sent_on}

    def get_absolute_url(self):
        return reverse("candidates:nomination_list")


class ReviewItemQuerySet(ScopedQuerySet):
    township_path = "nomination__village__township"
    village_path = "nomination__village"

    def for_reviewer(self, user):
        """Return the items of the user's departments within the user's township.

        This is the only queryset a department reviewer reads: another
        department's items, or another township's candidates, are absent, so
        their URLs answer 404.
        """
        scope = get_scope(user)
        if scope.user_id is None or not scope.has(Role.REVIEWER):
            return self.none()
        queryset = self
        if not scope.is_superuser:
            queryset = queryset.filter(department__reviewers=user)
        if scope.township_ids is not None:
            queryset = queryset.filter(
                nomination__village__township__in=scope.township_ids
            )
        return queryset


class ReviewItem(models.Model):
    """One department's review of one candidate (联审意见).

    The department answers every criterion it checks, then signs off with a
    written conclusion. The sign-off stores a fingerprint of the personal data
    it reviewed; when that data changes, the item counts as reopened.
    """

    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.PROTECT,
        related_name="review_items",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="review_items",
    )
    batch = models.ForeignKey(
        ReviewBatch,
        verbose_name=_("batch"),
        on_delete=models.PROTECT,
        related_name="items",
    )
    due_date = models.DateField(_("answer due"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReviewItemStatus.choices,
        default=ReviewItemStatus.PENDING,
    )
    conclusion = models.TextField(_("written conclusion"), blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    fingerprint = models.CharField(
        _("fingerprint of reviewed data"), max_length=64, blank=True
    )
    reviewed_data = models.JSONField(
        _("personal data reviewed"), default=dict, blank=True
    )
    reopened_reason = models.TextField(_("why it was reopened"), blank=True)
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ReviewItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("review item")
        verbose_name_plural = _("review items")
        ordering = ["due_date", "nomination__village__code", "department__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "department"],
                name="%(app_label)s_%(class)s_unique_department",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReviewItemStatus.SIGNED)
                | (~Q(fingerprint="") & Q(signed_at__isnull=False)),
                name="%(app_label)s_%(class)s_signed_has_fingerprint",
            ),
        ]
        indexes = [
            models.Index(
                fields=["department", "status"], name="candidates_item_dept_status"
            ),
        ]

    def __str__(self):
        return f"{self.nomination.person} · {self.department}"

    def get_absolute_url(self):
        return reverse("candidates:review_item", args=[self.pk])


class ReviewFinding(models.Model):
    """A department's answer for one criterion about one candidate: 无问题 or 有问题.

    A problem carries the finding in words and, where there is one, an
    evidence file (判决书, 处分决定, 台账截图 …).
    """

    item = models.ForeignKey(
        ReviewItem,
        verbose_name=_("review item"),
        on_delete=models.CASCADE,
        related_name="findings",
    )
    criterion = models.ForeignKey(
        RoundCriterion,
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="findings",
    )
    result = models.CharField(_("result"), max_length=10, choices=FindingResult.choices)
    finding = models.TextField(_("finding"), blank=True)
    evidence = models.FileField(
        _("evidence file"), upload_to="vetting/evidence/%Y/%m/", blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    history = HistoricalRecords()

    objects = scoped_manager(
        township="item__nomination__village__township",
        village="item__nomination__village",
    )

    class Meta:
        verbose_name = _("review finding")
        verbose_name_plural = _("review findings")
        ordering = ["item", "criterion__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "criterion"],
                name="%(app_label)s_%(class)s_unique_criterion",
            ),
            models.CheckConstraint(
                condition=~Q(result=FindingResult.ISSUE) | ~Q(finding=""),
                name="%(app_label)s_%(class)s_issue_has_finding",
            ),
        ]

    def __str__(self):
        return f"{self.item} · {self.criterion.number} · {self.get_result_display()}"

    def get_absolute_url(self):
        return self.item.get_absolute_url()

    @property
    def is_issue(self) -> bool:
        return self.result == FindingResult.ISSUE


class ReviewDecision(models.Model):
    """A leader's written decision on a candidate's 不宜 findings: may proceed, or disqualify.

    It covers the findings it was taken on (``findings_key``); a new or changed
    不宜 finding needs a new decision.
    """

    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.PROTECT,
        related_name="review_decisions",
    )
    decision = models.CharField(
        _("decision"), max_length=12, choices=DecisionKind.choices
    )
    reason = models.TextField(_("written reason"))
    findings_key = models.CharField(_("findings decided"), max_length=64)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = scoped_manager(
        township="nomination__village__township", village="nomination__village"
    )

    class Meta:
        verbose_name = _("leader decision on findings")
        verbose_name_plural = _("leader decisions on findings")
        ordering = ["nomination", "-decided_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""), name="%(app_label)s_%(class)s_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.nomination} · {self.get_decision_display()}"

    def get_absolute_url(self):
        return self.nomination.get_absolute_url()
