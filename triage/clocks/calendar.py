"""Working-day and calendar arithmetic for England and Wales and for the SEND Tribunal.

"Working days" exclude weekends and England and Wales bank holidays (substitute days included).
Tribunal working days also exclude 25 December to 1 January and all of August. "Weeks" and
"days" in the SEND Regulations are calendar time. In every sum the start day is not counted.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")
# A service promise falls due at the end of the office day.
SERVICE_DAY_ENDS = time(17, 0)


class Calendar(Protocol):
    name: str

    def is_working_day(self, d: date) -> bool:
        """True when d counts as a working day on this calendar."""
        ...


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    # One frozen set per year: the holidays object expands itself lazily and is not thread-safe.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(d: date) -> bool:
    """True when d is an England and Wales bank holiday (substitute days included)."""
    return d in _bank_holidays(d.year)


class EnglandCalendar:
    """Monday to Friday, less England and Wales bank holidays."""

    name = "england"

    def is_working_day(self, d: date) -> bool:
        """True on a weekday that is not a bank holiday."""
        return d.weekday() < 5 and not is_bank_holiday(d)


class TribunalCalendar:
    """England's working days, less 25 December to 1 January and all of August."""

    name = "tribunal"

    def is_working_day(self, d: date) -> bool:
        """True on an England working day outside the Christmas break and August."""
        if d.month == 8:
            return False
        if (d.month == 12 and d.day >= 25) or (d.month == 1 and d.day == 1):
            return False
        return ENGLAND.is_working_day(d)


ENGLAND: Calendar = EnglandCalendar()
TRIBUNAL: Calendar = TribunalCalendar()
CALENDARS: dict[str, Calendar] = {"england": ENGLAND, "tribunal": TRIBUNAL}


def get_calendar(name: str | Calendar) -> Calendar:
    """The calendar called name ("england" or "tribunal"); a Calendar is returned as it is."""
    if not isinstance(name, str):
        return name
    try:
        return CALENDARS[name]
    except KeyError:
        raise ValueError(f"unknown calendar {name!r}; use one of {', '.join(CALENDARS)}") from None


def add_working_days(start: date, n: int, calendar: Calendar | str = ENGLAND) -> date:
    """The day n working days after start (start not counted); n == 0 gives start itself."""
    if n < 0:
        raise ValueError(f"n must be 0 or more, not {n}")
    cal = get_calendar(calendar)
    day = start
    remaining = n
    while remaining:
        day += timedelta(days=1)
        if cal.is_working_day(day):
            remaining -= 1
    return day


def add_weeks(start: date, n: int) -> date:
    """The day n calendar weeks after start."""
    return start + timedelta(weeks=n)


def add_calendar_days(start: date, n: int) -> date:
    """The day n calendar days after start."""
    return start + timedelta(days=n)


def due_date(
    start: date,
    *,
    working_days: int | None = None,
    weeks: int | None = None,
    days: int | None = None,
    calendar: str | Calendar = "england",
) -> date:
    """The due day for exactly one of working_days, weeks or days after start."""
    given = [v for v in (working_days, weeks, days) if v is not None]
    if len(given) != 1:
        raise ValueError("give exactly one of working_days, weeks or days")
    if given[0] < 0:
        raise ValueError(f"the period must be 0 or more, not {given[0]}")
    if working_days is not None:
        return add_working_days(start, working_days, calendar)
    if weeks is not None:
        return add_weeks(start, weeks)
    assert days is not None
    return add_calendar_days(start, days)


def working_days_between(start: date, end: date, calendar: Calendar | str = ENGLAND) -> int:
    """Working days d with start < d <= end; negative when end is before start."""
    cal = get_calendar(calendar)
    if end < start:
        return -working_days_between(end, start, cal)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if cal.is_working_day(day):
            count += 1
    return count


def london_date(moment: datetime) -> date:
    """The Europe/London calendar day of an aware datetime."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime; attach a timezone")
    return moment.astimezone(LONDON).date()


def at_london_time(day: date, at: time) -> datetime:
    """An aware datetime for a wall-clock time on a London day (DST handled by zoneinfo)."""
    return datetime.combine(day, at, tzinfo=LONDON)


def end_of_london_day(day: date) -> datetime:
    """Midnight at the end of a London day: the first instant a date deadline is missed."""
    return at_london_time(day + timedelta(days=1), time(0, 0))


def add_working_days_dt(start: datetime, n: int, calendar: Calendar | str = ENGLAND) -> datetime:
    """17:00 London time on the London day n working days after start's London day."""
    return at_london_time(add_working_days(london_date(start), n, calendar), SERVICE_DAY_ENDS)
