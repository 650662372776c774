"""Models of candidate vetting: the 十不选 catalogue, departments, nominations,
joint review (联审), public notice (公示) and the formal candidate list.

A round keeps the criteria it started with: the first batch sent to review
copies the catalogue into :class:`RoundCriterion` rows, which every finding of
that round points at, so later edits of :class:`Criterion` never rewrite past
reviews.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.roles import Role
from core.scope import ScopedQuerySet, get_scope, scoped_manager

from ..choices import (
    STATUS_COLOURS,
    Body,
    DecisionKind,
    FindingResult,
    NominationStatus,
    ObjectionStatus,
    Post,
    ProposalStatus,
    ReviewItemStatus,
    Route,
    Severity,
    WindowKind,
)

__all__ = [
    "Criterion",
    "Department",
    "FormalList",
    "Nomination",
    "Objection",
    "PublicNotice",
    "ReviewBatch",
    "ReviewDecision",
    "ReviewFinding",
    "ReviewItem",
    "RoundCriterion",
]


class ReferenceQuerySet(ScopedQuerySet):
    """County-wide reference data (criteria, departments): every signed-in user reads it."""

    def visible_to(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        return self.all()


# --- the catalogue ------------------------------------------------------------------


class Department(models.Model):
    """A unit that takes part in the joint review (联审单位), e.g. 公安 or 法院.

    Its reviewer users see only the candidates sent to it and only the criteria
    it checks; its head answers for the written conclusion (一把手负责).
    """

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=80)
    short_name = models.CharField(
        _("short name"), max_length=20, help_text=_("As printed in tables, e.g. 公安.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewers"),
        blank=True,
        related_name="review_departments",
        help_text=_(
            "Users (role “review department”) who record this department's findings."
        ),
    )
    active = models.BooleanField(
        _("takes part in the review"),
        default=True,
        help_text=_("Inactive departments receive no new review items."),
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords(m2m_fields=[reviewers])

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("review department")
        verbose_name_plural = _("review departments")
        ordering = ["order", "code"]

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("candidates:criteria") + f"#department-{self.code}"


class Criterion(models.Model):
    """One item of the 十不选 as the county words it now (editable in the admin).

    ``block`` items (不得) disqualify on a confirmed finding; ``warn`` items (不宜)
    need a leader's written decision. Each item names the departments that
    check it.
    """

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("short title"), max_length=100)
    text = models.TextField(_("full text"))
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.BLOCK
    )
    window_kind = models.CharField(
        _("time window"),
        max_length=20,
        choices=WindowKind.choices,
        default=WindowKind.ALWAYS,
    )
    window_years = models.PositiveSmallIntegerField(
        _("window in years"),
        null=True,
        blank=True,
        help_text=_("Only for “within the last N years”, e.g. 3 for 近3年."),
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    departments = models.ManyToManyField(
        Department, verbose_name=_("checked by"), blank=True, related_name="criteria"
    )
    active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords(m2m_fields=[departments])

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("disqualification criterion")
        verbose_name_plural = _("disqualification criteria (十不选)")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(window_kind=WindowKind.YEARS) & Q(window_years__gt=0))
                | (~Q(window_kind=WindowKind.YEARS) & Q(window_years__isnull=True)),
                name="%(app_label)s_%(class)s_years_with_window",
                violation_error_message=_(
                    "Give the number of years only for “within the last N years”, and always for it."
                ),
            ),
        ]

    def __str__(self):
        return _("Item %(number)s: %(title)s") % {
            "number": self.number,
            "title": self.title,
        }

    def get_absolute_url(self):
        return reverse("candidates:criteria") + f"#criterion-{self.number}"


class RoundCriterionQuerySet(ScopedQuerySet):
    township_path = "round__township"

    def for_department(self, department):
        """Return the criteria of a round that a department checks."""
        return self.filter(departments=department)


class RoundCriterion(models.Model):
    """A 十不选 item as it stood when a round's joint review began.

    Copied from :class:`Criterion` when the round's first batch is sent; the
    findings of the round refer to this copy, so later edits of the catalogue
    never change what a department answered.
    """

    round = models.ForeignKey(
        "stages.ElectionRound",
        verbose_name=_("election round"),
        on_delete=models.PROTECT,
        related_name="vetting_criteria",
    )
    source = models.ForeignKey(
        Criterion,
        verbose_name=_("catalogue item"),
        on_delete=models.PROTECT,
        related_name="round_copies",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("short title"), max_length=100)
    text = models.TextField(_("full text"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    window_kind = models.CharField(
        _("time window"), max_length=20, choices=WindowKind.choices
    )
    window_years = models.PositiveSmallIntegerField(
        _("window in years"), null=True, blank=True
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    departments = models.ManyToManyField(
        Department, verbose_name=_("checked by"), related_name="round_criteria"
    )
    copied_at = models.DateTimeField(_("copied at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RoundCriterionQuerySet.as_manager()

    class Meta:
        verbose_name = _("criterion of a round")
        verbose_name_plural = _("criteria of rounds")
        ordering = ["round", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "number"], name="%(app_label)s_%(class)s_unique_number"
            ),
        ]

    def __str__(self):
        return _("Item %(number)s: %(title)s") % {
            "number": self.number,
            "title": self.title,
        }

    def get_absolute_url(self):
        return (
            reverse("candidates:criteria")
            + f"?round={self.round_id}#criterion-{self.number}"
        )

    @property
    def window_display(self) -> str:
        """Return the time window as printed: 近3年, 至今未撤销 …"""
        if self.window_kind == WindowKind.YEARS:
            return _("within the last %(years)s years") % {"years": self.window_years}
        return str(self.get_window_kind_display())


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
    history = HistoricalRecords()

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
