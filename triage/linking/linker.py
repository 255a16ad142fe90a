"""Link a message to a child's case: extract evidence, block candidates in the database, decide."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.linking.decision import LinkDecision, decide
from triage.linking.evidence import extract_evidence
from triage.linking.scoring import FAMILY
from triage.linking.search import appeal_cases, candidate_records, sender_contacts
from triage.models import CaseLink

TribunalLookup = Callable[[str], int | None]  # Tribunal reference -> the appealed case's id (default: appeals table)


def link_message(
    session: Session,
    *,
    subject: str,
    text: str,
    sender_email: str | None,
    sender_name: str | None,
    case_ref_pattern: str,
    conversation_case_id: int | None = None,
    entities: Sequence[dict] = (),
    case_ref_prefix: str = "SEN",
    tribunal_lookup: TribunalLookup | None = None,
) -> LinkDecision:
    """Decide which case a message concerns; reads the register, writes nothing."""
    evidence = extract_evidence(
        subject=subject, text=text, sender_email=sender_email, sender_name=sender_name,
        case_ref_pattern=case_ref_pattern, case_ref_prefix=case_ref_prefix, entities=entities,
    )
    contacts = sender_contacts(session, evidence.sender_email)
    if tribunal_lookup is None:
        tribunal = appeal_cases(session, (ref.ref for ref in evidence.tribunal_refs))
    else:
        tribunal = {}
        for ref in evidence.tribunal_refs:
            case_id = tribunal_lookup(ref.ref)
            if case_id is not None:
                tribunal[case_id] = ref.ref
    # Professional contacts (a SENCO on hundreds of cases) only support cases found another way.
    extra = {cid for cid, rel in contacts.items() if rel in FAMILY} | set(tribunal)
    if conversation_case_id is not None:
        extra.add(conversation_case_id)
    records = candidate_records(session, evidence, extra_ids=extra)
    return decide(
        evidence, records, sender_contacts=contacts,
        conversation_case_id=conversation_case_id, tribunal_cases=tribunal,
    )


def store_decision(session: Session, message_id: int, decision: LinkDecision) -> CaseLink:
    """Upsert the message's CaseLink from the linker; a person's decision is never overwritten."""
    link = session.scalars(select(CaseLink).where(CaseLink.message_id == message_id)).one_or_none()
    if link is None:
        link = CaseLink(message_id=message_id)
        session.add(link)
    elif link.decided_by_user_id is not None:
        return link
    link.status = decision.status
    link.case_id = decision.case_id
    link.method = decision.method
    link.confidence = decision.confidence
    link.candidates = decision.as_json()
    session.flush()
    return link
