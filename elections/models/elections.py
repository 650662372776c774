"""Models of meetings and elections: what was counted, and what the law made of it.

A clerk records the numbers (attendance, ballots, votes per candidate); the
services compute the outcome with ``elections.rules`` from the round's rule set
and store it beside the numbers — each candidate's result with the rule that
decided it — so the record reads the same after the rule set is edited. Applying
an election's result makes the winners the village's current committee members
on the roster (``villages.RosterMembership``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.scope import scoped_manager

from ..choices import (
    COUNT_STATUS_COLOURS,
    TALLY_COLOURS,
    Body,
    CountStatus,
    ElectionKind,
    MeetingKind,
    Post,
    ShortfallDecision,
    StaffRole,
    TallyStatus,
)

__all__ = [
    "Election",
    "ElectionCandidate",
    "ElectionStaff",
    "MeetingVote",
    "RecommendationMeeting",
]


class RecommendationMeeting(models.Model):
    """A 两推 meeting of a village: the 党员推荐大会 or the 村民代表会议 推荐.

    Valid with more than recommend_attendance of those entitled present; it
    recommends ``shortlist`` people (at least recommend_margin more than the
    seats) as 初步人选, who become nominations when the office confirms it.
    """

    round = models.ForeignKey(
        "stages.ElectionRound",
        verbose_name=_("election round"),
        on_delete=models.PROTECT,
        related_name="recommendation_meetings",
    )
    village = models.ForeignKey(
        "villages.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="recommendation_meetings",
    )
    kind = models.CharField(_("meeting"), max_length=16, choices=MeetingKind.choices)
    body = models.CharField(
        _("recommending for"),
        max_length=24,
        choices=Body.choices,
        default=Body.PARTY_COMMITTEE,
    )
    held_on = models.DateField(_("held on"))
    seats = models.PositiveSmallIntegerField(
        _("seats"), help_text=_("Members of the committee to be elected (职数).")
    )
    shortlist = models.PositiveSmallIntegerField(
        _("people to recommend"),
        help_text=_("How many preliminary nominees the meeting recommends (差额)."),
    )
    entitled = models.PositiveIntegerField(
        _("entitled to attend"),
        help_text=_("Party members of the village, or villager representatives."),
    )
    present = models.PositiveIntegerField(_("present"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CountStatus.choices,
        default=CountStatus.COUNTED,
    )
    valid = models.BooleanField(_("valid"), default=False)
    findings = models.JSONField(_("rules applied"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # The findings are computed from the numbers, which the history keeps.
    history = HistoricalRecords(excluded_fields=["findings"])

    objects = scoped_manager(township="village__township", village="village")

    class Meta:
        verbose_name = _("recommendation meeting")
        verbose_name_plural = _("recommendation meetings")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(present__lte=models.F("entitled")),
                name="%(app_label)s_%(class)s_present_within_entitled",
            ),
            models.CheckConstraint(
                condition=Q(seats__gt=0) & Q(shortlist__gt=0),
                name="%(app_label)s_%(class)s_seats_positive",
            ),
        ]

    def __str__(self):
        return f"{self.village} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("elections:meeting_detail", args=[self.pk])

    @property
    def status_colour(self) -> str:
        return COUNT_STATUS_COLOURS.get(self.status, "secondary")


class MeetingVote(models.Model):
    """The votes one person received at a recommendation meeting, and what they made."""

    meeting = models.ForeignKey(
        RecommendationMeeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="votes",
    )
    person = models.ForeignKey(
        "villages.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="meeting_votes",
    )
    post = models.CharField(
        _("recommended for"), max_length=20, choices=Post.choices, default=Post.MEMBER
    )
    votes = models.PositiveIntegerField(_("votes"))
    result = models.CharField(
        _("result"), max_length=12, choices=TallyStatus.choices, blank=True, default=""
    )
    rule = models.CharField(_("rule"), max_length=8, blank=True)
    explanation = models.TextField(_("why"), blank=True)
    nomination = models.ForeignKey(
        "candidates.Nomination",
        verbose_name=_("nomination"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_votes",
    )
    history = HistoricalRecords()

    objects = scoped_manager(
        township="meeting__village__township", village="meeting__village"
    )

    class Meta:
        verbose_name = _("meeting vote")
        verbose_name_plural = _("meeting votes")
        ordering = ["meeting", "-votes", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="%(app_label)s_%(class)s_unique_person",
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.votes}"

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()

    @property
    def result_colour(self) -> str:
        return TALLY_COLOURS.get(self.result, "secondary")


class Election(models.Model):
    """One vote of a village for a committee: 党员大会选举, 村委会选举大会 or 村务监督委员会推选.

    Set up with its seats and formal candidates, then counted: for the Party
    committee 应到会 is computed from the roster (P4) and 实到会, ballots issued
    and returned and each candidate's yes-votes are entered; for the villagers'
    and supervision committees the registered voters, ballots issued and cast
    and the votes per candidate per post. A 另行选举, a re-vote of a tie and the
    new Party committee electing its 书记/副书记 are elections too, pointing at
    the election they follow.
    """

    round = models.ForeignKey(
        "stages.ElectionRound",
        verbose_name=_("election round"),
        on_delete=models.PROTECT,
        related_name="elections",
    )
    village = models.ForeignKey(
        "villages.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="committee_elections",
    )
    body = models.CharField(_("committee"), max_length=24, choices=Body.choices)
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=ElectionKind.choices,
        default=ElectionKind.REGULAR,
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("follows the election"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followups",
    )
    held_on = models.DateField(_("held on"))
    seats_head = models.PositiveSmallIntegerField(
        _("seats: secretary / director"), default=0
    )
    seats_deputy = models.PositiveSmallIntegerField(_("seats: deputy"), default=0)
    seats_member = models.PositiveSmallIntegerField(_("seats: members"), default=0)
    entitled = models.PositiveIntegerField(
        _("entitled to vote"),
        null=True,
        blank=True,
        help_text=_(
            "Party committee: 应到会有选举权人数 from the roster; villagers' and supervision "
            "committees: registered voters."
        ),
    )
    present = models.PositiveIntegerField(
        _("voting members present"), null=True, blank=True
    )
    ballots_issued = models.PositiveIntegerField(
        _("ballots issued"), null=True, blank=True
    )
    ballots_returned = models.PositiveIntegerField(
        _("ballots returned / cast"), null=True, blank=True
    )
    full_members = models.PositiveIntegerField(
        _("full Party members"), null=True, blank=True
    )
    excluded_members = models.PositiveIntegerField(
        _("approved exclusions from 应到会"), null=True, blank=True
    )
    members_without_vote = models.PositiveIntegerField(
        _("members without a vote (留党察看, 留置/逮捕)"), null=True, blank=True
    )
    probationary_members = models.PositiveIntegerField(
        _("probationary members"), null=True, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CountStatus.choices,
        default=CountStatus.PLANNED,
    )
    valid = models.BooleanField(_("valid"), null=True, blank=True)
    findings = models.JSONField(_("rules applied"), default=list, blank=True)
    shortfall = models.JSONField(_("seats unfilled"), default=dict, blank=True)
    shortfall_decision = models.CharField(
        _("decision on unfilled seats"),
        max_length=10,
        choices=ShortfallDecision.choices,
        blank=True,
        default="",
    )
    decision_consent = models.PositiveIntegerField(
        _("electors agreeing to reduce the seats"), null=True, blank=True
    )
    decision_note = models.TextField(_("decision recorded"), blank=True)
    # V1 (第六条): kept on a villagers' committee's regular election while the
    # committee its votes elected has no woman; cleared when the separate vote
    # for the women's seat (or a 另行选举) elects one (services.women_seat).
    women_missing = models.BooleanField(_("no woman member yet"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set up by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    # Findings and shortfall are computed from the numbers, which the history keeps.
    history = HistoricalRecords(excluded_fields=["findings", "shortfall"])

    objects = scoped_manager(township="village__township", village="village")

    class Meta:
        verbose_name = pgettext_lazy("model", "election")
        verbose_name_plural = _("elections")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(present__isnull=True)
                | Q(entitled__isnull=True)
                | Q(present__lte=models.F("entitled")),
                name="%(app_label)s_%(class)s_present_within_entitled",
            ),
            models.CheckConstraint(
                condition=Q(kind=ElectionKind.REGULAR) | Q(parent__isnull=False),
                name="%(app_label)s_%(class)s_followup_has_parent",
            ),
            models.CheckConstraint(
                condition=Q(seats_head__gt=0)
                | Q(seats_deputy__gt=0)
                | Q(seats_member__gt=0),
                name="%(app_label)s_%(class)s_has_seats",
            ),
            # One election of a committee waiting for its vote per village and
            # round: a double submit of the set-up cannot make a second one. A
            # counted (e.g. invalid) election may be followed by a new one.
            models.UniqueConstraint(
                fields=["round", "village", "body"],
                condition=Q(kind=ElectionKind.REGULAR, status=CountStatus.PLANNED),
                name="%(app_label)s_%(class)s_one_planned_regular",
            ),
        ]
        indexes = [
            models.Index(
                fields=["village", "body", "status"], name="elections_elec_vil_body"
            ),
        ]

    def __str__(self):
        return f"{self.village} · {self.get_body_display()} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("elections:election_detail", args=[self.pk])

    @property
    def status_colour(self) -> str:
        return COUNT_STATUS_COLOURS.get(self.status, "secondary")

    @property
    def seats(self) -> int:
        return self.seats_head + self.seats_deputy + self.seats_member

    @property
    def is_party(self) -> bool:
        return self.body == Body.PARTY_COMMITTEE

    @property
    def committee_women_missing(self) -> bool:
        """Whether the committee of this chain of votes still has no woman (缺妇女成员)."""
        node = self
        while node.parent_id:
            node = node.parent
        return node.women_missing


class ElectionCandidate(models.Model):
    """A candidate on an election's ballot for one post, with votes and result.

    The result keeps the rule that decided it and the explanation shown to the
    clerk. 当选无效 (an elected person found to have won by improper means or
    to be ineligible) is recorded here, with the reason.
    """

    election = models.ForeignKey(
        Election,
        verbose_name=pgettext_lazy("model", "election"),
        on_delete=models.CASCADE,
        related_name="candidates",
    )
    person = models.ForeignKey(
        "villages.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="election_candidacies",
    )
    nomination = models.ForeignKey(
        "candidates.Nomination",
        verbose_name=_("nomination"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="election_candidacies",
    )
    post = models.CharField(_("post"), max_length=20, choices=Post.choices)
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    result = models.CharField(
        _("result"), max_length=12, choices=TallyStatus.choices, blank=True, default=""
    )
    rule = models.CharField(_("rule"), max_length=8, blank=True)
    explanation = models.TextField(_("why"), blank=True)
    void = models.BooleanField(_("election void"), default=False)
    void_reason = models.TextField(_("why the election is void"), blank=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = scoped_manager(
        township="election__village__township", village="election__village"
    )

    class Meta:
        verbose_name = _("election candidate")
        verbose_name_plural = _("election candidates")
        ordering = ["election", "post", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "person", "post"],
                name="%(app_label)s_%(class)s_unique_person_post",
            ),
            models.CheckConstraint(
                condition=Q(void=False) | ~Q(void_reason=""),
                name="%(app_label)s_%(class)s_void_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_post_display()}"

    def get_absolute_url(self):
        return self.election.get_absolute_url()

    @property
    def result_colour(self) -> str:
        if self.void:
            return "danger"
        return TALLY_COLOURS.get(self.result, "secondary")

    @property
    def elected(self) -> bool:
        return self.result == TallyStatus.ELECTED and not self.void


class ElectionStaff(models.Model):
    """A member of the 村民选举委员会, or a 监票人/计票人, of an election (checked by V8)."""

    election = models.ForeignKey(
        Election,
        verbose_name=pgettext_lazy("model", "election"),
        on_delete=models.CASCADE,
        related_name="staff",
    )
    person = models.ForeignKey(
        "villages.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="election_duties",
    )
    role = models.CharField(_("role"), max_length=12, choices=StaffRole.choices)
    history = HistoricalRecords()

    objects = scoped_manager(
        township="election__village__township", village="election__village"
    )

    class Meta:
        verbose_name = _("election staff member")
        verbose_name_plural = _("election staff")
        ordering = ["election", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "person", "role"],
                name="%(app_label)s_%(class)s_unique_person_role",
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_role_display()}"

    def get_absolute_url(self):
        return self.election.get_absolute_url()
