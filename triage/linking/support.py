"""Supporting evidence only: the child's school and year group mentioned in the message."""

from __future__ import annotations

import re

from triage.linking.normalise import name_key, words

# Words every school name shares; the rest of the name is what identifies the school.
_GENERIC = frozenset(
    """
    school schools primary secondary academy college nursery infant infants junior juniors high grammar
    special community church england ce c e rc catholic the and of st saint trust federation free first
    middle upper lower studio university technical centre center pru unit learning campus
    """.split()
)
_YEAR = re.compile(r"\b(?:year|yr|y)\s?-?\s?(\d{1,2})\b|\b(reception|nursery)\b", re.IGNORECASE)


def text_keys(text: str) -> list[str]:
    """The message's words as name keys, in order (for phrase lookups)."""
    return [name_key(w) for w, _, _ in words(text)]


def school_mentioned(school: str | None, keys: list[str]) -> bool:
    """True when the identifying words of the school's name appear together in the message."""
    if not school:
        return False
    distinctive = [k for k in (name_key(w) for w, _, _ in words(school)) if k and k not in _GENERIC]
    if not distinctive:
        return False
    size = len(distinctive)
    return any(keys[i:i + size] == distinctive for i in range(len(keys) - size + 1))


def year_groups(text: str) -> set[str]:
    """Year groups written in the message, normalised ("Year 5", "Y5", "yr 5" -> "5"; "reception" -> "r")."""
    found = set()
    for match in _YEAR.finditer(text):
        if match.group(1):
            if 0 < int(match.group(1)) <= 14:
                found.add(str(int(match.group(1))))
        else:
            found.add(match.group(2).lower()[0])
    return found


def normalise_year_group(value: str | None) -> str | None:
    """A register year group in the same form as year_groups() ("Year 5" -> "5", "Reception" -> "r")."""
    if not value:
        return None
    groups = year_groups(value) or year_groups(f"year {value.strip()}")
    return next(iter(groups), None)
