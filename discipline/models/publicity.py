"""Discipline education, materials, the publicity log and the reference texts."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.scope import ScopedQuerySet, get_scope

from ..choices import AttachmentKind, Channel, EventKind, MaterialKind, TextCode
from .base import (
    GlobalQuerySet,
    TownshipOrVillageQuerySet,
    event_upload_to,
    reads_township_records,
)


class EventQuerySet(ScopedQuerySet):
    """Events of a township; a village-limited user sees township-level events and
    those covering one of their villages."""

    township_path = "township"

    def visible_to(self, user):
        scope = get_scope(user)
        if not reads_township_records(scope):
            return self.none()
        queryset = self.filter(self.scope_q(scope))
        if scope.village_ids is None:
            return queryset
        through = EducationEvent.villages.through
        return queryset.filter(
            ~Exists(through.objects.filter(educationevent_id=OuterRef("pk")))
            | Exists(
                through.objects.filter(
                    educationevent_id=OuterRef("pk"), village_id__in=scope.village_ids
                )
            )
        )


class EducationEvent(models.Model):
    """A discipline education event: 党工委集中学习, 专题研讨, “以案促廉百村行”宣讲,
    警示教育片放映, 集体谈话/宣誓 …, held for the township or in some villages."""

    township = models.ForeignKey(
        "villages.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="education_events",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=120)
    held_on = models.DateField(_("held on"))
    villages = models.ManyToManyField(
        "villages.Village",
        verbose_name=_("villages"),
        blank=True,
        related_name="education_events",
        help_text=_(
            "Leave empty for a township-level event (e.g. a group study of the Party working committee)."
        ),
    )
    location = models.CharField(_("location"), max_length=100, blank=True)
    attendance = models.PositiveIntegerField(_("attendance"), default=0)
    participants = models.CharField(
        _("participants"),
        max_length=200,
        blank=True,
        help_text=_("Who took part, e.g. 村“两委”成员、党员代表、参选人."),
    )
    materials_used = models.TextField(_("materials used"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords(m2m_fields=[villages])

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("education event")
        verbose_name_plural = _("education events")
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(
                fields=["township", "held_on"], name="discipline_event_twp_date"
            ),
        ]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return reverse("discipline:event_detail", args=[self.pk])


class EventAttachmentQuerySet(ScopedQuerySet):
    township_path = "event__township"

    def visible_to(self, user):
        return self.filter(event__in=EducationEvent.objects.visible_to(user))


class EventAttachment(models.Model):
    """A photo, sign-in sheet or material of an education event."""

    event = models.ForeignKey(
        EducationEvent,
        verbose_name=_("education event"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=AttachmentKind.choices,
        default=AttachmentKind.PHOTO,
    )
    file = models.FileField(_("file"), upload_to=event_upload_to)
    original_name = models.CharField(_("file name"), max_length=200)
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = EventAttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("event attachment")
        verbose_name_plural = _("event attachments")
        ordering = ["event", "kind", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("discipline:event_file", args=[self.pk])


class MaterialDistribution(models.Model):
    """Materials made and handed out: 纪律提醒卡, “十个严禁”宣传图板, 承诺书, 横幅 …"""

    township = models.ForeignKey(
        "villages.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="material_distributions",
    )
    village = models.ForeignKey(
        "villages.Village",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="material_distributions",
        help_text=_(
            "Leave empty for materials kept or handed out by the township itself."
        ),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MaterialKind.choices)
    quantity = models.PositiveIntegerField(_("quantity"))
    distributed_on = models.DateField(_("date"))
    recipients = models.CharField(
        _("handed to"),
        max_length=200,
        blank=True,
        help_text=_("For example 参选人、全体党员、村民小组长."),
    )
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = TownshipOrVillageQuerySet.as_manager()

    class Meta:
        verbose_name = _("materials distribution")
        verbose_name_plural = _("materials distributions")
        ordering = ["-distributed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="%(app_label)s_%(class)s_quantity_positive",
            ),
        ]
        indexes = [
            models.Index(
                fields=["township", "kind"], name="discipline_material_twp_kind"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} × {self.quantity}"

    def get_absolute_url(self):
        return reverse("discipline:material_edit", args=[self.pk])


class PublicityEntry(models.Model):
    """An entry of the publicity log: 宣传条幅, 大喇叭, 手机短信, 微信, 公开栏, 入户宣传 …"""

    township = models.ForeignKey(
        "villages.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="publicity_entries",
    )
    village = models.ForeignKey(
        "villages.Village",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publicity_entries",
        help_text=_(
            "Leave empty for township-wide publicity (e.g. a text message to all Party members)."
        ),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    count = models.PositiveIntegerField(
        pgettext_lazy("publicity", "count"),
        help_text=_(
            "Banners hung, broadcasts, messages sent, posts, households visited …"
        ),
    )
    happened_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = TownshipOrVillageQuerySet.as_manager()

    class Meta:
        verbose_name = _("publicity entry")
        verbose_name_plural = _("publicity log")
        ordering = ["-happened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(count__gt=0), name="%(app_label)s_%(class)s_count_positive"
            ),
        ]
        indexes = [
            models.Index(
                fields=["township", "channel"], name="discipline_publicity_twp_ch"
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} × {self.count}"

    def get_absolute_url(self):
        return reverse("discipline:publicity_edit", args=[self.pk])


class ReferenceText(models.Model):
    """A discipline text printed on boards and cards: the “十个严禁”, the “九个不准”.

    Shared by every township (provinces word them; the office edits the rows).
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=TextCode.choices, default=TextCode.OTHER
    )
    title = models.CharField(_("title"), max_length=60)
    preface = models.TextField(_("preface"), blank=True)
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_(
            "Where the wording comes from; check it against your province's official text."
        ),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = GlobalQuerySet.as_manager()

    class Meta:
        verbose_name = _("reference text")
        verbose_name_plural = _("reference texts")
        ordering = ["position", "code"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("discipline:text_detail", args=[self.pk])


class ReferenceItemQuerySet(GlobalQuerySet):
    pass


class ReferenceItem(models.Model):
    """One numbered item of a reference text (e.g. “严禁以威胁、恐吓、欺骗等手段…”)."""

    text = models.ForeignKey(
        ReferenceText,
        verbose_name=_("reference text"),
        on_delete=models.PROTECT,
        related_name="items",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    content = models.TextField(_("content"))
    verified = models.BooleanField(
        _("checked against the source"),
        default=True,
        help_text=_(
            "Untick when the wording still needs checking against the official text."
        ),
    )
    source_note = models.CharField(_("source note"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = ReferenceItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("reference text item")
        verbose_name_plural = _("reference text items")
        ordering = ["text", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["text", "number"], name="%(app_label)s_%(class)s_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gt=0),
                name="%(app_label)s_%(class)s_number_positive",
            ),
        ]

    def __str__(self):
        return f"{self.text} {self.number}"

    def get_absolute_url(self):
        return reverse("discipline:text_detail", args=[self.text_id])
