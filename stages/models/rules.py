"""Rule sets: the statutory and provincial numbers, as versioned editable rows."""

from __future__ import annotations

from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scope import ScopedQuerySet

from ..choices import Comparison, RuleKey, RuleKind


class GlobalQuerySet(ScopedQuerySet):
    """County-wide reference data: every signed-in user reads it, nobody else."""

    def visible_to(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        return self.all()


LOCKED_RULE_SET_MESSAGE = _(
    "A closed round was run under this rule set, so its numbers are kept as they "
    "were. To use other numbers, copy the set to a new version (“Copy to a new "
    "version”) and change the copy."
)


class RuleSet(models.Model):
    """One version of the rules in force for a round (法定与省级规定).

    Rounds point at a version; to change a number for a new round, copy the
    set to a new version (``services.rule_set_new_version``) so that a closed
    round keeps the rules it was run under.
    """

    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=100)
    law_version = models.CharField(
        _("law text"),
        max_length=200,
        help_text=_(
            "The statute texts these numbers come from, e.g. 村委会组织法(2018修正)."
        ),
    )
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
    )
    notes = models.TextField(_("notes"), blank=True)
    is_default = models.BooleanField(
        _("default for new rounds"),
        default=False,
        help_text=_(
            "The rule set a new round starts with. Changing it never changes the "
            "rule set of an existing round."
        ),
    )
    history = HistoricalRecords()

    objects = GlobalQuerySet.as_manager()

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        ordering = ["-is_default", "code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"],
                name="%(app_label)s_%(class)s_unique_version",
            ),
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="%(app_label)s_%(class)s_one_default",
            ),
        ]

    def __str__(self):
        return f"{self.name} v{self.version}"

    def get_absolute_url(self):
        return reverse("stages:ruleset_detail", args=[self.pk])

    def book(self) -> RuleBook:
        """Return the rules of this set as a :class:`RuleBook` (one query)."""
        return RuleBook(self)


class Rule(models.Model):
    """One number of a rule set with its legal basis (e.g. 选民名单 ≥20 days before)."""

    rule_set = models.ForeignKey(
        RuleSet,
        verbose_name=_("rule set"),
        on_delete=models.CASCADE,
        related_name="rules",
    )
    key = models.CharField(_("rule"), max_length=40, choices=RuleKey.choices)
    kind = models.CharField(_("kind"), max_length=15, choices=RuleKind.choices)
    numerator = models.PositiveIntegerField(_("value"))
    denominator = models.PositiveIntegerField(
        _("denominator"), default=1, help_text=_("Only for ratios: 2 for one half.")
    )
    comparison = models.CharField(
        _("comparison"),
        max_length=10,
        choices=Comparison.choices,
        blank=True,
        default="",
    )
    legal_basis = models.TextField(_("legal basis"))
    basis_checked = models.BooleanField(
        _("legal basis checked"),
        default=True,
        help_text=_(
            "Untick while the article or wording under this law text has not been "
            "checked against the official text; users then see 待核对."
        ),
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    objects = GlobalQuerySet.as_manager()

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        ordering = ["rule_set", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "key"], name="%(app_label)s_%(class)s_unique_key"
            ),
            models.CheckConstraint(
                condition=models.Q(denominator__gt=0),
                name="%(app_label)s_%(class)s_denominator_positive",
            ),
        ]

    def __str__(self):
        return f"{self.get_key_display()}: {self.display_value}"

    def get_absolute_url(self):
        return self.rule_set.get_absolute_url()

    def clean(self):
        if self.rule_set_id and self._numbers_changed():
            from ..choices import RoundStatus

            if self.rule_set.rounds.filter(status=RoundStatus.CLOSED).exists():
                # A finished round was run under these numbers; they are history.
                raise ValidationError(LOCKED_RULE_SET_MESSAGE)
        if self.kind != RuleKind.RATIO and self.denominator != 1:
            raise ValidationError(
                {
                    "denominator": _(
                        "Only a ratio has a denominator; set it to 1 for days and counts."
                    )
                }
            )
        if self.kind == RuleKind.RATIO and self.numerator > self.denominator:
            raise ValidationError(
                {
                    "numerator": _(
                        "A ratio cannot exceed 1: make the value at most the denominator."
                    )
                }
            )

    def _numbers_changed(self) -> bool:
        """Return whether the key, kind or value differ from the stored row (or it is new)."""
        if self.pk is None:
            return True
        stored = (
            type(self)
            .objects.filter(pk=self.pk)
            .values_list("key", "kind", "numerator", "denominator", "comparison")
            .first()
        )
        return stored != (
            self.key,
            self.kind,
            self.numerator,
            self.denominator,
            self.comparison,
        )

    @property
    def value(self) -> int | Fraction:
        """Return the number: a Fraction for ratios, an int otherwise."""
        if self.kind == RuleKind.RATIO:
            return Fraction(self.numerator, self.denominator)
        return self.numerator

    @property
    def display_value(self) -> str:
        """Return the value as a clerk reads it (2/3, 20日, 5个工作日)."""
        if self.kind == RuleKind.RATIO:
            prefix = str(self.get_comparison_display()) + " " if self.comparison else ""
            return f"{prefix}{self.numerator}/{self.denominator}"
        return f"{self.numerator} {self.get_kind_display()}"


class RuleBook:
    """Read access to a rule set: ``book.get("voter_list_days_before") -> 20``."""

    def __init__(
        self, rule_set: RuleSet | None = None, *, rule_set_id: int | None = None
    ):
        self.rule_set = rule_set
        self.rule_set_id = rule_set.pk if rule_set is not None else rule_set_id
        self._rules: dict[str, Rule] | None = None

    def _load(self) -> dict[str, Rule]:
        if self._rules is None:
            if self.rule_set_id is None:
                self._rules = {}
            else:
                self._rules = {
                    rule.key: rule
                    for rule in Rule.objects.filter(rule_set_id=self.rule_set_id)
                }
        return self._rules

    def get(self, key: str) -> int | Fraction:
        """Return a rule's value; raise KeyError naming the missing rule."""
        try:
            return self._load()[key].value
        except KeyError:
            raise KeyError(
                f"rule {key!r} is missing from rule set #{self.rule_set_id}; "
                "add it in the admin or run load_defaults"
            ) from None

    def rule(self, key: str) -> Rule:
        """Return the Rule row (with its legal basis)."""
        return self._load()[key]

    def __contains__(self, key: str) -> bool:
        return key in self._load()

    def all(self) -> list[Rule]:
        """Return every rule, in key order."""
        return sorted(self._load().values(), key=lambda rule: rule.key)
