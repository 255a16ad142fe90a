"""Accepting a form or API submission: store it, thread it, and enqueue processing after commit."""

from __future__ import annotations

from flask import current_app

from triage.intake.forms import FormSubmission
from triage.models import Conversation, Message
from triage.services.audit import record
from triage.services.conversations import thread_message
from triage.services.intake import store_submission
from web.database import after_commit, db


def enqueue_after_commit(message_id: int) -> None:
    """Queue processing once the request's commit has made the message visible to the job."""
    enqueue = current_app.config["TRIAGE_ENQUEUE"]
    after_commit(lambda: enqueue(message_id))


def accept_submission(submission: FormSubmission, *, source: str, actor: str) -> tuple[Message, Conversation, bool]:
    """Store the submission and put it in its conversation now, so the sender gets its reference.

    Threading here is the same call the processing job makes (which keeps this decision), so a
    sender quoting a reference token joins that conversation only if they belong to it.
    """
    session = db()
    message, created = store_submission(session, submission, source=source)
    conversation = thread_message(session, message).conversation
    if created:
        record(session, "message.received", "message", message.id, actor=actor,
               details={"channel": message.channel, "conversation_id": conversation.id})
        enqueue_after_commit(message.id)
    return message, conversation, created
