"""居民身份证号: validation (python-stdnum ``stdnum.cn.ric``) and fictional test numbers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils import timezone
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
    except _BadBirthDate as exc:
        raise ValidationError(
            _(
                "The birth date %(date)s inside the ID number (digits 7–14) is "
                "impossible. Compare the number with the ID card."
            )
            % {"date": number[6:14]},
            code="birth_date",
        ) from exc
    except InvalidComponent as exc:
        raise ValidationError(
            _(
                "The area code %(code)s (the first six digits) has never existed. "
                "Compare the number with the ID card."
            )
            % {"code": number[:6]},
            code="area_code",
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
    """Check checksum, birth date and area code of a compact 18-character number.

    The checksum and birth date are checked as ``stdnum.cn.ric.validate``
    does. The area code is accepted when it has existed at any time in
    stdnum's table: ``ric.validate`` also requires the code to have existed
    in the birth year, but a number keeps the code of where and when it was
    *issued*, so people born before their county's current code existed
    (341622 蒙城县 dates from 2000) hold perfectly genuine numbers (SPEC §3.2).
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
        raise _BadBirthDate() from exc
    if birth.year < 1880 or (birth.year >= 2000 and birth > timezone.localdate()):
        raise _BadBirthDate()
    if not region_known(number[:6]):
        raise InvalidComponent()
    return number


class _BadBirthDate(InvalidComponent):
    """The birth date part is not a date, lies in the future or before 1880."""


@lru_cache(maxsize=8192)
def region_known(region: str) -> bool:
    """Return whether an area code has existed at some time (stdnum's table)."""
    from stdnum import numdb

    parts = numdb.get("cn/loc").info(region)
    return any("county" in props for _part, props in parts)


def _looks_truncated(number: str) -> bool:
    # Excel keeps 15 significant digits: the last three of an 18-digit number
    # become 000 and the check digit then (almost always) fails.
    try:
        _validate(number)
    except (InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength):
        return True
    return False


def make_id_number(
    birth_date: datetime.date, gender: str, seq: int, region: str = "340121"
) -> str:
    """Return a fictional ID number with a valid check digit (for demo data and tests)."""
    # Three digits of order: at most 499 numbers per region, birth date and gender.
    seq = seq % 499
    order = seq * 2 + (1 if gender == Gender.MALE else 2)
    body = f"{region}{birth_date:%Y%m%d}{order:03d}"
    return body + ric.calc_check_digit(body + "0")
