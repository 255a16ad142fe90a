"""Replying to a family from a template: merge fields, the draft, sending, and who is writing.

Sending order: the reply is stored inside a SAVEPOINT and flushed *before* the mail server is
asked, so any database refusal happens while nothing has left; then the mail is handed to SMTP;
if SMTP fails the savepoint is rolled back and nothing is stored. The one window left is a failure
after the mail server accepted the reply (the clock and status updates, or the entry point's single
commit): the reply has gone but its record is lost. It is logged with its Message-ID at send time,
so it can be found and re-imported from the sent mail.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage.config import Settings
from triage.db import utcnow
from triage.models import AuditEvent, Case, Conversation, Message, ReplyTemplate, User
from triage.replies import smtp
from triage.replies.merge_fields import (
    DEFAULT_SENDIASS,
    HOW_TO_APPEAL,
    STATUTORY_DEADLINE_KINDS,
    MergeFields,
    next_deadline_sentence,
)
from triage.replies.outbound import build_reply, references_for
from triage.replies.render import TemplateProblem, fill
from triage.services.audit import record
from triage.services.casework import CaseworkError, NotAllowed, require_current
from triage.services.clocks import UNANSWERED_STATES, clocks_for_case, stop_service_clock
from triage.services.queue import PRESENCE, Viewer, can_act

log = logging.getLogger(__name__)

MAX_REPLY_CHARS = 50_000
MAX_SUBJECT_CHARS = 300
DEFAULT_FROM_NAME = "SEND Assessment Service"
LINKED = ("linked", "confirmed")  # only a certain link may put case details in a letter
Sender = Callable[[Settings, EmailMessage], None]


class ReplyProblem(CaseworkError):
    """The reply cannot be written or sent as it is; the message says why."""


def sendiass_text(settings: Settings) -> str:
    """The local SEND information and advice service paragraph (TRIAGE_SENDIASS_TEXT)."""
    return (settings.extra.get("TRIAGE_SENDIASS_TEXT") or "").strip() or DEFAULT_SENDIASS


def from_name(settings: Settings) -> str:
    """The display name replies are sent under (TRIAGE_MAIL_FROM_NAME)."""
    return (settings.extra.get("TRIAGE_MAIL_FROM_NAME") or "").strip() or DEFAULT_FROM_NAME


def answered_message(conversation: Conversation) -> Message | None:
    """The newest inbound message with an address we can answer (not an auto-reply or bounce)."""
    for message in reversed(conversation.messages):
        if message.direction == "inbound" and message.sender_email and message.status not in ("auto_reply", "bounce"):
            return message
    return None


def _linked_case(session: Session, conversation: Conversation) -> Case | None:
    if conversation.case_id is None or conversation.link_status not in LINKED:
        return None
    return session.get(Case, conversation.case_id)


def _family_name(case: Case | None, message: Message | None) -> str:
    if message is not None and message.sender_name:
        return message.sender_name
    if case is not None and message is not None:
        for contact in case.contacts:
            if contact.email and contact.email == message.sender_email and contact.name:
                return contact.name
    return "parent or carer"


def _next_statutory(session: Session, case: Case | None) -> tuple[str, str]:
    if case is None:
        return "", ""
    open_clocks = [c for c in clocks_for_case(session, case.id)
                   if c.kind in STATUTORY_DEADLINE_KINDS and c.state in UNANSWERED_STATES
                   and c.stopped_at is None and c.due_on is not None]
    if not open_clocks:
        return "", ""
    first = min(open_clocks, key=lambda c: (c.due_on, c.id))
    return first.due_on.isoformat(), first.kind


def merge_fields_for(session: Session, conversation: Conversation, *, agent_name: str, settings: Settings) -> MergeFields:
    """The merge fields for a reply in this conversation; case details only from a certain link."""
    case = _linked_case(session, conversation)
    message = answered_message(conversation)
    if case is not None:
        child = case.child_name
    else:
        child = ((message.form_fields or {}).get("child_name") if message else "") or "your child"
    due_iso, kind = _next_statutory(session, case)
    when, meaning, sentence = next_deadline_sentence(
        child, datetime.fromisoformat(due_iso).date() if due_iso else None, kind or None)
    return MergeFields(
        family_name=_family_name(case, message),
        child_name=child,
        case_officer=(case.case_officer if case is not None else None) or "the SEND team",
        case_ref=case.case_ref if case is not None else "",
        next_statutory_date=when,
        next_statutory_meaning=meaning,
        next_statutory=sentence,
        how_to_appeal=HOW_TO_APPEAL,
        sendiass=sendiass_text(settings),
        agent_name=agent_name,
        reference=conversation.token,
    )


def draft_from_template(template: ReplyTemplate, conversation: Conversation, fields: MergeFields) -> tuple[str, str]:
    """(subject, body) of a new draft: the template filled in the sandbox."""
    try:
        body = fill(template.body, fields.as_dict())
        subject = fill(template.subject, fields.as_dict()) if template.subject.strip() else conversation.subject
    except TemplateProblem as problem:
        raise ReplyProblem(f"The template {template.name!r} cannot be used: {problem} Tell an administrator.") from None
    return subject, body


def active_templates(session: Session) -> list[ReplyTemplate]:
    """Templates agents can pick, by name."""
    return list(session.scalars(select(ReplyTemplate).where(ReplyTemplate.active.is_(True)).order_by(ReplyTemplate.name)))


# --- who is writing ---------------------------------------------------------------------------

def record_reply_started(session: Session, viewer: Viewer, conversation: Conversation) -> None:
    """Write that the viewer opened the composer: others see "X is writing a reply"."""
    if not can_act(viewer, conversation):
        raise NotAllowed("You can read this conversation but not reply to it.")
    record(session, "conversation.reply_started", "conversation", conversation.id, actor_user_id=viewer.user_id)
    session.flush()


def recent_writers(session: Session, conversation_id: int, *, exclude_user_id: int, now: datetime | None = None,
                   within: timedelta = PRESENCE) -> list[tuple[str, datetime]]:
    """Other staff who opened the composer lately and have not sent since (name, when)."""
    since = (now or utcnow()) - within
    stmt = (
        select(User.id, User.name, func.max(AuditEvent.at))
        .join(User, User.id == AuditEvent.actor_user_id)
        .where(AuditEvent.object_type == "conversation", AuditEvent.object_id == conversation_id,
               AuditEvent.action == "conversation.reply_started", AuditEvent.at >= since,
               AuditEvent.actor_user_id != exclude_user_id)
        .group_by(User.id, User.name)
    )
    started = list(session.execute(stmt))
    if not started:
        return []
    sent = dict(session.execute(
        select(Message.sent_by_user_id, func.max(Message.received_at))
        .where(Message.conversation_id == conversation_id, Message.direction == "outbound",
               Message.sent_by_user_id.in_([user_id for user_id, _, _ in started]))
        .group_by(Message.sent_by_user_id)
    ).all())
    writing = [(name, at) for user_id, name, at in started if user_id not in sent or sent[user_id] < at]
    return sorted(writing, key=lambda pair: pair[1], reverse=True)


# --- sending ------------------------------------------------------------------------------------

def _check_draft(subject: str, body: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not subject.strip():
        errors["subject"] = "Enter a subject"
    elif len(subject) > MAX_SUBJECT_CHARS:
        errors["subject"] = f"The subject must be {MAX_SUBJECT_CHARS} characters or fewer"
    if not body.strip():
        errors["body"] = "Write the reply before sending it"
    elif len(body) > MAX_REPLY_CHARS:
        errors["body"] = f"The reply must be {MAX_REPLY_CHARS:,} characters or fewer"
    return errors


class DraftErrors(ReplyProblem):
    """Field-level problems with the draft: {field: message}."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def _answerable(conversation: Conversation) -> Message:
    answered = answered_message(conversation)
    if answered is None:
        raise ReplyProblem("There is no email address to reply to in this conversation (a phone call or an "
                           "anonymous form): contact the family another way and add a note.")
    return answered


