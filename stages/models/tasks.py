"""The six stages, the task templates (任务表/提示单) and each village's tasks."""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.roles import Role
from core.scope import ScopedQuerySet, scoped_manager

from ..choices import (
    CELL_COLOURS,
    CLOSED_STATUSES,
    DUE_SOON_DAYS,
    Anchor,
    CellState,
    ElectionKind,
    OffsetUnit,
    RuleKey,
    TaskStatus,
)
from .rules import GlobalQuerySet


class Stage(models.Model):
    """One of the six stages of the round (前期准备 … 后续工作), in order.

    Names are the township's wording and editable; the provincial documents
    call the fifth stage 大会选举 where the township says 大会推荐.
    """

    order = models.PositiveSmallIntegerField(_("order"))
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=30)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    objects = GlobalQuerySet.as_manager()

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(
                fields=["order"], name="%(app_label)s_%(class)s_unique_order"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("stages:stage_list")


class TaskTemplate(models.Model):
    """A row of the 任务表: a step, its 提示单 and its deadline relative to an anchor day.

    The deadline is ``anchor + offset`` in calendar or working days (negative
    offsets fall before the anchor). When ``offset_rule`` names a rule, the
    number of days comes from the round's rule set and ``offset_days`` only
    gives the direction. A *statutory* deadline is one the law fixes: the task
    may not be recorded as completed after it.
    """

    stage = models.ForeignKey(
        Stage,
        verbose_name=_("stage"),
        on_delete=models.PROTECT,
        related_name="templates",
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order in stage"), default=0)
    election = models.CharField(
        _("election"),
        max_length=12,
        choices=ElectionKind.choices,
        default=ElectionKind.GENERAL,
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    guidance = models.TextField(
        _("reminder sheet text"),
        help_text=_(
            "提示单: policy requirements, key procedure points, materials to submit."
        ),
    )
    required_evidence = models.TextField(
        _("required evidence"),
        blank=True,
        help_text=_(
            "Files, signed sheets or photos that prove the step, one per line."
        ),
    )
    owner_role = models.CharField(
        _("owner role"), max_length=12, choices=Role.choices, default=Role.GUIDE
    )
    anchor = models.CharField(_("anchor"), max_length=16, choices=Anchor.choices)
    offset_days = models.IntegerField(
        _("offset"), help_text=_("Days after the anchor; negative for days before it.")
    )
    offset_unit = models.CharField(
        _("unit"),
        max_length=10,
        choices=OffsetUnit.choices,
        default=OffsetUnit.CALENDAR,
    )
    offset_rule = models.CharField(
        _("offset from rule"),
        max_length=40,
        choices=RuleKey.choices,
        blank=True,
        help_text=_("Take the number of days from this rule of the round's rule set."),
    )
    is_statutory = models.BooleanField(
        _("statutory deadline"),
        default=False,
        help_text=_(
            "The law fixes this deadline: completion may not be recorded after it."
        ),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    prerequisites = models.ManyToManyField(
        "self",
        verbose_name=_("prerequisites"),
        symmetrical=False,
        blank=True,
        related_name="dependants",
        help_text=_("Steps that must be completed before this one."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(m2m_fields=[prerequisites])

    objects = GlobalQuerySet.as_manager()

    class Meta:
        verbose_name = _("task template")
        verbose_name_plural = _("task templates")
        ordering = ["stage__order", "order", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("stages:template_detail", args=[self.pk])


class VillageTaskQuerySet(ScopedQuerySet):
    township_path = "village__township"
    village_path = "village"

    def open(self):
        """Return the tasks not done and not marked not applicable."""
        return self.exclude(status__in=CLOSED_STATUSES)

    def overdue(self, *, today: date):
        """Return the open tasks whose deadline has passed."""
        return self.open().filter(due_date__lt=today)


class VillageTask(models.Model):
    """A village's instance of a task template in a round, with its deadline and progress.

    ``title`` and ``stage`` are copied from the template when the round starts
    so later wording changes do not rewrite past work. Overdue is derived: the
    due date has passed and the task is neither done nor not applicable.
    """

    round = models.ForeignKey(
        "stages.ElectionRound",
        verbose_name=_("election round"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    village = models.ForeignKey(
        "villages.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    stage = models.ForeignKey(
        Stage, verbose_name=_("stage"), on_delete=models.PROTECT, related_name="tasks"
    )
    template = models.ForeignKey(
        TaskTemplate,
        verbose_name=_("template"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    title = models.CharField(_("title"), max_length=120)
    due_date = models.DateField(_("due date"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=TaskStatus.choices,
        default=TaskStatus.NOT_STARTED,
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="village_tasks",
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    completed_late = models.BooleanField(
        _("completed late"),
        default=False,
        help_text=_(
            "Done after its statutory deadline (逾期完成); the supervision group is told."
        ),
    )
    late_reason = models.TextField(_("reason for the late completion"), blank=True)
    history = HistoricalRecords()

    objects = VillageTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("village task")
        verbose_name_plural = _("village tasks")
        ordering = ["round", "village", "stage__order", "template__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "village", "template"],
                name="%(app_label)s_%(class)s_unique_template",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done")
                | models.Q(completed_on__isnull=False),
                name="%(app_label)s_%(class)s_done_has_date",
            ),
        ]
        indexes = [
            # Covering indexes: the battle map counts a page of villages per stage,
            # the county map and the totals count whole rounds per stage, both
            # by status and due date, without reading the table rows.
            models.Index(
                fields=["round", "village", "stage", "status", "due_date"],
                name="stages_task_cell_idx",
            ),
            models.Index(
                fields=["round", "stage", "status", "due_date", "village"],
                name="stages_task_round_idx",
            ),
            models.Index(fields=["owner", "status"], name="stages_task_owner_idx"),
        ]

    def __str__(self):
        return f"{self.village} · {self.title}"

    def get_absolute_url(self):
        return reverse("stages:task_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        """Return whether the task still needs work."""
        return self.status not in CLOSED_STATUSES

    # Pages set ``task.today`` once (selectors) so a list of tasks does not ask
    # for the local date per row; otherwise it is read when needed.
    today: date | None = None

    def _day(self, today: date | None) -> date:
        return today or self.today or timezone.localdate()

    def is_overdue(self, today: date | None = None) -> bool:
        """Return whether the deadline has passed and the task is still open."""
        return self.is_open and self.due_date < self._day(today)

    def state(self, today: date | None = None) -> str:
        """Return the colour state: done / overdue / due soon / on track."""
        today = self._day(today)
        if not self.is_open:
            return CellState.DONE
        if self.due_date < today:
            return CellState.OVERDUE
        if (self.due_date - today).days <= DUE_SOON_DAYS:
            return CellState.DUE_SOON
        return CellState.ON_TRACK

    @property
    def colour(self) -> str:
        """Return the Bootstrap colour of the task's state."""
        return CELL_COLOURS[self.state()]

    def status_label(self, today: date | None = None) -> str:
        """Return the status as shown: 逾期 replaces 未开始/进行中 once overdue."""
        if self.is_overdue(today):
            return str(CellState.OVERDUE.label)
        return str(TaskStatus(self.status).label)


def evidence_path(instance: TaskEvidence, filename: str) -> str:
    """Store evidence under MEDIA_ROOT/stages/evidence/<round>/<village>/<random>.<ext>."""
    suffix = Path(filename).suffix.lower()
    task = instance.task
    return f"stages/evidence/{task.round_id}/{task.village_id}/{secrets.token_hex(12)}{suffix}"


class TaskEvidence(models.Model):
    """A file that proves a village task was done (公告 photo, signed sheet, minutes…)."""

    task = models.ForeignKey(
        VillageTask,
        verbose_name=_("task"),
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = scoped_manager(
        township="task__village__township", village="task__village"
    )

    class Meta:
        verbose_name = _("task evidence")
        verbose_name_plural = _("task evidence")
        ordering = ["task", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("stages:evidence_download", args=[self.pk])


def new_feed_token() -> str:
    """Return a fresh unguessable token for a calendar feed URL."""
    return secrets.token_urlsafe(24)


class CalendarFeedQuerySet(ScopedQuerySet):
    """A user sees only their own calendar feed."""

    def visible_to(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class CalendarFeed(models.Model):
    """A user's private iCalendar feed of task deadlines, opened by a secret token URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="task_calendar_feed",
    )
    token = models.CharField(
        _("token"), max_length=64, unique=True, default=new_feed_token
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("stages:calendar_settings")
