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
                note=rule.note,
            )
            for rule in rule_set.rules.all()
        ]
    )
    return new
