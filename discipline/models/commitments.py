"""Commitment letters (承诺书): who must sign which letter, and who signed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import Audience, LetterKind
from .base import GlobalQuerySet, TownshipOrVillageQuerySet, letter_upload_to


class LetterTemplate(models.Model):
    """The wording of a commitment letter (竞职/辞职/创业/严守换届纪律承诺书), printed
    for a person with their name and village filled in."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=LetterKind.choices, unique=True
    )
    title = models.CharField(_("title"), max_length=60)
    body = models.TextField(
        _("body"),
        help_text=_(
            "Placeholders: {name} the signer, {village} the village, {township} the township, "
            "{hotline} the village report hotline."
        ),
    )
    history = HistoricalRecords()

    objects = GlobalQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment letter wording")
        verbose_name_plural = _("commitment letter wordings")
        ordering = ["kind"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("discipline:letter_list")


class CommitmentRequirement(models.Model):
    """A rule “this group of people must sign this letter” (e.g. every nominee signs the
    竞职承诺书); the unsigned list and the vetting flag read these rows."""

    audience = models.CharField(_("who"), max_length=24, choices=Audience.choices)
    kind = models.CharField(_("letter"), max_length=20, choices=LetterKind.choices)
    active = models.BooleanField(_("in force"), default=True)
    history = HistoricalRecords()

    objects = GlobalQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment requirement")
        verbose_name_plural = _("commitment requirements")
        ordering = ["audience", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["audience", "kind"], name="%(app_label)s_%(class)s_unique_rule"
            ),
        ]

    def __str__(self):
        return f"{self.get_audience_display()} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("discipline:letter_unsigned")


class CommitmentLetter(models.Model):
    """A signed commitment letter: who signed which letter, when, with its scan.

    The signer is a roster person (参选人, 村干部) or, for township staff and
    election workers who are not on a village roster, a name and unit.
    """

    township = models.ForeignKey(
        "villages.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="commitment_letters",
    )
    village = models.ForeignKey(
        "villages.Village",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitment_letters",
    )
    person = models.ForeignKey(
        "villages.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitment_letters",
    )
    signer_name = models.CharField(_("signed by"), max_length=50)
    signer_unit = models.CharField(
        _("post or unit"),
        max_length=100,
        blank=True,
        help_text=_("For example 王楼村党总支书记 or 镇换届工作人员."),
    )
    kind = models.CharField(_("letter"), max_length=20, choices=LetterKind.choices)
    signed_on = models.DateField(_("signed on"))
    scan = models.FileField(_("scan"), upload_to=letter_upload_to, blank=True)
    scan_name = models.CharField(_("scan file name"), max_length=200, blank=True)
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
        verbose_name = _("commitment letter")
        verbose_name_plural = _("commitment letters")
        ordering = ["-signed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "signed_on"],
                condition=Q(person__isnull=False),
                name="%(app_label)s_%(class)s_unique_person_kind_day",
            ),
            models.CheckConstraint(
                condition=~Q(signer_name=""),
                name="%(app_label)s_%(class)s_signer_named",
            ),
        ]
        indexes = [
            models.Index(
                fields=["township", "kind"], name="discipline_letter_twp_kind"
            ),
            models.Index(
                fields=["person", "kind"], name="discipline_letter_person_kind"
            ),
        ]

    def __str__(self):
        return f"{self.signer_name} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("discipline:letter_detail", args=[self.pk])
