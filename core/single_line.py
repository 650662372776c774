"""Keep control characters out of single-line text fields, for every model at once.

A CR, LF, NUL or other control character in a village name, a person's name or a
task title is never meant (it arrives pasted from a spreadsheet, an import file or
a crafted request) and breaks what is built from it: an email header (Django
refuses a subject containing a newline with ``BadHeaderError``), an iCalendar
line, an Excel cell, a one-line table cell. Every ``CharField`` (and subclass:
slug, email …) of the project's models is cleaned just before it is written, so
the admin, the pages, the imports, the services and the shell all store the same
clean text. ``TextField`` values (multi-line notes) keep their line breaks.

``QuerySet.update()`` and ``bulk_create()`` bypass this (they send no signal);
code using them on user text must call :func:`core.text.strip_control` itself.
"""

from __future__ import annotations

from functools import cache

from django.db import models
from django.db.models.signals import pre_save

from .text import strip_control

# Apps whose models are cleaned (the project's own; third-party tables untouched).
PROJECT_APPS = frozenset(
    {
        "core",
        "villages",
        "stages",
        "candidates",
        "elections",
        "discipline",
        "notifications",
        "supervision",
        "bulletins",
    }
)


@cache
def single_line_fields(model) -> tuple[str, ...]:
    """Return the attribute names of a model's single-line text fields."""
    return tuple(
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField) and not field.choices
    )


def clean_single_line_fields(sender, instance, raw=False, **kwargs) -> None:
    """Strip control characters from the instance's single-line fields before saving."""
    if raw or sender._meta.app_label not in PROJECT_APPS:
        return
    for name in single_line_fields(sender):
        value = getattr(instance, name)
        if isinstance(value, str):
            cleaned = strip_control(value)
            if cleaned != value:
                setattr(instance, name, cleaned)


def connect() -> None:
    """Connect the cleaner to every model's ``pre_save`` (called once, from ready())."""
    pre_save.connect(
        clean_single_line_fields, dispatch_uid="core.single_line.clean_fields"
    )
