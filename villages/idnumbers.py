"""居民身份证号: validation (python-stdnum ``stdnum.cn.ric``) and fictional test numbers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import ric
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
)

from .choices import Gender


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: datetime.date
    gender: str


def parse_id_number(value) -> IdInfo:
    """Validate an 18-digit ID number and return its birth date and gender.

    Raise ValidationError with a Chinese message saying what is wrong and how
    to fix it. Numbers that Excel stored as numbers (scientific notation, lost
    trailing digits) are recognised and explained.
    """
    raw = "" if value is None else str(value).strip()
    if not raw:
        raise ValidationError(_("ID number is missing."), code="required")
    if (
        "e+" in raw.lower()
        or raw.endswith(".0")
        or (
            raw.isdigit()
            and raw.endswith("000")
            and len(raw) == 18
            and _looks_truncated(raw)
        )
    ):
        raise ValidationError(
            _(
                "The ID number was stored as a number and Excel cut off its last digits. "
                "Set the column's format to Text and type the number again."
            ),
            code="excel_number",
        )
    number = raw.upper().replace(" ", "")
    if len(number) != 18:
        raise ValidationError(
            _("An ID number has 18 characters; this one has %(n)d.")
            % {"n": len(number)},
            code="length",
        )
    try:
        number = _validate(number)
    except InvalidChecksum as exc:
        raise ValidationError(
            _(
                "Wrong check digit: the number was mistyped. Compare it with the ID card."
            ),
            code="checksum",
        ) from exc
    except InvalidComponent as exc:
        raise ValidationError(
            _("The birth date or region inside the ID number is impossible."),
            code="component",
        ) from exc
    except (InvalidFormat, InvalidLength) as exc:
        raise ValidationError(
            _("Only digits, and X as the last character, are allowed in an ID number."),
            code="format",
        ) from exc
    birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    gender = Gender.MALE if int(number[16]) % 2 == 1 else Gender.FEMALE
    return IdInfo(number=number, birth_date=birth, gender=gender)


def _validate(number: str) -> str:
    """Check a number exactly as ``stdnum.cn.ric.validate`` does, faster.

    ``ric.validate`` looks the region code up in stdnum's code table on every
    call (about 1 ms) and cleans the number three times; here the check digit
    is computed with stdnum's ``calc_check_digit`` and the region table answer,
    which depends only on region and birth year, is cached per pair.
    """
    number = ric.compact(number) if not number.isalnum() else number.upper()
    if len(number) != 18:
        raise InvalidLength()
    if not number[:-1].isdigit():
        raise InvalidFormat()
    if number[-1] != ric.calc_check_digit(number):
        raise InvalidChecksum()
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise InvalidComponent() from exc
    if not _region_known(number[:6], birth.year):
        raise InvalidComponent()
    return number


@lru_cache(maxsize=8192)
def _region_known(region: str, year: int) -> bool:
    """Return whether a region code was in use in a year (stdnum's table)."""
    try:
        ric.get_birth_place(f"{region}{year:04d}0101000" + "0")
    except InvalidComponent:
        return False
    return True


def _looks_truncated(number: str) -> bool:
    # Excel keeps 15 significant digits: the last three of an 18-digit number
    # become 000 and the check digit then (almost always) fails.
    return not ric.is_valid(number)


def make_id_number(
    birth_date: datetime.date, gender: str, seq: int, region: str = "340121"
) -> str:
    """Return a fictional ID number with a valid check digit (for demo data and tests)."""
    # Three digits of order: at most 499 numbers per region, birth date and gender.
    seq = seq % 499
    order = seq * 2 + (1 if gender == Gender.MALE else 2)
    body = f"{region}{birth_date:%Y%m%d}{order:03d}"
    return body + ric.calc_check_digit(body + "0")
