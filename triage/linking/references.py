"""Case and Tribunal references written in a message, read tolerantly."""

from __future__ import annotations

import re
from dataclasses import dataclass

from triage.tracking.tribunal_refs import find_tribunal_refs

# "ref 104217", "reference number: 104217", "case no. 104217", "our ref #104217": digits only.
_BARE_REF = re.compile(
    r"\b(?:ref(?:erence)?|case)\.?(?:\s*(?:number|num|no)\.?)?"
    r"\s*[:#\-–]?\s*(\d{6})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FoundRef:
    ref: str  # canonical: prefix + digits ("SEN104217"), or "EH860/24/00312"
    text: str  # as written
    where: str


def extract_case_refs(text: str, where: str, pattern: re.Pattern[str], prefix: str) -> list[FoundRef]:
    """Case references by the configured pattern (group 1: the digits) and as "ref 104217"."""
    found: dict[str, FoundRef] = {}
    for regex in (pattern, _BARE_REF):
        for match in regex.finditer(text):
            digits = match.group(1)
            ref = f"{prefix.upper()}{digits}"
            found.setdefault(ref, FoundRef(ref, match.group(0).strip(), where))
    return list(found.values())


def extract_tribunal_refs(text: str, where: str) -> list[FoundRef]:
    """SEND Tribunal references such as EH860/24/00312 (one pattern, shared with appeal tracking)."""
    return [FoundRef(ref, written, where) for ref, written in find_tribunal_refs(text)]
