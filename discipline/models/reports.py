"""Reports (举报) and their confidential part: who reported, how to reach them, what
they wrote and sent. See ``discipline.access`` for who sees what, and why.

The reporter's identity lives in :class:`ReportSource` and the files in
:class:`ReportAttachment`, never on :class:`Report`: so the report's own change
history, admin pages, exports and reminders cannot carry it, and only the
querysets of those two models need the discipline-only rule.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.scope import ScopedQuerySet, get_scope

from .. import access
from ..choices import (
    BLOCKING_CATEGORIES,
    STATUS_COLOURS,
    ActionKind,
    Conclusion,
    ExtensionStatus,
    ReportCategory,
    ReportChannel,
    ReportStatus,
)
from .base import report_upload_to

EARLY_STATUSES = (ReportStatus.REGISTERED, ReportStatus.ACCEPTED)


class ReportQuerySet(ScopedQuerySet):
    """Reports limited by the confidentiality rule of ``discipline.access``."""

    township_path = "township"
    village_path = "village"

    def _within(self, scope, user):
        queryset = self.filter(self.scope_q(scope))
        recused = access.recused_village_ids(user)
        if recused:
            # 回避: the staff of a village never see reports about it.
            queryset = queryset.exclude(village_id__in=recused)
        return queryset

    def visible_to(self, user):
        """Return the report rows the user may list and open (none for village staff)."""
        scope = get_scope(user)
        if not access.reads_reports(scope):
            return self.none()
        return self._within(scope, user)

    def counted_for(self, user):
        """Return the reports the user may count (inspectors and county: totals only)."""
        scope = get_scope(user)
        if not access.counts_reports(scope):
            return self.none()
        return self._within(scope, user)

    def open(self):
        return self.exclude(status=ReportStatus.CLOSED)

    def overdue(self, today: datetime.date):
        """Return the reports past their acceptance or verification deadline."""
        return self.filter(
            Q(status=ReportStatus.REGISTERED, received_on__lt=today)
            | Q(status=ReportStatus.ACCEPTED, verify_due__lt=today)
        )

    def blocking(self):
        """Return the open 拉票贿选/资格问题 reports against a person."""
        return self.open().filter(
            category__in=BLOCKING_CATEGORIES, person__isnull=False
        )


class Report(models.Model):
    """A report (举报) about the election in a village — e.g. “候选人张某请党员吃饭拉票” —
    from the hotline, the mailbox, a visit, 12380 or a referral, followed through
    登记 → 受理 → 核查 → 结论 → 处置 → 反馈 → 办结."""

    township = models.ForeignKey(
        "villages.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    number = models.CharField(pgettext_lazy("report", "number"), max_length=20)
    village = models.ForeignKey(
        "villages.Village",
        verbose_name=_("village concerned"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    person = models.ForeignKey(
        "villages.Person",
        verbose_name=_("person concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    subject_name = models.CharField(
        _("person concerned (not on the roster)"),
        max_length=50,
        blank=True,
        help_text=_("Only when the person reported is not on the village roster."),
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=ReportChannel.choices
    )
    category = models.CharField(
        _("category"), max_length=20, choices=ReportCategory.choices
    )
    summary = models.TextField(
        _("summary"),
        help_text=_(
            "What is reported, in a few sentences, WITHOUT the reporter's name, contact or "
            "anything that would identify them: the leading group and the office read this."
        ),
    )
    received_on = models.DateField(_("received on"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ReportStatus.choices,
        default=ReportStatus.REGISTERED,
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verify_days = models.PositiveSmallIntegerField(
        _("working days to verify"), null=True, blank=True
    )
    verify_due = models.DateField(_("verification due"), null=True, blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("concluded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    conclusion = models.CharField(
        _("conclusion"), max_length=12, choices=Conclusion.choices, blank=True
    )
    findings = models.TextField(_("findings of the verification"), blank=True)
    handled_on = models.DateField(_("handled on"), null=True, blank=True)
    handling_note = models.TextField(_("handling"), blank=True)
    feedback_on = models.DateField(_("fed back on"), null=True, blank=True)
    feedback_note = models.TextField(
        _("feedback"),
        blank=True,
        help_text=_(
            "Feedback to the nominee's Party organisation and others; not the reporter's name."
        ),
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["registered_at"])

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "number"],
                name="%(app_label)s_%(class)s_unique_number",
            ),
            models.CheckConstraint(
                condition=Q(status__in=EARLY_STATUSES, conclusion="")
                | (~Q(status__in=EARLY_STATUSES) & ~Q(conclusion="")),
                name="%(app_label)s_%(class)s_conclusion_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.REGISTERED)
                | Q(verify_due__isnull=False),
                name="%(app_label)s_%(class)s_accepted_has_due",
            ),
        ]
        indexes = [
            models.Index(
                fields=["township", "status"], name="discipline_report_twp_status"
            ),
            models.Index(fields=["person", "status"], name="discipline_report_person"),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("discipline:report_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status != ReportStatus.CLOSED

    @property
    def is_blocking(self) -> bool:
        """Return whether the report blocks its person from becoming 正式候选人."""
        return (
            self.is_open
            and self.person_id is not None
            and self.category in BLOCKING_CATEGORIES
        )

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS.get(self.status, "secondary")

    @property
    def concerned(self) -> str:
        """Return the name of the person concerned, on the roster or not."""
        if self.person_id:
            return self.person.name
        return self.subject_name

    def deadline(self) -> datetime.date | None:
        """Return the date the current step is due: 受理 the same day, 核查 by verify_due."""
        if self.status == ReportStatus.REGISTERED:
            return self.received_on
        if self.status == ReportStatus.ACCEPTED:
            return self.verify_due
        return None

    def is_overdue(self, today: datetime.date) -> bool:
        due = self.deadline()
        return due is not None and due < today


class ConfidentialQuerySet(ScopedQuerySet):
    """Rows only the discipline role reads, and only for reports it may see."""

    township_path = "report__township"

    def visible_to(self, user):
        scope = get_scope(user)
        if not access.sees_reporter(scope):
            return self.none()
        return self.filter(report__in=Report.objects.visible_to(user))


class ReportSource(models.Model):
    """Who reported and what they said, as received (举报人信息与原件) — confidential.

    Only the discipline role reads these rows (严禁打击报复 is itself one of the
    十个严禁): the name, contact, the original text and the feedback given to the
    reporter.
    """

    report = models.OneToOneField(
        Report,
        verbose_name=_("report"),
        on_delete=models.PROTECT,
        related_name="source",
    )
    anonymous = models.BooleanField(_("anonymous"), default=True)
    reporter_name = models.CharField(_("reporter's name"), max_length=50, blank=True)
    reporter_phone = models.CharField(_("reporter's phone"), max_length=30, blank=True)
    reporter_contact = models.CharField(
        _("other contact"),
        max_length=200,
        blank=True,
        help_text=_("Address, WeChat or another way to reach the reporter."),
    )
    original_content = models.TextField(_("report as received"))
    reporter_feedback = models.TextField(
        _("feedback to the reporter"),
        blank=True,
        help_text=_("When and how the reporter was told the result (见面或电话)."),
    )
    history = HistoricalRecords()

    objects = ConfidentialQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporter and original report")
        verbose_name_plural = _("reporters and original reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=True) | ~Q(reporter_name=""),
                name="%(app_label)s_%(class)s_named_has_name",
            ),
        ]

    def __str__(self):
        return str(self.report)

    def get_absolute_url(self):
        return self.report.get_absolute_url()

    @property
    def reachable(self) -> bool:
        """Return whether the reporter left a way to be told the result."""
        return bool(self.reporter_phone or self.reporter_contact)


class ReportAttachment(models.Model):
    """A file received with a report (letter scan, photo, recording) — confidential."""

    report = models.ForeignKey(
        Report,
        verbose_name=_("report"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=report_upload_to)
    original_name = models.CharField(_("file name"), max_length=200)
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = ConfidentialQuerySet.as_manager()

    class Meta:
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")
        ordering = ["report", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("discipline:report_file", args=[self.pk])


class ReportChildQuerySet(ScopedQuerySet):
    """Rows of a report that every report reader sees (actions, extensions)."""

    township_path = "report__township"

    def visible_to(self, user):
        return self.filter(report__in=Report.objects.visible_to(user))


class ReportAction(models.Model):
    """What was done about a substantiated report: 取消资格, 当选无效, 批评教育 or 移送."""

    report = models.ForeignKey(
        Report,
        verbose_name=_("report"),
        on_delete=models.PROTECT,
        related_name="actions",
    )
    kind = models.CharField(_("action"), max_length=16, choices=ActionKind.choices)
    # The nomination acted on (candidates.Nomination), kept as a plain id so that
    # the discipline app does not depend on the candidates app's migrations.
    nomination_id = models.PositiveBigIntegerField(
        _("nomination"), null=True, blank=True
    )
    referred_to = models.CharField(_("referred to"), max_length=100, blank=True)
    description = models.TextField(_("what was done"))
    effect = models.CharField(_("result"), max_length=200, blank=True)
    taken_on = models.DateField(_("date"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = ReportChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("report action")
        verbose_name_plural = _("report actions")
        ordering = ["report", "taken_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=ActionKind.REFER) | ~Q(referred_to=""),
                name="%(app_label)s_%(class)s_referral_has_target",
            ),
        ]

    def __str__(self):
        return f"{self.report} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return self.report.get_absolute_url()


class ReportExtension(models.Model):
    """A request to extend a report's verification deadline and the leader's decision."""

    report = models.ForeignKey(
        Report,
        verbose_name=_("report"),
        on_delete=models.PROTECT,
        related_name="extensions",
    )
    days = models.PositiveSmallIntegerField(_("extra working days"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("decision"),
        max_length=10,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("leader's reason"), blank=True)
    previous_due = models.DateField(_("due before"))
    new_due = models.DateField(_("due after"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ReportChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["report", "requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report"],
                condition=Q(status=ExtensionStatus.PENDING),
                name="%(app_label)s_%(class)s_one_pending",
            ),
            models.CheckConstraint(
                condition=Q(days__gt=0), name="%(app_label)s_%(class)s_days_positive"
            ),
        ]

    def __str__(self):
        return f"{self.report} +{self.days}"

    def get_absolute_url(self):
        return self.report.get_absolute_url()
