"""The link decision: linked, suggested, ambiguous or none, from scored candidates. Pure; see README.md."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from triage.linking.evidence import CaseRecord, MessageEvidence
from triage.linking.scoring import CONFLICT_PENALTY, FAMILY, CaseScore, Context, decisive_method, named_elsewhere, referenced_elsewhere, score_case

SUGGEST_AT = 0.25  # a case below this confidence is not shown as a candidate
TIE_WITHIN = 0.05  # top candidates this close are a tie: ambiguous
LINK_MARGIN = 0.10  # the linked case must lead the runner-up by at least this much
MAX_CANDIDATES = 5


@dataclass(frozen=True)
class Candidate:
    case_id: int
    case_ref: str
    score: float
    evidence: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LinkDecision:
    status: str  # "linked" | "suggested" | "ambiguous" | "none"
    case_id: int | None  # set only when status == "linked"
    method: str  # "case_ref", "tribunal_ref", "name+dob", "sender+name", "conversation", "sender"; "" for none
    confidence: float
    candidates: list[Candidate]

    def as_json(self) -> list[dict]:
        """The candidates as stored on CaseLink.candidates."""
        return [
            {"case_id": c.case_id, "case_ref": c.case_ref, "score": c.score, "evidence": list(c.evidence)}
            for c in self.candidates
        ]


NO_LINK = LinkDecision("none", None, "", 0.0, [])


def _candidate(score: CaseScore) -> Candidate:
    against = [f"against: {reason}" for reason in score.conflicts]
    return Candidate(score.record.id, score.record.case_ref, score.confidence, [*score.evidence, *against])


def _with_conflict(score: CaseScore, reason: str | None) -> CaseScore:
    if reason is None:
        return score
    return replace(score, confidence=round(score.confidence * CONFLICT_PENALTY, 4), conflicts=(*score.conflicts, reason))


def decide(
    evidence: MessageEvidence,
    records: Sequence[CaseRecord],
    *,
    sender_contacts: Mapping[int, str] | None = None,
    conversation_case_id: int | None = None,
    tribunal_cases: Mapping[int, str] | None = None,
) -> LinkDecision:
    """Link only when exactly one case has decisive, uncontradicted evidence and leads the rest clearly."""
    contacts = dict(sender_contacts or {})
    ctx = Context(
        refs={r.ref: r.where for r in evidence.case_refs},
        tribunal_cases=dict(tribunal_cases or {}),
        sender_contacts=contacts,
        conversation_case_id=conversation_case_id,
        family_cases=frozenset(cid for cid, rel in contacts.items() if rel in FAMILY),
    )
    unique = {r.id: r for r in records}.values()
    scores = sorted((score_case(r, evidence, ctx) for r in unique), key=lambda s: (-s.confidence, s.record.id))
    scores = [s for s in scores if s.kinds]
    if not scores:
        return NO_LINK

    # A case whose child is not named yields to a message naming another registered child, and
    # evidence of any kind yields to a reference the writer quoted for another case.
    scores = [_with_conflict(s, named_elsewhere(s, scores)) for s in scores]
    scores = [_with_conflict(s, referenced_elsewhere(s, scores)) for s in scores]
    scores.sort(key=lambda s: (-s.confidence, s.record.id))
    decisive: list[tuple[CaseScore, str]] = []
    for score in scores:
        method = decisive_method(score, ctx)
        if method and not score.conflicts:
            decisive.append((score, method))

    shown = [s for s in scores if s.confidence >= SUGGEST_AT][:MAX_CANDIDATES]
    candidates = [_candidate(s) for s in shown]
    if len(decisive) == 1:
        top, method = decisive[0]
        runner_up = max((s.confidence for s in scores if s is not top), default=0.0)
        if round(top.confidence - runner_up, 4) >= LINK_MARGIN:
            linked = _candidate(top)
            rest = [c for c in candidates if c.case_id != top.record.id]
            return LinkDecision("linked", top.record.id, method, top.confidence, [linked, *rest][:MAX_CANDIDATES])
    if not candidates:
        return NO_LINK
    method = decisive[0][1] if decisive else _kind_method(shown[0].kinds)
    tie = len(decisive) > 1 or (len(shown) > 1 and round(shown[0].confidence - shown[1].confidence, 4) < TIE_WITHIN)
    return LinkDecision("ambiguous" if tie else "suggested", None, method, shown[0].confidence, candidates)


def _kind_method(kinds: Sequence[str]) -> str:
    """A short name for the strongest evidence behind a suggestion ("name_full" -> "name")."""
    kind = kinds[0]
    if kind.startswith("name_"):
        return "name"
    if kind.startswith("sender_"):
        return "sender"
    if kind.startswith("dob_"):
        return "dob"
    return kind
