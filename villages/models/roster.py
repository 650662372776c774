"""The cadre roster (台账): people, their memberships in a village, their relatives."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scope import ScopedQuerySet

from ..choices import (
    Category,
    Education,
    Gender,
    PartyMemberKind,
    PoliticalStatus,
    Post,
    RelationKind,
    TalentKind,
    VotingStatus,
)


class PersonQuerySet(ScopedQuerySet):
    township_path = "village__township"
    village_path = "village"


class Person(models.Model):
    """A resident on the township's roster: a cadre, Party member, reserve or talent.

    One Person per 居民身份证号 across the whole installation; gender and birth
    date are derived from the ID number.
    """

    id_number = models.CharField(_("ID number"), max_length=18, unique=True)
    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    ethnicity = models.CharField(
        _("ethnicity"), max_length=20, default="汉族", blank=True
    )
    birth_date = models.DateField(_("birth date"))
    education = models.CharField(
        _("education"), max_length=12, choices=Education.choices, blank=True
    )
    political_status = models.CharField(
        _("political status"),
        max_length=12,
        choices=PoliticalStatus.choices,
        default=PoliticalStatus.MASSES,
    )
    party_joined_on = models.DateField(_("joined the Party on"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    village = models.ForeignKey(
        "villages.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="people",
    )
    notes = models.TextField(_("notes"), blank=True)
    name_pinyin = models.CharField(
        max_length=200, blank=True, editable=False, db_index=True
    )
    name_initials = models.CharField(
        max_length=50, blank=True, editable=False, db_index=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(
        excluded_fields=["name_pinyin", "name_initials", "updated_at"]
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["village", "name"]
        indexes = [
            models.Index(
                fields=["village", "name"], name="villages_person_village_name"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Search keys are a pure function of the name (as on Village), so a
        # clerk can type "zs" or "zhangsan" and find 张三.
        from ..names import name_keys

        self.name_pinyin, self.name_initials = name_keys(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("villages:person_detail", args=[self.pk])

    def clean(self):
        """Check the ID number and that gender and birth date agree with it."""
        from django.core.exceptions import ValidationError

        from ..idnumbers import parse_id_number

        try:
            info = parse_id_number(self.id_number)
        except ValidationError as exc:
            raise ValidationError({"id_number": exc.messages}) from exc
        self.id_number = info.number
        errors = {}
        if self.gender and self.gender != info.gender:
            errors["gender"] = _("The gender contradicts the ID number.")
        if self.birth_date and self.birth_date != info.birth_date:
            errors["birth_date"] = _("The birth date contradicts the ID number.")
        if errors:
            raise ValidationError(errors)

    def age_on(self, day: datetime.date) -> int:
        """Return the person's age in whole years on a given day."""
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def is_party_member(self) -> bool:
        return self.political_status in (
            PoliticalStatus.MEMBER,
            PoliticalStatus.PROBATIONARY,
        )


class MembershipQuerySet(ScopedQuerySet):
    township_path = "village__township"
    village_path = "village"

    def current(self, on: datetime.date | None = None):
        """Return memberships in force on a day (today by default)."""
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=on)).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=on)
        )


class RosterMembership(models.Model):
    """A person's place on a village roster: a committee post, Party membership,
    reserve cadre or talent, with its start and end dates."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    village = models.ForeignKey(
        "villages.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    post = models.CharField(_("post"), max_length=20, choices=Post.choices, blank=True)
    party_member_kind = models.CharField(
        _("Party membership"),
        max_length=12,
        choices=PartyMemberKind.choices,
        blank=True,
    )
    voting_status = models.CharField(
        _("voting status"),
        max_length=10,
        choices=VotingStatus.choices,
        default=VotingStatus.NORMAL,
        blank=True,
    )
    excluded_from_quorum = models.BooleanField(
        _("not counted in 应到会"),
        default=False,
        help_text=_(
            "Approved by the higher Party organisation and the Party members' meeting."
        ),
    )
    exclusion_reason = models.CharField(
        _("reason for exclusion"), max_length=200, blank=True
    )
    exclusion_approval = models.CharField(
        _("approval of exclusion"),
        max_length=200,
        blank=True,
        help_text=_("Who approved and when, e.g. 镇党委2021年9月1日批复."),
    )
    talent_kind = models.CharField(
        _("talent kind"), max_length=16, choices=TalentKind.choices, blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("roster membership")
        verbose_name_plural = _("roster memberships")
        ordering = ["village", "category", "post", "pk"]
        indexes = [
            models.Index(
                fields=["village", "category"], name="villages_membership_vil_cat"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="%(app_label)s_%(class)s_end_after_start",
            ),
        ]

    def __str__(self):
        label = self.get_category_display()
        if self.post:
            label += "·" + self.get_post_display()
        return f"{self.person} · {label}"

    def get_absolute_url(self):
        return self.person.get_absolute_url()

    def is_current(self, on: datetime.date) -> bool:
        """Return whether the membership is in force on a day."""
        return (self.start_date is None or self.start_date <= on) and (
            self.end_date is None or self.end_date > on
        )


class RelationshipQuerySet(ScopedQuerySet):
    township_path = "person__village__township"
    village_path = "person__village"


class Relationship(models.Model):
    """A recorded close-relative relation between two people (for 回避 checks)."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="relations",
    )
    relative = models.ForeignKey(
        Person, verbose_name=_("relative"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("relation"), max_length=12, choices=RelationKind.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("close-relative relation")
        verbose_name_plural = _("close-relative relations")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "relative"],
                name="%(app_label)s_%(class)s_unique_pair",
            ),
            models.CheckConstraint(
                condition=~Q(person=models.F("relative")),
                name="%(app_label)s_%(class)s_not_self",
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.relative} ({self.get_kind_display()})"

    def get_absolute_url(self):
        return self.person.get_absolute_url()
