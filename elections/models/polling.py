"""Election-day operations of a 村委会 election: proxy votes (V9) and polling stations.

A **proxy vote** (委托投票, 村民委员会组织法 第十五条) is a registered voter
away on election day who authorises, in writing, a near relative registered in
the same village to vote for them; the committee publishes the list of voters
and proxies before election day. Each voter has at most one proxy (a database
constraint); how many voters one proxy may vote for, whether the proxy must be
a near relative and the last day for the authorisation are rule-set rows.

A **polling station** (选举大会会场, 中心投票站, 投票站, 流动票箱) counts the
ballots it issued and got back (V7 per station); an election with stations
takes its ballots issued and cast from their sums, never typed twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scope import scoped_manager

from ..choices import ProxyRelation, StationKind

__all__ = ["MOBILE_BOX_MIN_SUPERVISORS", "PollingStation", "ProxyVote"]

# 流动票箱 are carried by at least three scrutineers (监票人).
MOBILE_BOX_MIN_SUPERVISORS = 3


class ProxyVote(models.Model):
    """A written authorisation: ``voter`` (委托人) lets ``proxy`` (受托人) vote for them."""

    register = models.ForeignKey(
        "elections.VoterRegister",
        verbose_name=_("voter register"),
        on_delete=models.PROTECT,
        related_name="proxy_votes",
    )
    voter = models.ForeignKey(
        "elections.Voter",
        verbose_name=_("voter (委托人)"),
        on_delete=models.PROTECT,
        related_name="proxy_given",
    )
    proxy = models.ForeignKey(
        "elections.Voter",
        verbose_name=_("proxy (受托人)"),
        on_delete=models.PROTECT,
        related_name="proxy_for",
    )
    relation = models.CharField(
        _("relation to the voter"), max_length=12, choices=ProxyRelation.choices
    )
    authorised_on = models.DateField(_("written authorisation dated"))
    note = models.CharField(_("note"), max_length=200, blank=True)
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
        verbose_name = _("proxy vote")
        verbose_name_plural = _("proxy votes")
        ordering = ["proxy__name", "proxy_id", "voter__name", "pk"]
        constraints = [
            # A voter gives one proxy at most (V9).
            models.UniqueConstraint(
                fields=["voter"], name="%(app_label)s_%(class)s_one_per_voter"
            ),
            models.CheckConstraint(
                condition=~Q(voter=F("proxy")),
                name="%(app_label)s_%(class)s_not_self",
            ),
        ]
        indexes = [
            models.Index(fields=["register", "proxy"], name="elections_proxy_reg"),
        ]

    def __str__(self):
        return f"{self.voter} → {self.proxy}"

    def get_absolute_url(self):
        return reverse("elections:proxies", args=[self.register.election_id])


class PollingStation(models.Model):
    """Where ballots are cast: the meeting, a polling station or a mobile box (V7)."""

    election = models.ForeignKey(
        "elections.Election",
        verbose_name=_("election"),
        on_delete=models.PROTECT,
        related_name="stations",
    )
    name = models.CharField(_("station name"), max_length=50)
    kind = models.CharField(
        _("kind of station"), max_length=10, choices=StationKind.choices
    )
    supervisors = models.PositiveSmallIntegerField(_("scrutineers at the box"))
    ballots_issued = models.PositiveIntegerField(
        _("ballots issued"), null=True, blank=True
    )
    ballots_returned = models.PositiveIntegerField(
        _("ballots returned"), null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = scoped_manager(
        township="election__village__township", village="election__village"
    )

    class Meta:
        verbose_name = _("polling station")
        verbose_name_plural = _("polling stations")
        ordering = ["election", "kind", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "name"],
                name="%(app_label)s_%(class)s_unique_name",
            ),
            # V7 per station.
            models.CheckConstraint(
                condition=Q(ballots_issued__isnull=True, ballots_returned__isnull=True)
                | Q(
                    ballots_issued__isnull=False,
                    ballots_returned__isnull=False,
                    ballots_returned__lte=F("ballots_issued"),
                ),
                name="%(app_label)s_%(class)s_returned_within_issued",
            ),
            models.CheckConstraint(
                condition=~Q(kind=StationKind.MOBILE)
                | Q(supervisors__gte=MOBILE_BOX_MIN_SUPERVISORS),
                name="%(app_label)s_%(class)s_mobile_box_supervisors",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("elections:stations", args=[self.election_id])

    @property
    def counted(self) -> bool:
        return self.ballots_issued is not None
