"""The processing pipeline for one stored message: parse, clean, thread, classify, link, route.

Idempotent: a message already processed is left alone unless `force` is given; the
classification is upserted on (message, model version) and the case link on the message.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage.config import Settings
from triage.db import utcnow
from triage.intake.forms import sender_label
from triage.intake.mime import ParsedEmail, parse_email
from triage.intake.thread_keys import thread_index_key
from triage.linking.linker import link_message, store_decision
from triage.models import Attachment, CaseContact, CaseLink, Classification, Conversation, Message
from triage.nlp.pipeline import Analysis
from triage.routing.rules import RoutingFacts
from triage.routing.sender import sender_type
from triage.services.appeals import appeals_from_text
from triage.services.assignment import assign_next, assigns_on_arrival
from triage.services.audit import record
from triage.services.clocks import resume_service_clock, service_clock, start_service_clock
from triage.services.conversations import thread_message
from triage.services.routing import decide_route

Analyser = Callable[[str, str, Sequence[str]], Analysis]


@dataclass(frozen=True)
class Outcome:
    message_id: int
    status: str
    conversation_id: int | None
    detail: str
    new_conversation: bool = False


def _apply_email(session: Session, message: Message, parsed: ParsedEmail) -> None:
    message.message_id = parsed.message_id
    message.in_reply_to = " ".join(parsed.in_reply_to) or None
    message.references = " ".join(parsed.references) or None
    message.thread_key = thread_index_key(parsed.thread_index)
    message.sender = parsed.sender
    message.sender_email = parsed.sender_email
    message.sender_name = parsed.sender_name
    message.subject = parsed.subject
    message.text = parsed.new_text
    message.quoted_text = parsed.quoted_text
    message.html = parsed.html
    if not message.attachments:
        for att in parsed.attachments:
            message.attachments.append(Attachment(
                filename=att.filename, content_type=att.content_type, size=att.size, sha256=att.sha256,
                data=att.data, extracted_text=att.extracted_text, note=att.note,
            ))


def _apply_form(message: Message) -> None:
    fields = json.loads(message.raw.decode("utf-8"))
    message.form_fields = fields
    message.subject = fields.get("subject") or "Contact form"
    message.sender_email = (fields.get("sender_email") or "").lower() or None
    message.sender_name = fields.get("sender_name") or None
    message.sender = sender_label(message.sender_name, message.sender_email, fields.get("sender_phone"))
    message.text = fields.get("body") or ""
    message.quoted_text = None


def classifier_input(message: Message) -> str:
    """The text the classifier reads: what the sender wrote now, plus attachment text."""
    parts = [message.text or ""]
    parts += [a.extracted_text[:5000] for a in message.attachments if a.extracted_text]
    return "\n\n".join(p for p in parts if p.strip())


def linking_text(message: Message) -> str:
    """Text for the linker: the new text, plus the form's child fields when there are any."""
    fields = message.form_fields or {}
    extra = []
    if fields.get("child_name"):
        extra.append(f"Child's name: {fields['child_name']}")
    if fields.get("child_dob"):
        extra.append(f"Date of birth: {fields['child_dob']}")
    return "\n".join([message.text or "", *extra])


def _sender_type(session: Session, sender_email: str | None) -> str:
    roles = session.scalars(select(CaseContact.relationship_to_child).where(CaseContact.email == sender_email)) \
        if sender_email else ()
    return sender_type(sender_email, roles)


def _upsert_classification(session: Session, message: Message, analysis: Analysis) -> Classification:
    row = session.scalar(select(Classification).where(
        Classification.message_id == message.id, Classification.model_version == analysis.model_version))
    if row is None:
        row = Classification(message_id=message.id, model_version=analysis.model_version)
        session.add(row)
    row.topics = list(analysis.topics)
    row.topic_scores = dict(analysis.topic_scores)
    row.kind = analysis.kind
    row.kind_scores = dict(analysis.kind_scores)
    row.urgent = analysis.urgent
    row.urgent_reasons = list(analysis.urgent_reasons)
    row.language = analysis.language
    row.entities = list(analysis.entities)
    row.explanations = dict(analysis.explanations)
    row.needs_review = analysis.needs_review
    return row


def _apply_link(session: Session, message: Message, conversation: Conversation, settings: Settings, analysis: Analysis) -> CaseLink:
    """Ask the linker about this message; a person's earlier decision is never overwritten."""
    decision = link_message(
        session,
        subject=message.subject or "",
        text=linking_text(message),
        sender_email=message.sender_email,
        sender_name=message.sender_name,
        case_ref_pattern=settings.case_ref_pattern,
        case_ref_prefix=settings.case_ref_prefix,
        conversation_case_id=conversation.case_id if conversation.link_status in ("linked", "confirmed") else None,
        entities=analysis.entities,
    )
    return store_decision(session, message.id, decision)


