"""Writes of education events, materials, the publicity log and reference texts."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads import validate_upload

from .. import access
from ..models import (
    EducationEvent,
    EventAttachment,
    MaterialDistribution,
    PublicityEntry,
    ReferenceItem,
)

NO_TOWNSHIP = _(
    "Your account belongs to no township, so a township-level record cannot be added: "
    "choose a village, or ask the office to set your township."
)
NOT_YOUR_VILLAGE = _(
    "You may record only for the villages you guide (%(villages)s): choose one of them."
)
TOWNSHIP_LEVEL_NOT_ALLOWED = _(
    "Only the office and the discipline staff record township-level entries: choose a village."
)
MIXED_TOWNSHIPS = _("All villages of an event must belong to the same township.")
FUTURE_DATE = _("The date %(date)s is in the future: record events once they happened.")
ATTENDANCE_NEEDED = _(
    "Enter the attendance (how many took part); an event nobody attended is not an event."
)


def _guard(by, *, village=None, township_id=None) -> None:
    if not access.can_edit_record(by, village=village, township_id=township_id):
        raise PermissionDenied


def _resolve_township(by, village) -> int:
    if village is not None:
        return village.township_id
    if by.township_id is None:
        raise ValidationError({"village": NO_TOWNSHIP})
    return by.township_id


def _check_not_future(day, field: str) -> None:
    if day and day > timezone.localdate():
        raise ValidationError({field: FUTURE_DATE % {"date": day.isoformat()}})


def _check_villages(by, villages, township_id: int | None) -> int:
    """Return the township of an event's villages, after the permission checks."""
    villages = list(villages)
    if not villages:
        township_id = _resolve_township(by, None)
        if not access.can_edit_record(by, township_id=township_id):
            raise ValidationError({"villages": TOWNSHIP_LEVEL_NOT_ALLOWED})
        return township_id
    townships = {v.township_id for v in villages}
    if len(townships) > 1 or (township_id is not None and townships != {township_id}):
        raise ValidationError({"villages": MIXED_TOWNSHIPS})
    for village in villages:
        if not access.can_edit_record(by, village=village):
            raise ValidationError(
                {
                    "villages": NOT_YOUR_VILLAGE
                    % {"villages": "、".join(v.name for v in villages)}
                }
            )
    return townships.pop()


@transaction.atomic
def event_save(
    *, by, data: dict, villages, instance: EducationEvent | None = None
) -> EducationEvent:
    """Create or update an education event with its villages."""
    event = instance or EducationEvent(recorded_by=by)
    if instance is not None:
        _check_villages(by, instance.villages.all(), instance.township_id)
    event.township_id = _check_villages(
        by, villages, instance.township_id if instance is not None else None
    )
    for name, value in data.items():
        setattr(event, name, value)
    _check_not_future(event.held_on, "held_on")
    if not event.attendance:
        raise ValidationError({"attendance": ATTENDANCE_NEEDED})
    event.full_clean()
    event.save()
    event.villages.set(villages)
    return event


@transaction.atomic
def event_attach(
    *, event: EducationEvent, by, files, kind: str, description: str = ""
) -> list:
    """Add photos or sign-in sheets to an event."""
    _check_villages(by, event.villages.all(), event.township_id)
    saved = []
    for uploaded in files:
        validate_upload(uploaded)
        attachment = EventAttachment(
            event=event,
            kind=kind,
            file=uploaded,
            original_name=uploaded.name[:200],
            description=description,
            uploaded_by=by,
        )
        attachment.full_clean()
        attachment.save()
        saved.append(attachment)
    return saved


@transaction.atomic
def event_delete(*, event: EducationEvent, by) -> None:
    """Delete an event and its files (the deletion stays in the history)."""
    _check_villages(by, event.villages.all(), event.township_id)
    for attachment in event.attachments.all():
        attachment.file.delete(save=False)
        attachment.delete()
    event.villages.clear()
    event.delete()


@transaction.atomic
def attachment_delete(*, attachment: EventAttachment, by) -> None:
    _check_villages(by, attachment.event.villages.all(), attachment.event.township_id)
    attachment.file.delete(save=False)
    attachment.delete()


def _save_village_record(record, *, by, data: dict, date_field: str):
    village = data.get("village")
    township_id = _resolve_township(by, village)
    _guard(by, village=village, township_id=township_id)
    if record.pk is not None:
        _guard(by, village=record.village, township_id=record.township_id)
    record.township_id = township_id
    for name, value in data.items():
        setattr(record, name, value)
    if record.recorded_by_id is None:
        record.recorded_by = by
    _check_not_future(getattr(record, date_field), date_field)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def material_save(*, by, data: dict, instance: MaterialDistribution | None = None):
    """Create or update a materials distribution row."""
    return _save_village_record(
        instance or MaterialDistribution(),
        by=by,
        data=data,
        date_field="distributed_on",
    )


@transaction.atomic
def publicity_save(*, by, data: dict, instance: PublicityEntry | None = None):
    """Create or update a publicity log entry."""
    return _save_village_record(
        instance or PublicityEntry(), by=by, data=data, date_field="happened_on"
    )


@transaction.atomic
def village_record_delete(*, record, by) -> None:
    """Delete a materials or publicity row (the deletion stays in the history)."""
    _guard(by, village=record.village, township_id=record.township_id)
    record.delete()


@transaction.atomic
def reference_item_save(*, by, item: ReferenceItem, data: dict) -> ReferenceItem:
    """Edit or add an item of a reference text (the county administrator)."""
    from core.admin_scoping import can_edit_county_settings

    if not can_edit_county_settings(by):
        raise PermissionDenied
    for name, value in data.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    return item
