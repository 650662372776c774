"""Organisation of a township: villages, working groups and each village's file."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scope import scoped_manager

from ..choices import (
    RATING_COLOURS,
    GroupKind,
    GroupPosition,
    PlanKind,
    PlanStatus,
    Rating,
    VillageKind,
)


class County(models.Model):
    """A county (县): the county organisation department reads all its townships."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=50)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Township(models.Model):
    """A 乡镇 whose organisation office runs the 换届 in its villages."""

    county = models.ForeignKey(
        County,
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="townships",
    )
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=50)
    history = HistoricalRecords()

    objects = scoped_manager(township="pk")

    class Meta:
        verbose_name = _("township")
        verbose_name_plural = _("townships")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("villages:township_detail", args=[self.pk])


class Village(models.Model):
    """A 村 or 社区 of a township; the unit every task, roster and election belongs to."""

    township = models.ForeignKey(
        Township,
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="villages",
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=VillageKind.choices,
        default=VillageKind.VILLAGE,
    )
    population = models.PositiveIntegerField(_("population"), default=0)
    households = models.PositiveIntegerField(_("households"), default=0)
    party_member_count = models.PositiveIntegerField(_("party members"), default=0)
    natural_villages = models.PositiveIntegerField(_("natural villages"), default=0)
    report_hotline = models.CharField(_("report hotline"), max_length=30, blank=True)
    report_mailbox = models.CharField(
        _("report mailbox"),
        max_length=100,
        blank=True,
        help_text=_("Where the report mailbox hangs, or its postal address."),
    )
    notes = models.TextField(_("notes"), blank=True)
    name_pinyin = models.CharField(
        max_length=200, blank=True, editable=False, db_index=True
    )
    name_initials = models.CharField(
        max_length=50, blank=True, editable=False, db_index=True
    )
    history = HistoricalRecords(excluded_fields=["name_pinyin", "name_initials"])

    objects = scoped_manager(township="township", village="pk")

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["township__code", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "code"], name="%(app_label)s_%(class)s_unique_code"
            ),
            models.UniqueConstraint(
                fields=["township", "name"], name="%(app_label)s_%(class)s_unique_name"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Search keys are a pure function of the name, kept beside it so that a
        # clerk can type "lc" or "licang" and find 立仓.
        from core.text import pinyin_keys

        self.name_pinyin, self.name_initials = pinyin_keys(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("villages:village_detail", args=[self.pk])


class WorkingGroup(models.Model):
    """One of the township's four working groups (领导组/指导组/督察组/审查组).

    A guidance group is assigned to one or more villages (包保); its leader is
    the default owner of those villages' tasks and first recipient of reminders.
    """

    township = models.ForeignKey(
        Township,
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="working_groups",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=GroupKind.choices)
    name = models.CharField(_("name"), max_length=80)
    villages = models.ManyToManyField(
        Village,
        verbose_name=_("villages guided"),
        blank=True,
        related_name="guidance_groups",
        help_text=_(
            "Only for guidance groups: the villages this group is responsible for."
        ),
    )
    duties = models.TextField(_("duties"), blank=True)
    history = HistoricalRecords(m2m_fields=[villages])

    objects = scoped_manager(township="township")

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["township", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "name"], name="%(app_label)s_%(class)s_unique_name"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("villages:group_detail", args=[self.pk])

    @property
    def members_in_order(self) -> list:
        """Return the memberships leader first, then deputies, then members."""
        rank = {GroupPosition.LEADER: 0, GroupPosition.DEPUTY: 1}
        return sorted(
            self.memberships.all(), key=lambda m: (rank.get(m.position, 2), m.pk)
        )

    @property
    def leader(self):
        """Return the group leader's membership, if any (uses prefetched rows)."""
        for membership in self.memberships.all():
            if membership.position == GroupPosition.LEADER:
                return membership
        return None


class GroupMembership(models.Model):
    """A user's place in a working group (组长/副组长/成员) and their job title."""

    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="group_memberships",
    )
    position = models.CharField(
        _("role in group"),
        max_length=10,
        choices=GroupPosition.choices,
        default=GroupPosition.MEMBER,
    )
    title = models.CharField(
        _("job title"), max_length=50, blank=True, help_text=_("For example 管区书记.")
    )
    history = HistoricalRecords()

    objects = scoped_manager(township="group__township")

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        ordering = ["group", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"], name="%(app_label)s_%(class)s_unique_member"
            ),
        ]

    def __str__(self):
        return f"{self.group} · {self.user} ({self.get_position_display()})"

    def get_absolute_url(self):
        return self.group.get_absolute_url()


class VillageFile(models.Model):
    """The 一村一档 of a village: situation assessment (村情研判) and its plan (一村一策)."""

    village = models.OneToOneField(
        Village,
        verbose_name=_("village"),
        on_delete=models.CASCADE,
        related_name="file",
    )
    team_functioning = models.TextField(_("committee functioning"), blank=True)
    party_members_status = models.TextField(_("party members"), blank=True)
    reserve_talent = models.TextField(_("candidate reserve"), blank=True)
    public_demands = models.TextField(_("public demands"), blank=True)
    risks = models.TextField(_("risks and hidden dangers"), blank=True)
    rating = models.CharField(
        _("overall rating"), max_length=10, choices=Rating.choices, default=Rating.GOOD
    )
    village_strategy = models.TextField(
        _("one village, one strategy"),
        blank=True,
        help_text=_(
            "一村一策: how this village's election will be run given its situation."
        ),
    )
    issue_plans = models.TextField(
        _("one issue, one plan"),
        blank=True,
        help_text=_("一事一方案: a plan for each specific problem."),
    )
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = scoped_manager(township="village__township", village="village")

    class Meta:
        verbose_name = _("village file")
        verbose_name_plural = _("village files")

    def __str__(self):
        return str(self.village)

    def get_absolute_url(self):
        return self.village.get_absolute_url()

    @property
    def rating_colour(self) -> str:
        """Return the Bootstrap colour of the rating: green, amber or red."""
        return RATING_COLOURS.get(self.rating, "secondary")


class PlanItem(models.Model):
    """An item of a village's “三个一” plan: 配强一个班子、制定一项计划、培养一支队伍."""

    village = models.ForeignKey(
        Village,
        verbose_name=_("village"),
        on_delete=models.CASCADE,
        related_name="plan_items",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PlanKind.choices)
    content = models.TextField(_("content"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_items",
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=PlanStatus.choices,
        default=PlanStatus.PLANNED,
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    objects = scoped_manager(township="village__township", village="village")

    class Meta:
        verbose_name = _("“three ones” plan item")
        verbose_name_plural = _("“three ones” plan items")
        ordering = ["village", "kind", "target_date", "pk"]

    def __str__(self):
        return f"{self.village} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("villages:planitem_edit", args=[self.pk])
