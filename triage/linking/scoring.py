"""Score one case against a message's evidence: what supports it, what speaks against it, and whether
the support is decisive on its own."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from triage.linking.evidence import CaseRecord, MessageEvidence
from triage.linking.names import MATCH, NameMatch, best_similarity, cued_first_names, match_name
from triage.linking.normalise import name_key, name_parts
from triage.linking.support import normalise_year_group, school_mentioned

FAMILY = frozenset({"parent", "carer"})  # contacts whose address can stand for the child

# Weight of each kind of evidence (combined as a noisy-OR, so the confidence stays in 0..1).
WEIGHTS = {
    "case_ref": 0.90,
    "tribunal_ref": 0.90,
    "conversation": 0.85,
    "sender_family_only_case": 0.80,
    "sender_family_shared": 0.50,
    "sender_professional": 0.10,
    "name_full": 0.60,
    "name_first+sender": 0.55,
    "name_first+last": 0.50,
    "name_first": 0.25,
    "name_last": 0.10,
    "dob_labelled": 0.60,
    "dob_with_name": 0.50,
    "school": 0.10,
    "year_group": 0.05,
}
CONFLICT_PENALTY = 0.5  # each thing that speaks against a case halves its confidence
STRONG_NAME = frozenset({"full", "first+sender", "first+last"})


@dataclass(frozen=True)
class CaseScore:
    record: CaseRecord
    confidence: float
    kinds: tuple[str, ...]  # evidence kinds present, strongest first
    evidence: tuple[str, ...]
    conflicts: tuple[str, ...]
    name: NameMatch
    dob_match: bool
    family_sender: bool


@dataclass(frozen=True)
class Context:
    """Facts about the message that do not depend on the case being scored."""

    refs: Mapping[str, str]  # canonical case reference -> where it was written
    tribunal_cases: Mapping[int, str]  # case id -> Tribunal reference naming its appeal
    sender_contacts: Mapping[int, str]  # case id -> the sender's relationship to that child
    conversation_case_id: int | None
    family_cases: frozenset[int]  # cases the sender is a parent or carer of


def score_case(record: CaseRecord, ev: MessageEvidence, ctx: Context) -> CaseScore:
    """Evidence for and against one case, with a confidence from the weights above."""
    kinds: list[str] = []
    said: list[str] = []
    against: list[str] = []
    if record.case_ref in ctx.refs:
        kinds.append("case_ref")
        said.append(f"case reference {record.case_ref} in {ctx.refs[record.case_ref]}")
    if record.id in ctx.tribunal_cases:
        kinds.append("tribunal_ref")
        said.append(f"Tribunal reference {ctx.tribunal_cases[record.id]} is this case's appeal")
    if record.id == ctx.conversation_case_id:
        kinds.append("conversation")
        said.append("the conversation is already linked to this case")
    relationship = ctx.sender_contacts.get(record.id)
    family = ctx.family_cases
    if relationship in FAMILY:
        others = len(family) - 1
        if others == 0:
            kinds.append("sender_family_only_case")
            said.append(f"sender is a contact of this case ({relationship}) and of no other")
        else:
            kinds.append("sender_family_shared")
            said.append(f"sender is a contact of this case ({relationship}) and of {others} other case(s)")
    elif relationship:
        kinds.append("sender_professional")
        said.append(f"sender is a professional contact of this case ({relationship})")
    elif family:
        against.append("sender is a parent or carer of a different case")

    name = match_name(record.first_name, record.last_name, ev.mentions, ev.sender_keys)
    if name.level:
        kinds.append(f"name_{name.level}")
        said.append(name.detail)
    dob = record.date_of_birth
    dob_match = False
    if dob is not None and dob in ev.labelled_dates:
        dob_match = True
        kinds.append("dob_labelled")
        said.append(f"date of birth {dob.strftime('%d/%m/%Y')} matches")
    elif dob is not None and dob in ev.all_dates and _first_name_matches(name):
        dob_match = True
        kinds.append("dob_with_name")
        said.append(f"date {dob.strftime('%d/%m/%Y')} in the message is the child's date of birth")
    if dob is not None and ev.labelled_dates and dob not in ev.labelled_dates:
        given = ", ".join(sorted(d.strftime("%d/%m/%Y") for d in ev.labelled_dates))
        against.append(f"date of birth given ({given}) is not this child's")
    if not _first_name_matches(name):
        for key, text in cued_first_names(ev.mentions):
            if best_similarity(name_parts(record.first_name), name_key(record.first_name), key)[0] < MATCH:
                against.append(f"the writer names the child as '{text}'")
                break
    if school_mentioned(record.school, list(ev.text_keys)):
        kinds.append("school")
        said.append(f"school '{record.school}' mentioned")
    year = normalise_year_group(record.year_group)
    if year and year in ev.year_groups:
        kinds.append("year_group")
        said.append(f"year group {record.year_group} mentioned")

    miss = 1.0
    for kind in kinds:
        weight = WEIGHTS[kind] * (name.score if kind.startswith("name_") else 1.0)
        miss *= 1.0 - weight
    confidence = (1.0 - miss) * CONFLICT_PENALTY ** len(against)
    return CaseScore(record, round(confidence, 4), tuple(kinds), tuple(said), tuple(against), name,
                     dob_match, relationship in FAMILY)


def _first_name_matches(name: NameMatch) -> bool:
    return name.level in STRONG_NAME or name.level == "first"


def named_elsewhere(score: CaseScore, others: Sequence[CaseScore]) -> str | None:
    """The other registered child the message names when this case's child is not named, or named
    by first name only while another child's full name is written."""
    if score.name.level == "first":
        for other in others:
            if other is not score and other.name.level == "full":
                return f"the message writes the full name of another registered child ({other.record.case_ref})"
        return None
    if _first_name_matches(score.name):
        return None
    for other in others:
        corroborated = _first_name_matches(other.name) and (other.dob_match or other.family_sender)
        if other is not score and (other.name.level in STRONG_NAME or corroborated):
            return f"the message names another registered child ({other.record.case_ref})"
    return None


def referenced_elsewhere(score: CaseScore, others: Sequence[CaseScore]) -> str | None:
    """Another case's reference quoted in a message whose own evidence does not quote this case's."""
    if {"case_ref", "tribunal_ref"} & set(score.kinds):
        return None
    for other in others:
        if other is not score and {"case_ref", "tribunal_ref"} & set(other.kinds):
            return f"the message quotes the reference of another case ({other.record.case_ref})"
    return None


def decisive_method(score: CaseScore, ctx: Context) -> str:
    """The method by which this case alone could be linked, or "" (conflicts are checked by the caller)."""
    kinds = set(score.kinds)
    if "case_ref" in kinds:
        return "case_ref"
    if "tribunal_ref" in kinds:
        return "tribunal_ref"
    # A first name alone needs an exact or known spelling and a date written as the date of birth:
    # an unlabelled date may be a meeting that happens to fall on another child's birthday.
    first_with_dob = score.name.level == "first" and score.name.score >= 0.95 and "dob_labelled" in kinds
    if score.dob_match and (score.name.level in STRONG_NAME or first_with_dob):
        return "name+dob"
    if score.family_sender and _first_name_matches(score.name):
        return "sender+name"
    if "conversation" in kinds:
        return "conversation"
    # An address alone stands for the child only if it belongs to one family and to no professional
    # role: a SENCO who is also a parent writes about other children from the same address.
    if "sender_family_only_case" in kinds and len(ctx.sender_contacts) == len(ctx.family_cases) == 1:
        return "sender"
    return ""
