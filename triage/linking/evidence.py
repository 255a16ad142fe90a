"""Everything a message says about which child it concerns, extracted once, with no database."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from triage.linking.dates import FoundDate, extract_dates
from triage.linking.names import Mention, extract_mentions, sender_name_keys
from triage.linking.normalise import normalise_email
from triage.linking.references import FoundRef, extract_case_refs, extract_tribunal_refs
from triage.linking.support import text_keys, year_groups


@dataclass(frozen=True)
class CaseRecord:
    """The register fields the linker compares a message with (a plain copy of a Case row)."""

    id: int
    case_ref: str
    first_name: str
    last_name: str
    date_of_birth: date | None = None
    school: str | None = None
    year_group: str | None = None


@dataclass(frozen=True)
class MessageEvidence:
    case_refs: tuple[FoundRef, ...]
    tribunal_refs: tuple[FoundRef, ...]
    dates: tuple[FoundDate, ...]
    mentions: tuple[Mention, ...]
    sender_email: str | None
    sender_keys: tuple[str, ...]
    text_keys: tuple[str, ...]
    year_groups: frozenset[str]

    @property
    def labelled_dates(self) -> frozenset[date]:
        return frozenset(d.value for d in self.dates if d.labelled)

    @property
    def all_dates(self) -> frozenset[date]:
        return frozenset(d.value for d in self.dates)


def extract_evidence(
    *,
    subject: str,
    text: str,
    sender_email: str | None,
    sender_name: str | None,
    case_ref_pattern: str,
    case_ref_prefix: str = "SEN",
    entities: Sequence[dict] = (),
) -> MessageEvidence:
    """Read references, dates, names, school words and year groups from the subject and body."""
    pattern = re.compile(case_ref_pattern, re.IGNORECASE)
    subject, text = subject or "", text or ""
    refs: dict[str, FoundRef] = {}
    tribunal: dict[str, FoundRef] = {}
    dates: list[FoundDate] = []
    parts = [(subject, "subject"), (text, "body")]
    # The NLP stage's entities are hints: they add what our own patterns missed, never replace them.
    parts += [(str(e.get("text", "")), "entity") for e in entities if e.get("label") in {"CASE_REF", "TRIBUNAL_REF", "DATE"}]
    for content, where in parts:
        for ref in extract_case_refs(content, where, pattern, case_ref_prefix):
            refs.setdefault(ref.ref, ref)
        for ref in extract_tribunal_refs(content, where):
            tribunal.setdefault(ref.ref, ref)
        if where != "entity":
            dates += extract_dates(content, where)
        else:
            seen = {d.value for d in dates}
            dates += [d for d in extract_dates(content, where) if d.value not in seen]
    persons = [str(e.get("text", "")) for e in entities if e.get("label") == "PERSON"]
    return MessageEvidence(
        case_refs=tuple(refs.values()),
        tribunal_refs=tuple(tribunal.values()),
        dates=tuple(dates),
        mentions=tuple(extract_mentions(subject, text, persons)),
        sender_email=normalise_email(sender_email),
        sender_keys=sender_name_keys(sender_name, sender_email),
        text_keys=tuple(text_keys(f"{subject}\n{text}")),
        year_groups=frozenset(year_groups(f"{subject}\n{text}")),
    )
