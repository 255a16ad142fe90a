"""Entity patterns spaCy's small model misses (references, dates, phones, schools) and entity extraction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

RULER_NAME = "triage_entity_ruler"
KEPT_LABELS = frozenset(
    {"PERSON", "DATE", "ORG", "GPE", "CASE_REF", "TRIBUNAL_REF", "PHONE", "SCHOOL", "EMAIL", "NHS_NUMBER"}
)

_DIGITS_6 = {"TEXT": {"REGEX": r"^\d{6}$"}}
_SCHOOL_WORDS = [
    "school", "academy", "college", "primary", "infants", "juniors", "nursery", "pru",
    "grammar", "high", "secondary", "community", "centre", "federation",
]


def ruler_patterns() -> list[dict[str, Any]]:
    """Token patterns for case and Tribunal references, numeric dates, UK phones, emails and school names."""
    return [
        {"label": "CASE_REF", "pattern": [{"TEXT": {"REGEX": r"(?i)^sen[\-_/]?\d{6}$"}}]},
        {"label": "CASE_REF", "pattern": [{"LOWER": "sen"}, _DIGITS_6]},
        {"label": "CASE_REF", "pattern": [{"LOWER": "sen"}, {"TEXT": {"IN": ["-", "_", "/"]}}, _DIGITS_6]},
        {"label": "TRIBUNAL_REF", "pattern": [{"TEXT": {"REGEX": r"(?i)^[a-z]{2}\d{3}/\d{2}/\d{5}$"}}]},
        {
            "label": "TRIBUNAL_REF",
            "pattern": [
                {"TEXT": {"REGEX": r"(?i)^[a-z]{2}\d{3}$"}}, {"ORTH": "/"},
                {"TEXT": {"REGEX": r"^\d{2}$"}}, {"ORTH": "/"}, {"TEXT": {"REGEX": r"^\d{5}$"}},
            ],
        },
        {"label": "DATE", "pattern": [{"TEXT": {"REGEX": r"^\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{2}|\d{4})$"}}]},
        {"label": "DATE", "pattern": [{"TEXT": {"REGEX": r"^\d{4}-\d{2}-\d{2}$"}}]},
        {"label": "PHONE", "pattern": [{"TEXT": {"REGEX": r"^(?:\+44|0044|0)\d{9,10}$"}}]},
        {
            "label": "PHONE",
            "pattern": [
                {"TEXT": {"REGEX": r"^(?:\+44|0044)$"}}, {"TEXT": {"REGEX": r"^\(?0?\)?\d{2,4}$"}},
                {"TEXT": {"REGEX": r"^\d{3,6}$"}}, {"TEXT": {"REGEX": r"^\d{3,4}$"}, "OP": "?"},
            ],
        },
        {
            "label": "PHONE",
            "pattern": [{"TEXT": {"REGEX": r"^0\d{3,4}$"}}, {"TEXT": {"REGEX": r"^\d{3,6}$"}}, {"TEXT": {"REGEX": r"^\d{3,4}$"}, "OP": "?"}],
        },
        {"label": "EMAIL", "pattern": [{"LIKE_EMAIL": True}]},
        {
            "label": "SCHOOL",
            "pattern": [
                {"IS_TITLE": True, "OP": "+"},
                {"LOWER": {"IN": _SCHOOL_WORDS}, "IS_TITLE": True},
                {"LOWER": {"IN": ["school", "academy", "college"]}, "OP": "?"},
            ],
        },
    ]


def add_entity_ruler(nlp: Language) -> EntityRuler:
    """Insert the triage EntityRuler before "ner" so its spans win over the statistical model's guesses."""
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, before="ner", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(ruler_patterns())
    return ruler


def school_patterns(schools: Iterable[str], known: set[str]) -> list[dict[str, Any]]:
    """Phrase patterns for register school names not yet in the ruler (case-insensitive via LOWER)."""
    patterns = []
    for name in schools:
        cleaned = " ".join(str(name).split())
        if len(cleaned) >= 4 and cleaned.lower() not in known:
            patterns.append({"label": "SCHOOL", "pattern": cleaned})
    return patterns


def ensure_school_patterns(ruler: EntityRuler, schools: Sequence[str]) -> None:
    """Teach the ruler the case register's school names; only ever adds, so repeated calls are cheap."""
    known = {str(p["pattern"]).lower() for p in ruler.patterns if isinstance(p["pattern"], str)}
    new = school_patterns(schools, known)
    if new:
        ruler.add_patterns(new)


def doc_entities(doc: Doc, offset: int = 0) -> list[dict[str, Any]]:
    """Entities as plain dicts, limited to the labels agents use."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in KEPT_LABELS:
            continue
        text = ent.text.strip()
        if len(text) < 2:
            continue
        out.append({"label": ent.label_, "text": text, "start": ent.start_char + offset, "end": ent.end_char + offset})
    return out