def _update_conversation(session: Session, conversation: Conversation, message: Message, analysis: Analysis,
                         link: CaseLink, settings: Settings) -> str:
    """Fold this message's reading into its conversation and route it; returns the rule used."""
    conversation.topics = sorted(set(conversation.topics or []) | set(analysis.topics))
    if analysis.kind != "other" or not conversation.kind:  # a later "thank you" keeps the kind
        conversation.kind = analysis.kind
    conversation.urgent = conversation.urgent or analysis.urgent
    conversation.language = analysis.language
    conversation.needs_review = analysis.needs_review or conversation.needs_review
    if conversation.link_status != "confirmed":  # a person's decision stands
        if link.status in ("linked", "confirmed"):
            conversation.case_id = link.case_id
            conversation.link_status = link.status
        elif conversation.link_status != "linked":
            conversation.link_status = link.status
    if message.sender_email and message.sender_email not in (conversation.participants or []):
        conversation.participants = [*(conversation.participants or []), message.sender_email]
    facts = RoutingFacts(
        topics=frozenset(conversation.topics), kind=conversation.kind or "other", urgent=conversation.urgent,
        language=conversation.language or "en", link_status=conversation.link_status,
        sender_type=_sender_type(session, message.sender_email),
    )
    team_id, priority, rule_name = decide_route(session, facts)
    first_routing = conversation.team_id is None
    if first_routing or conversation.status == "new":  # nobody has worked it yet: follow the rules
        conversation.team_id = team_id
    # A later message never lowers the priority (urgency and clock escalations stick).
    conversation.priority = priority if first_routing else min(priority, conversation.priority)
    if first_routing and team_id is not None and assigns_on_arrival(session, team_id):
        session.flush()
        assign_next(session, conversation.id)
    # The first-reply clock owns due_at; starting it again is a no-op.
    start_service_clock(session, conversation.id, message.received_at, settings.service_reply_days)
    if message.received_at > conversation.last_activity_at:
        conversation.last_activity_at = message.received_at
    return rule_name


def _first_contact(session: Session, conversation_id: int) -> bool:
    """Whether this conversation holds a single inbound message (a web form threads at submit time)."""
    return session.scalar(select(func.count(Message.id)).where(
        Message.conversation_id == conversation_id, Message.direction == "inbound")) == 1


def process_message(session: Session, message_id: int, *, analyse: Analyser, settings: Settings, force: bool = False) -> Outcome:
    """Run the whole pipeline for one stored message (flushes; the job commits)."""
    # Lock the row (PostgreSQL): two workers handed the same message after a Redis loss must not
    # both process it; the second waits, then sees it processed.
    message = session.get(Message, message_id, with_for_update=True)
    if message is None:
        raise LookupError(f"no message with id {message_id}")
    if message.direction != "inbound":
        return Outcome(message.id, message.status, message.conversation_id, "outbound: nothing to do")
    if message.status in ("processed", "auto_reply", "bounce") and not force:
        return Outcome(message.id, message.status, message.conversation_id, "already processed")
    message.attempts += 1

    parsed: ParsedEmail | None = None
    if message.channel == "email":
        parsed = parse_email(message.raw, max_attachment_parse_bytes=settings.max_attachment_parse_bytes)
        _apply_email(session, message, parsed)
    else:
        _apply_form(message)

    thread = thread_message(
        session, message,
        in_reply_to=parsed.in_reply_to if parsed else (),
        references=parsed.references if parsed else (),
        reopen=not (parsed is not None and parsed.automatic),
    )
    conversation = thread.conversation
    if thread.reopened_from == "awaiting_family" and service_clock(session, conversation.id) is not None:
        resume_service_clock(session, conversation.id, message.received_at)  # the family has answered
    if parsed is not None and parsed.automatic:
        # Stored and shown in its conversation, never queued as work, never answered.
        message.status = parsed.automatic
        message.error = None
        message.processed_at = utcnow()
        if thread.created:
            conversation.status = "resolved"
        return Outcome(message.id, message.status, conversation.id, parsed.automatic_reason or parsed.automatic)

    analysis = analyse(message.subject or "", classifier_input(message), ())
    _upsert_classification(session, message, analysis)
    link = _apply_link(session, message, conversation, settings, analysis)
    rule_name = _update_conversation(session, conversation, message, analysis, link, settings)
    if analysis.kind == "tribunal" or "appeal" in analysis.topics:
        appeals_from_text(session, f"{message.subject or ''}\n{message.text or ''}", now=utcnow(),
                          case_id=conversation.case_id if conversation.link_status in ("linked", "confirmed") else None,
                          conversation_id=conversation.id)
    message.status = "processed"
    message.error = None
    message.processed_at = utcnow()
    session.flush()
    record(session, "message.processed", "message", message.id, details={
        "conversation_id": conversation.id, "threading": thread.how, "rule": rule_name,
        "link": link.status, "model_version": analysis.model_version,
    })
    return Outcome(message.id, "processed", conversation.id, f"{thread.how}; routed by {rule_name!r}; link {link.status}",
                   new_conversation=_first_contact(session, conversation.id))
