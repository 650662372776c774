"""Nominations: a person put forward for a committee and post, and its status."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scope import ScopedQuerySet

from ...choices import (
    STATUS_COLOURS,
    Body,
    NominationStatus,
    Post,
    Route,
)

# --- nominations --------------------------------------------------------------------


class NominationQuerySet(ScopedQuerySet):
    township_path = "village__township"
    village_path = "village"

    def active(self):
        """Return nominations still in the running (not disqualified, not decided)."""
        return self.exclude(
            status__in=[
                NominationStatus.DISQUALIFIED,
                NominationStatus.ELECTED,
                NominationStatus.NOT_ELECTED,
                NominationStatus.WITHDRAWN,
            ]
        )


class Nomination(models.Model):
    """A person put forward in a village for a committee and post (候选人初步人选).

    Moves 初步人选 → 联审中 → 考察 → 公示 → 正式候选人 → 当选/落选, or 取消资格
    with a reason, only through the services in ``candidates.services``; every
    change of status is kept in the history with who and why.
    """

    round = models.ForeignKey(
        "stages.ElectionRound",
        verbose_name=_("election round"),
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    village = models.ForeignKey(
        "villages.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    person = models.ForeignKey(
        "villages.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    body = models.CharField(_("committee"), max_length=24, choices=Body.choices)
    post = models.CharField(_("post"), max_length=20, choices=Post.choices)
    route = models.CharField(
        _("nomination route"), max_length=16, choices=Route.choices
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=NominationStatus.choices,
        default=NominationStatus.PRELIMINARY,
        db_index=True,
    )
    disqualified_reason = models.TextField(_("reason for disqualification"), blank=True)
    status_changed_at = models.DateTimeField(
        _("status changed at"), null=True, blank=True
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The time of a status change is the history row's own date.
    history = HistoricalRecords(excluded_fields=["status_changed_at"])

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["village__code", "body", "post", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person", "body"],
                name="%(app_label)s_%(class)s_unique_person_body",
            ),
            models.CheckConstraint(
                condition=~Q(status=NominationStatus.DISQUALIFIED)
                | ~Q(disqualified_reason=""),
                name="%(app_label)s_%(class)s_disqualified_has_reason",
            ),
        ]
        indexes = [
            models.Index(
                fields=["village", "body", "status"], name="candidates_nom_vil_body_st"
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_body_display()}{self.get_post_display()}"

    def get_absolute_url(self):
        return reverse("candidates:nomination_detail", args=[self.pk])

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS.get(self.status, "secondary")
