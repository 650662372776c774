"""Optimistic concurrency for edit forms of shared records (issue 16).

Two people open the same record, both change it, both save: without a guard the
second save silently overwrites the first. Every edit form of a shared record
carries the record's *version* — the id of its newest django-simple-history row
(0 when the record does not exist yet) — in a hidden field. :func:`save_versioned`
then, inside one transaction that locks the row:

- compares the version in the form with the newest history row;
- if someone saved one of the form's fields since, refuses the save: nothing is
  written, the form keeps the user's input, every changed field gets an error
  with the other person's value, and a summary says who changed what and when;
  the hidden version is moved to the current one, so saving again on purpose
  replaces their values;
- otherwise runs the save.

Saves that change nothing the form edits (a recomputed deadline, another form's
fields) are not conflicts, and neither is a second identical submit (the values
are the same as the ones stored).

The history id needs no extra column on any model: every domain model already
keeps history, and each save through the ORM adds a row in the same transaction.
``QuerySet.update()`` writes no history and therefore never raises a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django import forms
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .audit import _display

VERSION_FIELD = "_version"

# A second create of a record that must be unique (a double click, two clerks at
# once) leads to the first one with this note instead of a duplicate or an error.
ALREADY_CREATED = gettext_lazy(
    "%(object)s was already set up by %(user)s: this is it. Nothing was created twice."
)


def current_version(obj) -> int:
    """Return the id of the object's newest history row; 0 for an unsaved object."""
    if obj is None or obj.pk is None or not hasattr(obj, "history"):
        return 0
    return (
        obj.history.order_by("-history_id").values_list("history_id", flat=True).first()
        or 0
    )


@dataclass
class Edit:
    """One save by someone else since the form was loaded."""

    user: object
    when: datetime
    fields: list[str] = field(default_factory=list)


@dataclass
class Conflict:
    """What changed since the form's version: per field the stored value, and who."""

    edits: list[Edit]
    # form field name → (label, value as stored now, for display)
    values: dict[str, tuple[str, str]]

    def summary(self) -> str:
        people = []
        for edit in self.edits:
            name = (
                (getattr(edit.user, "display_name", "") or edit.user.get_username())
                if edit.user is not None
                else _("the system")
            )
            people.append(
                _("%(user)s at %(when)s (%(fields)s)")
                % {
                    "user": name,
                    "when": date_format(
                        timezone.localtime(edit.when), "DATETIME_FORMAT"
                    ),
                    "fields": "、".join(edit.fields),
                }
            )
        return _(
            "Not saved: this record was changed by %(people)s after you opened the "
            "form. Nothing was overwritten. Your input is kept below; the fields "
            "marked in red show the values now stored. Check them, and save again "
            "to replace them with yours."
        ) % {"people": "；".join(people)}