def preview(conversation: Conversation, settings: Settings, *, subject: str, body: str, now: datetime | None = None) -> EmailMessage:
    """The email exactly as it would be sent now (a fresh Message-ID aside)."""
    errors = _check_draft(subject, body)
    if errors:
        raise DraftErrors(errors)
    answered = _answerable(conversation)
    return build_reply(
        mail_from=settings.mail_from, from_name=from_name(settings), to_address=answered.sender_email or "",
        to_name=answered.sender_name, subject=subject, token=conversation.token, body=body,
        in_reply_to=answered.message_id,
        references=references_for(answered.message_id, answered.references), sent_at=now or utcnow(),
    )


def send_reply(
    session: Session, viewer: Viewer, conversation: Conversation, settings: Settings, *,
    subject: str, body: str, version: str | None, await_family: bool = False, send: Sender = smtp.send,
    now: datetime | None = None,
) -> Message:
    """Send the reply by SMTP and store it as an outbound message; the first reply stops the service clock.

    Raises DraftErrors, StaleConversation, NotAllowed, ReplyProblem, or smtp.ReplyNotSent (nothing stored).
    """
    require_current(session, viewer, conversation, version, not_allowed="You can read this conversation but not reply to it.",
                    outcome="Nothing was sent. Read the latest, then send again: your draft is kept below.")
    now = now or utcnow()
    email = preview(conversation, settings, subject=subject, body=body, now=now)
    answered = _answerable(conversation)
    raw = email.as_bytes()
    with session.begin_nested():
        message = Message(
            content_hash=hashlib.sha256(raw).hexdigest(), raw=raw, size=len(raw), channel="email",
            direction="outbound", status="outbound", source="reply", envelope={"to": answered.sender_email},
            # Bare ids, as intake stores them, so the family's answer threads here by In-Reply-To.
            message_id=str(email["Message-ID"]).strip().strip("<>"), in_reply_to=(answered.message_id or "").strip("<>") or None,
            references=" ".join(references_for(answered.message_id, answered.references)) or None,
            sender=str(email["From"]), sender_email=settings.mail_from, sender_name=from_name(settings),
            subject=str(email["Subject"]), received_at=now, stored_at=now, processed_at=now, text=body,
            conversation_id=conversation.id, sent_by_user_id=viewer.user_id,
        )
        session.add(message)
        session.flush()  # a database refusal happens here, before anything leaves
        send(settings, email)  # ReplyNotSent rolls the savepoint back: nothing stored
    log.info("reply %s sent for conversation %s by user %s", message.message_id, conversation.id, viewer.user_id)
    _after_sending(session, viewer, conversation, message, await_family, now)
    return message


