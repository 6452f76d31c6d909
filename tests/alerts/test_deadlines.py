"""The day by which an alert must be acknowledged: working days, Monday to Friday, no holidays."""

from datetime import date

import pytest

from alerts.deadlines import add_working_days, easter_sunday, is_working_day, public_holidays


@pytest.mark.parametrize(
    ("raised", "days", "due"),
    [
        (date(2022, 3, 14), 2, date(2022, 3, 16)),  # Monday → Wednesday
        (date(2022, 3, 17), 2, date(2022, 3, 21)),  # Thursday → Monday
        (date(2022, 3, 18), 2, date(2022, 3, 22)),  # Friday → Tuesday
        (date(2022, 3, 19), 2, date(2022, 3, 22)),  # Saturday → Tuesday
        (date(2022, 3, 20), 2, date(2022, 3, 22)),  # Sunday → Tuesday
        (date(2022, 4, 15), 2, date(2022, 4, 20)),  # Friday before Easter Monday → Wednesday
        (date(2022, 7, 13), 2, date(2022, 7, 18)),  # 14 July (Thursday), then the weekend
        (date(2022, 12, 23), 2, date(2022, 12, 27)),  # Christmas on Sunday; Monday 26 is worked
        (date(2022, 3, 14), 0, date(2022, 3, 14)),  # no delay: the same day
        (date(2022, 3, 14), 5, date(2022, 3, 21)),  # a week
    ],
)
def test_the_acknowledgement_day_counts_working_days(raised, days, due):
    assert add_working_days(raised, days) == due


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2021, date(2021, 4, 4)), (2022, date(2022, 4, 17)), (2024, date(2024, 3, 31))],
)
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter


def test_the_eleven_national_holidays_of_2022():
    holidays = public_holidays(2022)
    assert len(holidays) == 11
    assert {date(2022, 4, 18), date(2022, 5, 26), date(2022, 6, 6)} <= holidays  # Easter-based
    assert not is_working_day(date(2022, 11, 11))
    assert is_working_day(date(2022, 11, 10))
