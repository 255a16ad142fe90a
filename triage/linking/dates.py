"""Dates written in a message, read day-first as in the UK, flagged when labelled as a date of birth."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# A child or young person with an EHC plan is 0 to 25: other years are not dates of birth.
EARLIEST_BIRTH_YEAR = 1995
LATEST_BIRTH_YEAR = 2030

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_NAME = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)?\d{2})"
_PATTERNS = (
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)\b"),
    re.compile(r"\b(?P<day>[0-3]?\d)\s*[/.\-]\s*(?P<month>[01]?\d)\s*[/.\-]\s*" + _YEAR + r"\b"),
    re.compile(r"\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH_NAME + r",?\s+" + _YEAR + r"\b", re.IGNORECASE),
    re.compile(r"\b" + _MONTH_NAME + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b", re.IGNORECASE),
)
_LABEL = re.compile(
    r"(?:\bd\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth|\bborn(?:\s+on)?|\bbirth\s*date|\bbirthday)(?:\s+(?:is|was|of))?[\s:\-–(]*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FoundDate:
    value: date
    text: str
    labelled: bool  # written as a date of birth ("DOB", "born on", "date of birth:")
    where: str


def _year(raw: str) -> int:
    year = int(raw)
    if len(raw) == 2:
        # Two-digit years are children's birth years: 00-30 this century, the rest the last.
        year += 2000 if year <= LATEST_BIRTH_YEAR % 100 else 1900
    return year


def _month(match: re.Match[str]) -> int:
    groups = match.groupdict()
    if groups.get("mon"):
        return _MONTHS[groups["mon"].lower()[:3]]
    return int(groups["month"])


def extract_dates(text: str, where: str) -> list[FoundDate]:
    """Real calendar dates in plausible birth years, each flagged when labelled as a date of birth."""
    found: dict[tuple[int, int], FoundDate] = {}
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            span = match.span()
            if any(s <= span[0] < e or s < span[1] <= e for s, e in found):
                continue
            try:
                value = date(_year(match.group("year")), _month(match), int(match.group("day")))
            except ValueError:
                continue  # 31/02/2015 is not a date
            if not EARLIEST_BIRTH_YEAR <= value.year <= LATEST_BIRTH_YEAR:
                continue
            labelled = _LABEL.search(text[max(0, span[0] - 30):span[0]]) is not None
            found[span] = FoundDate(value, match.group(0), labelled, where)
    return [found[span] for span in sorted(found)]
