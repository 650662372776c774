"""Writes of commitment letters (承诺书)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads import validate_upload

from .. import access
from ..choices import LetterKind
from ..models import CommitmentLetter
from ..selectors.letters import letter_window_start

SIGNER_REQUIRED = _(
    "Choose the person from the roster, or type the name of the signer (township staff, "
    "election workers)."
)
PERSON_AND_NAME = _(
    "The signer is %(person)s from the roster; leave the typed name empty."
)
ALREADY_SIGNED = _(
    "%(name)s already signed the %(kind)s on %(date)s. Open that letter to add a scan "
    "instead of recording it twice."
)
FUTURE_DATE = _(
    "The signing date %(date)s is in the future: enter the day it was signed."
)
NO_TOWNSHIP = _(
    "Choose the village (or a roster person): your account belongs to no township."
)
SCAN_TYPES = (".pdf", ".jpg", ".jpeg", ".png")


def _township_of(by, village) -> int:
    if village is not None:
        return village.township_id
    if by.township_id is None:
        raise ValidationError({"village": NO_TOWNSHIP})
    return by.township_id


@transaction.atomic
def letter_save(
    *,
    by,
    kind: str,
    signed_on,
    person=None,
    village=None,
    signer_name: str = "",
    signer_unit: str = "",
    notes: str = "",
    scan=None,
    instance: CommitmentLetter | None = None,
) -> CommitmentLetter:
    """Record a signed letter (or correct one); a roster person signs each kind once a round."""
    signer_name = (signer_name or "").strip()
    if person is not None:
        if signer_name and signer_name != person.name:
            raise ValidationError(
                {"signer_name": PERSON_AND_NAME % {"person": person.name}}
            )
        village = person.village
        signer_name = person.name
    elif not signer_name:
        raise ValidationError({"signer_name": SIGNER_REQUIRED})
    township_id = _township_of(by, village)
    if not access.can_edit_record(by, village=village, township_id=township_id):
        raise PermissionDenied
    if instance is not None and not access.can_edit_record(
        by, village=instance.village, township_id=instance.township_id
    ):
        raise PermissionDenied
    if signed_on and signed_on > timezone.localdate():
        raise ValidationError(
            {"signed_on": FUTURE_DATE % {"date": signed_on.isoformat()}}
        )
    if person is not None:
        window = letter_window_start(township_id)
        duplicates = CommitmentLetter.objects.filter(person=person, kind=kind)
        if window is not None:
            duplicates = duplicates.filter(signed_on__gte=window)
        if instance is not None:
            duplicates = duplicates.exclude(pk=instance.pk)
        existing = duplicates.order_by("signed_on").first()
        if existing is not None:
            raise ValidationError(
                ALREADY_SIGNED
                % {
                    "name": person.name,
                    "kind": LetterKind(kind).label,
                    "date": existing.signed_on.isoformat(),
                }
            )
    letter = instance or CommitmentLetter(recorded_by=by)
    letter.township_id = township_id
    letter.village = village
    letter.person = person
    letter.signer_name = signer_name
    letter.signer_unit = (signer_unit or "").strip()
    letter.kind = kind
    letter.signed_on = signed_on
    letter.notes = notes or ""
    if scan:
        validate_upload(scan, extensions=SCAN_TYPES)
        if letter.scan:
            letter.scan.delete(save=False)
        letter.scan = scan
        letter.scan_name = scan.name[:200]
    letter.full_clean()
    letter.save()
    return letter


@transaction.atomic
def letter_delete(*, letter: CommitmentLetter, by) -> None:
    """Delete a letter recorded by mistake (the deletion stays in the history)."""
    if not access.can_edit_record(
        by, village=letter.village, township_id=letter.township_id
    ):
        raise PermissionDenied
    if letter.scan:
        letter.scan.delete(save=False)
    letter.delete()
