"""Phone contacts: an agent's log of a call becomes a "phone" message that goes through triage."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.orm import Session

from triage.intake.forms import FormErrors, FormSubmission, validate_submission
from triage.models import Conversation, Message
from triage.services.audit import record

OUTCOMES = {
    "answered": "Answered during the call",
    "call_back": "The caller asked to be called back",
    "follow_up": "The team needs to follow this up",
    "complaint": "The caller wants to make a complaint",
}
# validate_submission's field names -> the phone form's, and wording for an agent, not the caller.
FIELD_NAMES = {"sender_name": "caller_name", "sender_email": "caller_email", "sender_phone": "caller_phone",
               "child_name": "child_name", "child_dob": "child_dob", "body": "said", "subject": "said",
               "channel": "said", "received_at": "said"}
AGENT_WORDING = {
    "Enter your full name": "Enter the caller's name",
    "Enter your message": "Write down what was said on the call",
}
SUBJECT_CHARS = 80


def _subject(said: str) -> str:
    first_line = said.strip().splitlines()[0] if said.strip() else ""
    short = first_line if len(first_line) <= SUBJECT_CHARS else first_line[:SUBJECT_CHARS - 1].rstrip() + "…"
    return f"Phone call: {short}" if short else "Phone call"


def phone_submission(form: Mapping[str, str], *, now: datetime | None = None) -> FormSubmission:
    """Check a logged call and make it a phone-channel submission; FormErrors name the form's fields."""
    said = (form.get("said") or "").strip()
    outcome = (form.get("outcome") or "").strip()
    errors: dict[str, str] = {}
    try:
        submission = validate_submission({
            "channel": "phone",
            "sender_name": form.get("caller_name", ""),
            "sender_email": form.get("caller_email", ""),
            "sender_phone": form.get("caller_phone", ""),
            "child_name": form.get("child_name", ""),
            "child_dob": form.get("child_dob", ""),
            "subject": _subject(said),
            # The outcome goes in the text: the classifier and the agents both read it.
            "body": f"{said}\n\nOutcome of the call: {OUTCOMES[outcome]}" if said and outcome in OUTCOMES else said,
        }, default_channel="phone", now=now)
    except FormErrors as problems:
        for field, message in problems.errors.items():
            errors.setdefault(FIELD_NAMES.get(field, field), AGENT_WORDING.get(message, message))
        submission = None
    if outcome not in OUTCOMES:
        errors["outcome"] = "Choose the outcome of the call"
    if errors or submission is None:
        ordered = [name for name in ("caller_name", "caller_phone", "caller_email", "child_name", "child_dob",
                                     "said", "outcome") if name in errors]
        raise FormErrors({name: errors[name] for name in ordered})
    return submission


def record_call(session: Session, message: Message, conversation: Conversation, *, outcome: str,
                actor_user_id: int) -> None:
    """Write who logged the call (intake already shows the caller by name and number)."""
    record(session, "conversation.phone_logged", "conversation", conversation.id, actor_user_id=actor_user_id,
           details={"message_id": message.id, "outcome": outcome})
    session.flush()
