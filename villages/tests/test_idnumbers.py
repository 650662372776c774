"""居民身份证号 validation: area codes that existed at any time, strict checksum and date.

The check digits here are computed with GB 11643-1999's algorithm written out
in this file, independently of ``villages.idnumbers``.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from villages.idnumbers import parse_id_number

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


def gb11643(body17: str) -> str:
    """Return the 18-character number for 17 digits (GB 11643-1999, ISO 7064 MOD 11-2)."""
    assert len(body17) == 17
    assert body17.isdigit()
    total = sum(
        int(digit) * weight for digit, weight in zip(body17, WEIGHTS, strict=True)
    )
    return body17 + CHECK_CHARS[total % 11]


def number(region: str, born: datetime.date, order: int = 123) -> str:
    return gb11643(f"{region}{born:%Y%m%d}{order:03d}")


def test_the_independent_algorithm_matches_a_published_example():
    # given the example number of GB 11643-1999's annex
    # then the check digit computed here is the published one
    assert gb11643("11010519491231002") == "11010519491231002X"


@pytest.mark.parametrize("year", list(range(1950, 2006)))
def test_mengcheng_numbers_are_valid_for_every_birth_year(year):
    # given a genuine-looking number of 蒙城县 (341622, a code from 2000)
    value = number("341622", datetime.date(year, 3, 17), order=year % 500)
    # when it is validated
    info = parse_id_number(value)
    # then it is accepted with the birth date and gender it encodes
    assert info.number == value
    assert info.birth_date == datetime.date(year, 3, 17)
    assert info.gender == ("male" if (year % 500) % 2 == 1 else "female")


def test_a_withdrawn_area_code_is_accepted_whatever_the_birth_year():
    # given 340204 (芜湖市新芜区, 1983–2005, withdrawn since) before, during and after
    for born in (
        datetime.date(1960, 1, 1),
        datetime.date(1990, 6, 30),
        datetime.date(2012, 2, 29),
    ):
        value = number("340204", born)
        # then each is accepted: the code existed once, the number keeps it
        assert parse_id_number(value).birth_date == born


def test_an_area_code_that_never_existed_is_refused():
    # given a number with a valid checksum but area code 349999
    value = number("349999", datetime.date(1970, 1, 1))
    # when / then it is refused, naming the code
    with pytest.raises(ValidationError) as caught:
        parse_id_number(value)
    assert caught.value.code == "area_code"
    assert "349999" in " ".join(caught.value.messages)


def test_a_wrong_check_digit_is_refused():
    # given a valid 蒙城 number with its check digit changed
    good = number("341622", datetime.date(1965, 8, 1))
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    # when / then
    with pytest.raises(ValidationError) as caught:
        parse_id_number(bad)
    assert caught.value.code == "checksum"
    assert "校验" in " ".join(caught.value.messages)


@pytest.mark.parametrize(
    "date_digits",
    ["19650230", "19651301", "19650000", "18000101"],
)
def test_an_impossible_birth_date_is_refused_even_with_a_valid_checksum(date_digits):
    # given a number whose check digit matches but whose date is impossible
    value = gb11643(f"341622{date_digits}123")
    # when / then
    with pytest.raises(ValidationError) as caught:
        parse_id_number(value)
    assert caught.value.code == "birth_date"
    assert date_digits in " ".join(caught.value.messages)


def test_a_birth_date_in_the_future_is_refused():
    # given a number born next year (valid checksum)
    next_year = datetime.date.today().year + 1  # noqa: DTZ011 - a calendar year only
    value = gb11643(f"341622{next_year}0101123")
    with pytest.raises(ValidationError) as caught:
        parse_id_number(value)
    assert caught.value.code == "birth_date"