def _after_sending(session: Session, viewer: Viewer, conversation: Conversation, message: Message,
                   await_family: bool, now: datetime) -> None:
    before = conversation.status
    # Idempotent: later replies change nothing. No pause for "awaiting family" here: a stopped
    # first-reply clock has nothing left to pause.
    stop_service_clock(session, conversation.id, now, actor_user_id=viewer.user_id)
    conversation.status = "awaiting_family" if await_family else ("open" if before == "new" else before)
    conversation.last_activity_at = max(now, conversation.last_activity_at)
    if conversation.status != before:
        record(session, "conversation.status_changed", "conversation", conversation.id, actor_user_id=viewer.user_id,
               details={"from": before, "to": conversation.status})
    record(session, "conversation.replied", "conversation", conversation.id, actor_user_id=viewer.user_id,
           details={"message_id": message.id, "rfc_message_id": message.message_id, "to": message.envelope["to"],
                    "subject": message.subject})
    session.flush()


def record_send_failure(session: Session, viewer: Viewer, conversation: Conversation, reason: str) -> None:
    """Keep a trace of a reply the mail server did not take (nothing was stored or sent)."""
    record(session, "conversation.reply_failed", "conversation", conversation.id, actor_user_id=viewer.user_id,
           details={"reason": reason[:500]})
    session.flush()
