"""Public notice (公示) with objections, and the maker-checker formal list."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scope import scoped_manager

from ...choices import (
    Body,
    ObjectionStatus,
    ProposalStatus,
)
from .nominations import Nomination

# --- public notice and the formal list ---------------------------------------------------


class PublicNotice(models.Model):
    """A 公示 of a village's candidates for one committee: the printed notice and its period.

    During the period anyone may object; an objection not yet resolved keeps
    the candidate from becoming a 正式候选人.
    """

    round = models.ForeignKey(
        "stages.ElectionRound",
        verbose_name=_("election round"),
        on_delete=models.PROTECT,
        related_name="public_notices",
    )
    village = models.ForeignKey(
        "villages.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="public_notices",
    )
    body = models.CharField(_("committee"), max_length=24, choices=Body.choices)
    start_date = models.DateField(_("displayed from"))
    end_date = models.DateField(_("displayed until"))
    issuer = models.CharField(
        _("issued by"),
        max_length=100,
        help_text=_("Printed under the notice, e.g. 中共立仓镇委员会."),
    )
    nominations = models.ManyToManyField(
        Nomination, verbose_name=_("candidates"), related_name="notices"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[nominations])

    objects = scoped_manager(township="village__township", village="village")

    class Meta:
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="%(app_label)s_%(class)s_end_after_start",
            ),
        ]

    def __str__(self):
        return _("Public notice of %(village)s (%(body)s), %(start)s") % {
            "village": self.village,
            "body": self.get_body_display(),
            "start": self.start_date,
        }

    def get_absolute_url(self):
        return reverse("candidates:notice_detail", args=[self.pk])


class Objection(models.Model):
    """An objection about a candidate received during a 公示, and how it was resolved."""

    notice = models.ForeignKey(
        PublicNotice,
        verbose_name=_("public notice"),
        on_delete=models.PROTECT,
        related_name="objections",
    )
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        related_name="objections",
    )
    received_on = models.DateField(_("received on"))
    channel = models.CharField(
        _("how received"),
        max_length=30,
        blank=True,
        help_text=_("For example 来电, 来信, 来访."),
    )
    content = models.TextField(_("content"))
    raised_by = models.CharField(
        _("raised by"),
        max_length=50,
        blank=True,
        help_text=_("Leave empty when anonymous."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ObjectionStatus.choices,
        default=ObjectionStatus.OPEN,
    )
    resolution = models.TextField(_("verification and resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = scoped_manager(
        township="notice__village__township", village="notice__village"
    )

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["notice", "received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ObjectionStatus.OPEN) | ~Q(resolution=""),
                name="%(app_label)s_%(class)s_resolved_has_resolution",
            ),
        ]

    def __str__(self):
        return _("Objection about %(person)s") % {"person": self.nomination.person}

    def get_absolute_url(self):
        return self.notice.get_absolute_url() + f"#objection-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == ObjectionStatus.OPEN


class FormalList(models.Model):
    """The 正式候选人 list of a village for one committee (maker-checker).

    Proposed by an organisation-office user, confirmed by a leader who is not
    the proposer. The proposal stores a fingerprint of the list; if any
    candidate on it changes before confirmation, it is stale and must be
    proposed again.
    """

    round = models.ForeignKey(
        "stages.ElectionRound",
        verbose_name=_("election round"),
        on_delete=models.PROTECT,
        related_name="formal_lists",
    )
    village = models.ForeignKey(
        "villages.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="formal_lists",
    )
    body = models.CharField(_("committee"), max_length=24, choices=Body.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
    )
    nominations = models.ManyToManyField(
        Nomination, verbose_name=_("candidates"), related_name="formal_lists"
    )
    fingerprint = models.CharField(_("fingerprint of the list"), max_length=64)
    flags = models.TextField(_("points for the leader's attention"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    closed_reason = models.TextField(_("why it was closed"), blank=True)
    history = HistoricalRecords(m2m_fields=[nominations])

    objects = scoped_manager(township="village__township", village="village")

    class Meta:
        verbose_name = _("formal candidate list")
        verbose_name_plural = _("formal candidate lists")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True)
                | ~Q(confirmed_by=models.F("proposed_by")),
                name="%(app_label)s_%(class)s_checker_not_maker",
            ),
            models.UniqueConstraint(
                fields=["round", "village", "body"],
                condition=Q(status=ProposalStatus.PROPOSED),
                name="%(app_label)s_%(class)s_one_open_proposal",
            ),
        ]

    def __str__(self):
        return _("Formal candidates of %(village)s (%(body)s)") % {
            "village": self.village,
            "body": self.get_body_display(),
        }

    def get_absolute_url(self):
        return reverse("candidates:formal_list", args=[self.village_id, self.body])
