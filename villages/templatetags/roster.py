"""Template helpers of the roster: masking of personal data, a village's ledger."""

from django import template

from core.text import mask_id_number, mask_phone

register = template.Library()


@register.filter
def id_number_for(value: str, full: bool) -> str:
    """Show an ID number in full or masked (``3416**********1234``)."""
    return value if full else mask_id_number(value)


@register.filter
def phone_for(value: str, full: bool) -> str:
    """Show a phone number in full or masked (``138****5678``)."""
    return value if full else mask_phone(value)


@register.filter
def age_on(person, day) -> int:
    """Return a person's age in whole years on a day."""
    return person.age_on(day)


@register.simple_tag(takes_context=True)
def village_ledger_of(context, village):
    """Return the 明白账 of a village shown on its page (scope already checked there)."""
    from villages.selectors import village_ledger

    return village_ledger(village=village)
