"""Readable change history (who, when, old → new) from django-simple-history rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

HISTORY_TYPES = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    user: object
    action: str
    reason: str
    created: bool
    changes: list[Change] = field(default_factory=list)


def local_datetime(value: datetime) -> str:
    """Return a moment in the site's time zone, in the language's date format.

    ``2026-11-29 15:51:32+00:00`` reads ``2026年11月29日 23:51`` in Chinese.
    """
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, "DATETIME_FORMAT")


def _display(model_field: models.Field, value, related_names: dict) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime):
        return local_datetime(value)
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        return related_names.get((model_field.related_model, value), str(value))
    if isinstance(model_field, models.BooleanField):
        return str(_("yes") if value else _("no"))
    return str(value)


def history_entries(obj, *, limit: int = 30) -> list[HistoryEntry]:
    """Return the most recent changes of an object, newest first, in two queries at most.

    Foreign-key values are shown by name, fetched in one query per related model.
    """
    if not hasattr(obj, "history"):
        return []
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-pk")[
            : limit + 1
        ]
    )
    model = type(obj)
    tracked = (
        {
            f.attname: f
            for f in model._meta.concrete_fields
            if f.attname in {hf.attname for hf in records[0]._meta.concrete_fields}
        }
        if records
        else {}
    )
    # Batch-resolve foreign keys to their names.
    wanted: dict[type, set] = {}
    for record in records:
        for attname, mf in tracked.items():
            if isinstance(mf, models.ForeignKey):
                value = getattr(record, attname)
                if value is not None:
                    wanted.setdefault(mf.related_model, set()).add(value)
    related_names = {}
    for related_model, pks in wanted.items():
        for pk, related in related_model._default_manager.in_bulk(list(pks)).items():
            related_names[(related_model, pk)] = str(related)

    entries = []
    skip = {"id", "name_pinyin", "name_initials"}
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        for attname, mf in tracked.items():
            if attname in skip:
                continue
            new = getattr(record, attname)
            old = getattr(previous, attname) if previous is not None else None
            if previous is None and record.history_type == "+":
                if new in (None, "", False) and not mf.choices:
                    continue
            elif new == old:
                continue
            changes.append(
                Change(
                    field=str(mf.verbose_name),
                    old=_display(mf, old, related_names)
                    if previous is not None
                    else "—",
                    new=_display(mf, new, related_names),
                )
            )
        entries.append(
            HistoryEntry(
                when=record.history_date,
                user=record.history_user,
                action=str(HISTORY_TYPES.get(record.history_type, record.history_type)),
                created=record.history_type == "+",
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries
