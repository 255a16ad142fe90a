"""Finding SEND Tribunal references (e.g. EH860/24/00312) in text."""

from __future__ import annotations

import re

# EH, a three-digit council code, a two-digit year, a five-digit serial.
TRIBUNAL_REF = re.compile(r"(?<![A-Za-z0-9])EH\s?(\d{3})\s?/\s?(\d{2})\s?/\s?(\d{5})(?!\d)", re.IGNORECASE)


def normalise_tribunal_ref(raw: str) -> str | None:
    """The canonical form (EH860/24/00312) of one reference, or None if it is not one."""
    match = TRIBUNAL_REF.fullmatch(raw.strip())
    return f"EH{match.group(1)}/{match.group(2)}/{match.group(3)}" if match else None


def find_tribunal_refs(text: str) -> list[tuple[str, str]]:
    """(canonical, as written) for each distinct Tribunal reference, in order of first appearance."""
    found: dict[str, str] = {}
    for match in TRIBUNAL_REF.finditer(text or ""):
        found.setdefault(f"EH{match.group(1)}/{match.group(2)}/{match.group(3)}", match.group(0))
    return list(found.items())


def extract_tribunal_refs(text: str) -> list[str]:
    """Every distinct Tribunal reference in text, canonical form, in order of first appearance."""
    return [ref for ref, _written in find_tribunal_refs(text)]
