"""Working days： 国庆， 调休 Saturdays， admin overrides， the weekend fallback."""

import datetime

import pytest

from stages import services, workdays
from stages.workdays import WorkCalendar, add_working_days, is_working_day

pytestmark = pytest.mark.django_db  # admin overrides live in the database
D = datetime.date


def test_national_day_holiday_is_not_a_working_day():
    # given the 2021 National Day holiday 1–7 October
    # then every day of it is a day off, weekdays included
    assert not any(is_working_day(D(2021, 10, day)) for day in range(1, 8))


def test_make_up_saturday_after_national_day_is_a_working_day():
    # given 9 October 2021 was a Saturday worked in exchange (调休)
    # then it counts as a working day, while the Saturday after does not
    assert is_working_day(D(2021, 10, 9))
    assert not is_working_day(D(2021, 10, 16))


def test_one_working_day_after_the_last_day_before_national_day_is_the_eighth():
    # when counting one working day from Thursday 30 September 2021
    # then the holiday is skipped entirely
    assert add_working_days(D(2021, 9, 30), 1) == D(2021, 10, 8)


def test_five_working_days_across_national_day_count_the_make_up_saturday():
    # given 30 Sep 2021; working days after it: 8 Oct (Fri), 9 Oct (调休 Sat), 11, 12, 13
    # when adding five working days
    # then the result is Wednesday 13 October
    assert add_working_days(D(2021, 9, 30), 5) == D(2021, 10, 13)


def test_working_days_backwards_across_national_day():
    # given Party election day Friday 15 Oct 2021
    # when counting ten working days back: 14,13,12,11,9(调休),8, then 30,29,28,27 Sep
    # then the deadline is Monday 27 September
    assert add_working_days(D(2021, 10, 15), -10) == D(2021, 9, 27)


def test_zero_working_days_returns_the_start():
    assert add_working_days(D(2021, 10, 3), 0) == D(2021, 10, 3)


def test_make_up_sunday_before_national_day_is_a_working_day():
    # 26 September 2021 (Sunday) was worked in exchange for the holiday
    assert add_working_days(D(2021, 9, 24), 1) == D(2021, 9, 26)


def test_year_without_package_data_falls_back_to_weekends():
    # given 2027, for which the holiday package has no data
    assert not workdays.has_official_data(2027)
    # then Monday–Friday are working days and weekends are not
    assert is_working_day(D(2027, 1, 1))  # a Friday: the package would know it is 元旦
    assert not is_working_day(D(2027, 1, 2))
    assert workdays.years_without_official_data([D(2026, 12, 1), D(2027, 1, 4)]) == [
        2027
    ]


def test_admin_override_marks_a_holiday_in_a_year_without_data(users):
    # given the office enters 元旦 2027 as a holiday
    services.calendar_override_set(
        day=D(2027, 1, 1), is_working_day=False, note="2027年元旦", by=users["office"]
    )
    workdays.clear_cache()
    # then it is a day off and counting skips it
    assert not is_working_day(D(2027, 1, 1))
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)


def test_admin_override_can_make_a_weekend_day_a_working_day(users):
    # given a local make-up workday on Saturday 2 January 2027
    services.calendar_override_set(
        day=D(2027, 1, 2), is_working_day=True, note="调休上班", by=users["office"]
    )
    workdays.clear_cache()
    assert is_working_day(D(2027, 1, 2))


def test_calendar_counts_working_days_between_dates():
    calendar = WorkCalendar({})
    assert calendar.working_days_between(D(2021, 9, 30), D(2021, 10, 13)) == 5
