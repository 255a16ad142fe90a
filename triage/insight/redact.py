"""Redaction for quotes shown to managers: names, dates of birth, references and contact details out."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Labels of stored entities that identify a child or a family.
REDACTED_LABELS = frozenset({"PERSON", "DATE", "CASE_REF", "TRIBUNAL_REF", "EMAIL", "PHONE", "NHS_NUMBER"})

_PATTERNS = [
    (re.compile(r"(?i)\bsen[\s\-_/]?\d{6}\b"), "[reference]"),
    (re.compile(r"(?i)\b[a-z]{2}\d{3}\s*/\s*\d{2}\s*/\s*\d{5}\b"), "[reference]"),
    (re.compile(r"\bTRG-[A-Z0-9]{4,}\b", re.IGNORECASE), "[reference]"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    (re.compile(r"(?<!\d)(?:\+44\s?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)"), "[phone]"),
    (re.compile(r"\b\d{3}\s?\d{3}\s?\d{4}\b"), "[number]"),  # NHS numbers
    (re.compile(r"\b\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})\b"), "[date]"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), "[date]"),
    (re.compile(r"(?i)\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}\b"), "[date]"),
    (re.compile(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b"), "[date]"),
    (re.compile(r"(?i)\b(born|d\.?o\.?b\.?)(\s+in)?\s+\d{4}\b"), r"\1\2 [date]"),  # "born in 2016"
    # "my son Alfie", "my daughter, Maisie": a capitalised name after a family word.
    (re.compile(r"\b((?:[Mm]y|[Oo]ur)\s+(?:son|daughter|child|boy|girl|grandson|granddaughter|twins?),?\s+)[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?"), r"\1[name]"),
]


def redact(text: str, names: Iterable[str] = (), entities: Iterable[dict] = ()) -> str:
    """The text with known names, entity spans of identifying labels, references, dates and contacts replaced."""
    words = {n.strip() for n in names if n and len(n.strip()) >= 2}
    for entity in entities:
        value = str(entity.get("text", "")).strip()
        # A DATE entity such as "since September" says when, not who: only dated ones can be a birth date.
        if entity.get("label") == "DATE" and not any(ch.isdigit() for ch in value):
            continue
        if entity.get("label") in REDACTED_LABELS and len(value) >= 2:
            words.add(value)
    out = text
    # Patterns first: a name inside an email address must not break the address's pattern.
    for pattern, replacement in _PATTERNS:
        out = pattern.sub(replacement, out)
    # Longest first, so "Maisie Thornbury" goes before "Maisie" leaves "Thornbury" behind.
    for word in sorted(words, key=len, reverse=True):
        out = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", "[redacted]", out, flags=re.IGNORECASE)
    return out
