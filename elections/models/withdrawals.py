"""候选人退出: a formal candidate withdraws in writing before the election day.

DOMAIN.md §4 (浙江 第十九条): a formal candidate of the villagers' committee may
withdraw by a written statement no later than ``vc_withdrawal_days`` before the
election day. The withdrawal is kept (never deleted) with the date the
statement was received, the reason and who recorded it; the nomination
becomes “withdrew”, the candidate leaves the ballot, and the next candidate in
order (递补) may take the place. The V3 margin is checked again and kept with
the record; the formal-list page announces the withdrawal.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scope import scoped_manager

__all__ = ["CandidateWithdrawal"]


class CandidateWithdrawal(models.Model):
    """A formal candidate's written withdrawal (候选人书面退出) and its 递补."""

    nomination = models.OneToOneField(
        "candidates.Nomination",
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        related_name="withdrawal",
    )
    election_day = models.DateField(_("election day"))
    received_on = models.DateField(_("written statement received on"))
    statement_received = models.BooleanField(
        _("written statement received"), default=False
    )
    reason = models.TextField(_("reason"))
    replacement = models.OneToOneField(
        "candidates.Nomination",
        verbose_name=_("replaced by (递补)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
    )
    margin_note = models.TextField(_("V3 after the withdrawal"), blank=True)
    margin_short = models.BooleanField(_("too few candidates (V3)"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = scoped_manager(
        township="nomination__village__township", village="nomination__village"
    )

    class Meta:
        verbose_name = _("candidate withdrawal")
        verbose_name_plural = _("candidate withdrawals")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(statement_received=True),
                name="%(app_label)s_%(class)s_in_writing",
            ),
            models.CheckConstraint(
                condition=~models.Q(reason=""),
                name="%(app_label)s_%(class)s_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.nomination.person} · {self.received_on}"

    def get_absolute_url(self):
        n = self.nomination
        return reverse("candidates:formal_list", args=[n.village_id, n.body])