class VersionedFormMixin:
    """Put the record's version in a hidden field; pair with :func:`save_versioned`.

    A ``ModelForm`` uses its ``instance``; a plain form passes ``versioned=obj``.
    ``version_fields`` maps form field names to model field names (default: form
    fields that are model fields of the same name).
    """

    version_fields: dict[str, str] | None = None
    # Strict: any save of the record since the form was loaded is a conflict (for
    # forms whose data also lives in other rows, e.g. an election's votes).
    version_strict = False

    def __init__(self, *args, versioned=None, **kwargs):
        super().__init__(*args, **kwargs)
        if versioned is None:
            versioned = getattr(self, "instance", None)
        self.versioned = versioned
        self.fields[VERSION_FIELD] = forms.IntegerField(
            required=False, min_value=0, widget=forms.HiddenInput
        )
        self.fields[VERSION_FIELD].initial = current_version(versioned)
        self.conflict: Conflict | None = None

    # -- helpers ---------------------------------------------------------------

    def tracked_fields(self) -> dict[str, models.Field]:
        """Return form field name → model field of the fields this form edits."""
        model = self._versioned_model()
        if model is None:
            return {}
        names = self.version_fields or {
            name: name for name in self.fields if name != VERSION_FIELD
        }
        result = {}
        for form_name, model_name in names.items():
            if form_name not in self.fields:
                continue
            try:
                model_field = model._meta.get_field(model_name)
            except Exception:  # noqa: BLE001 - not a model field (a file, a choice)
                continue
            if getattr(model_field, "concrete", False) and not (
                model_field.many_to_many
            ):
                result[form_name] = model_field
        return result

    def _versioned_model(self):
        if self.versioned is not None:
            return type(self.versioned)
        meta = getattr(self, "_meta", None)
        return getattr(meta, "model", None)

    def submitted_version(self) -> int | None:
        raw = self.data.get(self.add_prefix(VERSION_FIELD)) if self.is_bound else None
        try:
            return int(raw)
        except (TypeError, ValueError):
            return None

    def find_conflict(self, current=None) -> Conflict | None:
        """Return what others changed in this form's fields since its version, or None.

        ``current`` is the record as stored now (None when it does not exist).
        """
        version = self.submitted_version()
        if version is None:
            # A form posted without a version (an old page, a script): no guard.
            return None
        if current is None or current.pk is None:
            return None
        tracked = self.tracked_fields()
        records = list(
            current.history.filter(history_id__gt=version)
            .select_related("history_user")
            .order_by("history_id")
        )
        if not records:
            return None
        base = current.history.filter(history_id=version).first() if version else None
        previous = base
        edits = []
        changed: set[str] = set()
        for record in records:
            names = [
                form_name
                for form_name, model_field in tracked.items()
                if previous is None
                or getattr(previous, model_field.attname)
                != getattr(record, model_field.attname)
            ]
            if previous is None:
                # The record did not exist when the form was loaded: everything
                # it holds now was written by someone else.
                names = [
                    form_name
                    for form_name, model_field in tracked.items()
                    if getattr(record, model_field.attname) not in (None, "")
                ]
            if names:
                edits.append(
                    Edit(
                        user=record.history_user,
                        when=record.history_date,
                        fields=[str(self.fields[n].label or n) for n in names],
                    )
                )
                changed.update(names)
            previous = record
        if self.version_strict:
            edits = [
                Edit(
                    user=record.history_user,
                    when=record.history_date,
                    fields=_changed_labels(current, base_or_none, record),
                )
                for base_or_none, record in zip([base, *records], records, strict=False)
            ]
            changed_any = True
        else:
            changed_any = False
        latest = records[-1]
        values = {}
        for form_name in sorted(changed, key=list(tracked).index):
            model_field = tracked[form_name]
            stored = getattr(latest, model_field.attname)
            mine = self._cleaned_as_stored(form_name, model_field)
            if mine is not _MISSING and mine == stored:
                continue  # the user typed what is stored now: no loss
            values[form_name] = (
                str(self.fields[form_name].label or form_name),
                _stored_display(model_field, stored),
            )
        if changed_any:
            return Conflict(edits=edits, values=values)
        if not values:
            return None
        edits = [
            e
            for e in edits
            if any(str(self.fields[n].label or n) in e.fields for n in values)
        ]
        return Conflict(edits=edits, values=values)

    def _cleaned_as_stored(self, form_name, model_field):
        cleaned = getattr(self, "cleaned_data", {})
        if form_name not in cleaned:
            return _MISSING
        value = cleaned[form_name]
        if isinstance(value, models.Model):
            return value.pk
        if value is None and not model_field.null:
            return ""
        try:
            return model_field.to_python(value)
        except Exception:  # noqa: BLE001
            return value

    def show_conflict(self, conflict: Conflict, current=None) -> None:
        """Refuse with the conflict: errors on the changed fields and a summary."""
        self.conflict = conflict
        self.add_error(None, conflict.summary())
        for form_name, (_label, stored) in conflict.values.items():
            self.add_error(form_name, _("Now stored: %(value)s") % {"value": stored})
        # Saving again on purpose replaces the values now stored.
        data = self.data.copy()
        data[self.add_prefix(VERSION_FIELD)] = str(current_version(current))
        self.data = data


_MISSING = object()


def _changed_labels(obj, before, after) -> list[str]:
    """Labels of the model fields that differ between two history rows."""
    labels = []
    for model_field in type(obj)._meta.concrete_fields:
        name = model_field.attname
        if not hasattr(after, name) or name == "id":
            continue
        if before is None or getattr(before, name, None) != getattr(after, name):
            labels.append(str(model_field.verbose_name))
    return labels or [str(_("no field"))]


def _stored_display(model_field, value) -> str:
    related = {}
    if isinstance(model_field, models.ForeignKey) and value is not None:
        obj = model_field.related_model._default_manager.filter(pk=value).first()
        if obj is not None:
            related[(model_field.related_model, value)] = str(obj)
    return _display(model_field, value, related)


def save_versioned(form, save, *, lock=None, current=None):
    """Run ``save()`` unless the record changed since the form was loaded.

    Inside one transaction: lock the record (``lock``: a queryset whose rows to
    lock first, by default the versioned record's own row), reload it (``current``:
    a callable returning the record as stored now, or None), and refuse with
    :meth:`VersionedFormMixin.show_conflict` when someone else changed the form's
    fields. Return what ``save()`` returned, or None when refused.

    On SQLite the transaction starts IMMEDIATE (settings), which serialises the
    writers; on PostgreSQL ``select_for_update`` does.
    """
    obj = form.versioned
    model = form._versioned_model()
    with transaction.atomic():
        if lock is None and obj is not None and obj.pk is not None:
            lock = model._base_manager.filter(pk=obj.pk)
        if lock is not None:
            list(lock.select_for_update().values_list("pk", flat=True))
        if current is not None:
            stored = current()
        elif obj is not None and obj.pk is not None:
            stored = model._base_manager.filter(pk=obj.pk).first()
        else:
            stored = None
        conflict = form.find_conflict(stored)
        if conflict is not None:
            form.show_conflict(conflict, stored)
            return None
        return save()
