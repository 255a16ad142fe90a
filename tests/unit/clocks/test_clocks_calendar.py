"""Working-day arithmetic across bank holidays, substitute days, Christmas, August and leap years."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from triage.clocks.calendar import (
    ENGLAND,
    TRIBUNAL,
    add_calendar_days,
    add_weeks,
    add_working_days,
    add_working_days_dt,
    due_date,
    get_calendar,
    is_bank_holiday,
    working_days_between,
)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2024, 3, 4), 5, date(2024, 3, 11)),  # plain week, Monday to Monday
        (date(2024, 3, 9), 1, date(2024, 3, 11)),  # starts on a Saturday
        (date(2024, 3, 8), 1, date(2024, 3, 11)),  # Friday to Monday
        (date(2024, 3, 28), 1, date(2024, 4, 2)),  # Good Friday and Easter Monday 2024
        (date(2024, 3, 28), 5, date(2024, 4, 8)),
        (date(2021, 12, 24), 1, date(2021, 12, 29)),  # Christmas on a Saturday: 27, 28 substitute
        (date(2021, 12, 31), 1, date(2022, 1, 4)),  # New Year on a Saturday: 3 Jan substitute
        (date(2020, 12, 24), 1, date(2020, 12, 29)),  # Boxing Day Saturday: 28 Dec substitute
        (date(2024, 12, 24), 1, date(2024, 12, 27)),
        (date(2024, 12, 24), 3, date(2024, 12, 31)),
        (date(2024, 12, 24), 4, date(2025, 1, 2)),  # across the year boundary and 1 January
        (date(2023, 5, 5), 1, date(2023, 5, 9)),  # Coronation bank holiday 8 May 2023
        (date(2024, 2, 28), 1, date(2024, 2, 29)),  # leap day is an ordinary working day
        (date(2024, 8, 23), 1, date(2024, 8, 27)),  # late summer bank holiday
        (date(2024, 3, 4), 0, date(2024, 3, 4)),  # nothing to add: the start itself
    ],
)
def test_clocks_add_working_days_england(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n, ENGLAND) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2024, 12, 20), 1, date(2024, 12, 23)),
        (date(2024, 12, 20), 3, date(2025, 1, 2)),  # 25 Dec to 1 Jan are not Tribunal days
        (date(2025, 12, 19), 4, date(2026, 1, 2)),  # 22-24 Dec count; then nothing until 2 Jan
        (date(2024, 7, 31), 1, date(2024, 9, 2)),  # all of August is skipped
        (date(2024, 7, 1), 30, date(2024, 9, 11)),  # 22 July days, then 8 in September
        (date(2024, 3, 28), 1, date(2024, 4, 2)),  # bank holidays still excluded
    ],
)
def test_clocks_add_working_days_tribunal(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n, TRIBUNAL) == expected


def test_clocks_tribunal_days_are_a_subset_of_england_days() -> None:
    day = date(2023, 1, 1)
    while day < date(2026, 1, 1):
        if TRIBUNAL.is_working_day(day):
            assert ENGLAND.is_working_day(day), day
        day += timedelta(days=1)


def test_clocks_bank_holidays_include_substitute_days_only_where_due() -> None:
    assert is_bank_holiday(date(2022, 1, 3))  # substitute for a Saturday New Year
    assert is_bank_holiday(date(2026, 12, 28))  # substitute for a Saturday Boxing Day
    assert not is_bank_holiday(date(2024, 1, 2))
    assert not ENGLAND.is_working_day(date(2022, 9, 19))  # the state funeral
    assert ENGLAND.is_working_day(date(2024, 12, 24))
    assert not TRIBUNAL.is_working_day(date(2024, 8, 1))  # a Thursday in August


@pytest.mark.parametrize(
    ("start", "weeks", "expected"),
    [
        (date(2024, 1, 18), 6, date(2024, 2, 29)),  # lands on the leap day
        (date(2024, 2, 29), 52, date(2025, 2, 27)),
        (date(2024, 10, 14), 20, date(2025, 3, 3)),  # the 20-week plan across the new year
        (date(2023, 12, 25), 1, date(2024, 1, 1)),  # calendar weeks ignore holidays
    ],
)
def test_clocks_add_weeks(start: date, weeks: int, expected: date) -> None:
    assert add_weeks(start, weeks) == expected


def test_clocks_add_calendar_days_across_february() -> None:
    assert add_calendar_days(date(2024, 2, 28), 1) == date(2024, 2, 29)
    assert add_calendar_days(date(2023, 2, 28), 1) == date(2023, 3, 1)
    assert add_calendar_days(date(2024, 12, 31), 15) == date(2025, 1, 15)


def test_clocks_due_date_dispatches_and_refuses_ambiguity() -> None:
    start = date(2024, 12, 20)
    assert due_date(start, working_days=3) == date(2024, 12, 27)
    assert due_date(start, working_days=3, calendar="tribunal") == date(2025, 1, 2)
    assert due_date(start, weeks=2) == date(2025, 1, 3)
    assert due_date(start, days=15) == date(2025, 1, 4)
    with pytest.raises(ValueError, match="exactly one"):
        due_date(start)
    with pytest.raises(ValueError, match="exactly one"):
        due_date(start, weeks=1, days=1)
    with pytest.raises(ValueError, match="0 or more"):
        due_date(start, days=-1)
    with pytest.raises(ValueError, match="unknown calendar"):
        get_calendar("scotland")


def test_clocks_working_days_between_inverts_add_working_days() -> None:
    assert working_days_between(date(2024, 12, 24), date(2025, 1, 2), ENGLAND) == 4
    assert working_days_between(date(2025, 1, 2), date(2024, 12, 24), ENGLAND) == -4
    assert working_days_between(date(2024, 3, 4), date(2024, 3, 4), ENGLAND) == 0
    start = date(2024, 7, 15)
    for n in range(0, 60, 7):
        for cal in (ENGLAND, TRIBUNAL):
            assert working_days_between(start, add_working_days(start, n, cal), cal) == n


def test_clocks_service_due_is_17_00_london_across_easter_and_dst() -> None:
    # Contact on Good Friday 2024; British Summer Time starts on 31 March.
    due = add_working_days_dt(datetime(2024, 3, 29, 10, 0, tzinfo=UTC), 5, ENGLAND)
    assert due == datetime(2024, 4, 8, 16, 0, tzinfo=UTC)


def test_clocks_service_due_counts_from_the_london_day() -> None:
    # 23:30 UTC on Monday 3 June is already Tuesday in London (BST).
    due = add_working_days_dt(datetime(2024, 6, 3, 23, 30, tzinfo=UTC), 5, "england")
    assert due == datetime(2024, 6, 11, 16, 0, tzinfo=UTC)
    # In winter London is on UTC: Monday stays Monday.
    due = add_working_days_dt(datetime(2024, 3, 4, 23, 30, tzinfo=UTC), 5, "england")
    assert due == datetime(2024, 3, 11, 17, 0, tzinfo=UTC)
    with pytest.raises(ValueError, match="naive"):
        add_working_days_dt(datetime(2024, 3, 4, 9, 0), 5, "england")
