"""Candidate search by indexed blocking: references, contact address, dates of birth and name keys.

Every condition hits an index (case_ref, id, date_of_birth, first_name_key, last_name_key,
case_contacts.email); the register is never scanned.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from triage.linking.evidence import CaseRecord, MessageEvidence
from triage.linking.name_variants import variants
from triage.linking.scoring import FAMILY
from triage.models import Appeal, Case, CaseContact

MAX_CANDIDATES = 2000  # a safety valve; real messages block to a few dozen rows


def sender_contacts(session: Session, email: str | None) -> dict[int, str]:
    """Case id -> the sender's relationship to that child (a parent or carer wins over other roles)."""
    if not email:
        return {}
    rows = session.execute(
        select(CaseContact.case_id, CaseContact.relationship_to_child).where(CaseContact.email == email)
    ).all()
    found: dict[int, str] = {}
    for case_id, relationship in rows:
        if case_id not in found or relationship in FAMILY:
            found[case_id] = relationship
    return found


def appeal_cases(session: Session, tribunal_refs: Iterable[str]) -> dict[int, str]:
    """Case id -> Tribunal reference, for the recorded appeals the message quotes."""
    refs = sorted(set(tribunal_refs))
    if not refs:
        return {}
    rows = session.execute(
        select(Appeal.case_id, Appeal.tribunal_ref).where(Appeal.tribunal_ref.in_(refs), Appeal.case_id.is_not(None))
    )
    return {case_id: ref for case_id, ref in rows}


def _name_blocks(ev: MessageEvidence) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """First-name keys by the initial of the surname written after them, and surname keys by first initial."""
    firsts: dict[str, set[str]] = defaultdict(set)
    lasts: dict[str, set[str]] = defaultdict(set)
    sender_last = ev.sender_keys[-1] if len(ev.sender_keys) > 1 else ""
    for mention in ev.mentions:
        keys = mention.keys
        spans = [(i, i, k) for i, k in enumerate(keys)] + [(i, i + 1, keys[i] + keys[i + 1]) for i in range(len(keys) - 1)]
        for a_start, a_end, a in spans:
            if sender_last:
                firsts[sender_last[0]] |= variants(a)  # "my son Olly" with the sender's surname
            for b_start, b_end, b in spans:
                if a_end < b_start <= a_end + 2 or b_end + 1 == a_start:
                    firsts[b[0]] |= variants(a)
                    lasts[a[0]] |= variants(b)
    return firsts, lasts


def candidate_conditions(ev: MessageEvidence, extra_ids: Iterable[int]) -> list[ColumnElement[bool]]:
    """The OR-ed blocking conditions, each served by an index."""
    conditions: list[ColumnElement[bool]] = []
    if ev.case_refs:
        conditions.append(Case.case_ref.in_(sorted({r.ref for r in ev.case_refs})))
    ids = sorted(set(extra_ids))
    if ids:
        conditions.append(Case.id.in_(ids))
    if ev.dates:
        conditions.append(Case.date_of_birth.in_(sorted(ev.all_dates)))
    firsts, lasts = _name_blocks(ev)
    for initial, keys in sorted(firsts.items()):
        conditions.append(and_(Case.first_name_key.in_(sorted(keys)), func.substr(Case.last_name_key, 1, 1) == initial))
    for initial, keys in sorted(lasts.items()):
        conditions.append(and_(Case.last_name_key.in_(sorted(keys)), func.substr(Case.first_name_key, 1, 1) == initial))
    return conditions


def candidate_records(session: Session, ev: MessageEvidence, *, extra_ids: Iterable[int] = ()) -> list[CaseRecord]:
    """The cases any piece of evidence points at, as plain records for the pure decision."""
    conditions = candidate_conditions(ev, extra_ids)
    if not conditions:
        return []
    stmt = (
        select(Case.id, Case.case_ref, Case.child_first_name, Case.child_last_name, Case.date_of_birth,
               Case.school, Case.year_group)
        .where(or_(*conditions))
        .limit(MAX_CANDIDATES)
    )
    return [CaseRecord(*row) for row in session.execute(stmt).all()]
