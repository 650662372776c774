"""Calendar feeds, calendar overrides and rule-set versions."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from .. import workdays
from ..models import (
    CalendarFeed,
    CalendarOverride,
    Rule,
    RuleSet,
)


@transaction.atomic
def calendar_feed_get_or_create(*, user) -> CalendarFeed:
    """Return the user's calendar feed, creating its secret token on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_revoke(*, user) -> CalendarFeed:
    """Revoke the user's feed URL and issue a new token; the old URL stops working."""
    CalendarFeed.objects.filter(user=user).delete()
    return CalendarFeed.objects.create(user=user)


@transaction.atomic
def calendar_override_set(
    *, day: date, is_working_day: bool, note: str, by
) -> CalendarOverride:
    """Record a holiday or make-up workday the holiday package does not know."""
    override = CalendarOverride.objects.filter(date=day).first() or CalendarOverride(
        date=day
    )
    override.is_working_day = is_working_day
    override.note = note
    override.full_clean()
    override.save()
    transaction.on_commit(workdays.clear_cache)
    return override


@transaction.atomic
def rule_set_new_version(*, rule_set: RuleSet, by) -> RuleSet:
    """Copy a rule set to its next version so a new round can use changed numbers."""
    latest = RuleSet.objects.filter(code=rule_set.code).order_by("-version").first()
    new = RuleSet.objects.create(
        code=rule_set.code,
        version=latest.version + 1,
        name=rule_set.name,
        law_version=rule_set.law_version,
        effective_from=rule_set.effective_from,
        based_on=rule_set,
        notes=rule_set.notes,
    )
    Rule.objects.bulk_create(
        [
            Rule(
                rule_set=new,
                key=rule.key,
                kind=rule.kind,
                numerator=rule.numerator,
                denominator=rule.denominator,
                comparison=rule.comparison,
                legal_basis=rule.legal_basis,
                basis_checked=rule.basis_checked,
                note=rule.note,
            )
            for rule in rule_set.rules.all()
        ]
    )
    return new


@transaction.atomic
def rule_set_make_default(*, rule_set: RuleSet, by) -> RuleSet:
    """Make a rule set the one new rounds start with.

    Existing rounds keep the set they point at: a round's numbers never change
    because the default did.
    """
    for previous in RuleSet.objects.select_for_update().filter(is_default=True):
        if previous.pk == rule_set.pk:
            return rule_set
        previous.is_default = False
        previous._change_reason = "不再是默认规则集"
        previous.save(update_fields=["is_default"])
    rule_set.is_default = True
    rule_set._change_reason = "设为新换届默认规则集"
    rule_set.save(update_fields=["is_default"])
    return rule_set


def rule_set_locked(rule_set: RuleSet) -> bool:
    """Return whether a closed round used the set, so its numbers may no longer change."""
    from ..choices import RoundStatus

    return (
        rule_set.pk is not None
        and rule_set.rounds.filter(status=RoundStatus.CLOSED).exists()
    )
