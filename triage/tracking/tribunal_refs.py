"""Finding SEND Tribunal references (e.g. EH860/24/00312) in text."""

from __future__ import annotations

import re

# EH, a three-digit council code, a two-digit year, a five-digit serial.
TRIBUNAL_REF = re.compile(r"(?<![A-Za-z0-9])EH\s?(\d{3})\s?/\s?(\d{2})\s?/\s?(\d{5})(?!\d)", re.IGNORECASE)


def normalise_tribunal_ref(raw: str) -> str | None:
    """The canonical form (EH860/24/00312) of one reference, or None if it is not one."""
    match = TRIBUNAL_REF.fullmatch(raw.strip())
    return f"EH{match.group(1)}/{match.group(2)}/{match.group(3)}" if match else None


def extract_tribunal_refs(text: str) -> list[str]:
    """Every distinct Tribunal reference in text, canonical form, in order of first appearance."""
    found: list[str] = []
    for match in TRIBUNAL_REF.finditer(text or ""):
        ref = f"EH{match.group(1)}/{match.group(2)}/{match.group(3)}"
        if ref not in found:
            found.append(ref)
    return found
