"""What agents do to a conversation: status, assignment, team, corrections, case links, notes.

Every action checks that the actor may act and that the page they acted from is not stale,
is written to the audit log, and corrections of predictions are kept as Feedback for training.
Internal notes are audit events with action "note.added" until notes get their own table.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.db import utcnow
from triage.models import AuditEvent, Case, CaseLink, Conversation, Feedback, Message, Team, User
from triage.models.conversation import PRIORITY_NORMAL, PRIORITY_URGENT, STATUSES
from triage.nlp.labels import KINDS, TOPICS
from triage.services.audit import record
from triage.services.clocks import pause_service_clock, resume_service_clock, service_clock
from triage.services.conversation_page import latest_classified
from triage.services.queue import PRESENCE_ACTIONS, Viewer, can_act, can_view

MAX_NOTE_CHARS = 5000
MAX_REASON_CHARS = 300


class CaseworkError(ValueError):
    """An action could not be done; the message says why, in words for the agent."""


class NotAllowed(CaseworkError):
    """The actor may not do this to this conversation."""


class StaleConversation(CaseworkError):
    """Someone (or new mail) changed the conversation after the actor's page was drawn."""


def version_of(conversation: Conversation) -> str:
    """The token a page carries so that acting on a stale page can be detected."""
    return conversation.last_activity_at.isoformat()


def _what_changed(session: Session, conversation: Conversation, since: datetime | None) -> str:
    stmt = select(AuditEvent, User.name).outerjoin(User, User.id == AuditEvent.actor_user_id).where(
        AuditEvent.object_type == "conversation", AuditEvent.object_id == conversation.id,
        AuditEvent.action.not_in(PRESENCE_ACTIONS),
    )
    if since is not None:
        stmt = stmt.where(AuditEvent.at > since)
    found = session.execute(stmt.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(1)).first()
    if found is None:
        return "new mail arrived"
    event, name = found
    what = event.action.split(".", 1)[-1].replace("_", " ")
    if event.action == "conversation.status_changed":
        what = f"status set to {event.details.get('to', '?').replace('_', ' ')}"
    return f"{what} by {name or event.actor} at {event.at:%H:%M}"


def require_current(session: Session, viewer: Viewer, conversation: Conversation, version: str | None, *,
                    outcome: str = "Nothing was saved from your last action: check the page, then try again.",
                    version_required: bool = False,
                    not_allowed: str = "You can read this conversation but not change it.") -> None:
    """Refuse an action by someone who may not act, or from a page older than the conversation."""
    if not can_act(viewer, conversation):
        raise NotAllowed(not_allowed)
    if version is None and not version_required:
        return
    if version != version_of(conversation):
        try:
            since: datetime | None = datetime.fromisoformat(version or "")
        except ValueError:
            since = None
        raise StaleConversation(
            f"Conversation {conversation.token} changed after you opened it "
            f"({_what_changed(session, conversation, since)}). {outcome}"
        )


def _check(session: Session, viewer: Viewer, conversation: Conversation, version: str | None) -> None:
    require_current(session, viewer, conversation, version)


def _done(session: Session, viewer: Viewer, conversation: Conversation, action: str, details: dict) -> None:
    conversation.last_activity_at = max(utcnow(), conversation.last_activity_at)
    record(session, action, "conversation", conversation.id, actor_user_id=viewer.user_id, details=details)
    session.flush()


def record_view(session: Session, viewer: Viewer, conversation: Conversation) -> None:
    """Write that the viewer opened the conversation (and its case, if linked)."""
    if not can_view(viewer, conversation):
        raise NotAllowed("You cannot see this conversation.")
    record(session, "conversation.viewed", "conversation", conversation.id, actor_user_id=viewer.user_id)
    if conversation.case_id is not None:
        record(session, "case.viewed", "case", conversation.case_id, actor_user_id=viewer.user_id,
               details={"conversation_id": conversation.id})
    session.flush()


def set_status(session: Session, viewer: Viewer, conversation: Conversation, status: str, *, version: str | None) -> None:
    """Move the conversation to new, open, awaiting_family or resolved."""
    if status not in STATUSES:
        raise CaseworkError(f"Status must be one of: {', '.join(STATUSES)}.")
    _check(session, viewer, conversation, version)
    if status == conversation.status:
        return
    before = conversation.status
    conversation.status = status
    # The first-reply clock waits while the service waits on the family, and runs again after.
    if service_clock(session, conversation.id) is not None:
        if status == "awaiting_family":
            pause_service_clock(session, conversation.id, utcnow(), actor_user_id=viewer.user_id)
        elif before == "awaiting_family":
            resume_service_clock(session, conversation.id, utcnow(), actor_user_id=viewer.user_id)
    _done(session, viewer, conversation, "conversation.status_changed", {"from": before, "to": status})


def assign(session: Session, viewer: Viewer, conversation: Conversation, assignee_id: int | None, *, version: str | None) -> None:
    """Assign to a member of the conversation's team (or to nobody)."""
    _check(session, viewer, conversation, version)
    if assignee_id is not None:
        user = session.get(User, assignee_id)
        if user is None or not user.active or conversation.team_id not in user.team_ids:
            raise CaseworkError("You can only assign a conversation to an active member of its team.")
    if assignee_id == conversation.assignee_id:
        return
    before = conversation.assignee_id
    conversation.assignee_id = assignee_id
    if assignee_id is not None and conversation.status == "new":
        conversation.status = "open"
    _done(session, viewer, conversation, "conversation.assigned", {"from": before, "to": assignee_id})


def change_team(session: Session, viewer: Viewer, conversation: Conversation, team_id: int, *, version: str | None) -> None:
    """Move the conversation to another team's queue; the assignee is cleared."""
    _check(session, viewer, conversation, version)
    team = session.get(Team, team_id)
    if team is None:
        raise CaseworkError("Choose a team from the list.")
    if team_id == conversation.team_id:
        return
    before = conversation.team_id
    conversation.team_id = team_id
    conversation.assignee_id = None
    _done(session, viewer, conversation, "conversation.team_changed", {"from": before, "to": team_id, "team": team.name})


def _feedback(session: Session, viewer: Viewer, conversation: Conversation, field: str, predicted: dict, corrected: dict) -> None:
    message = latest_classified(conversation) or _latest_inbound(conversation)
    if message is None:
        return
    classification = message.classification
    session.add(Feedback(
        message_id=message.id, user_id=viewer.user_id, field=field, predicted=predicted, corrected=corrected,
        model_version=classification.model_version if classification else None,
    ))


def _latest_inbound(conversation: Conversation) -> Message | None:
    inbound = [m for m in conversation.messages if m.direction == "inbound"]
    return inbound[-1] if inbound else None


def correct_topics(session: Session, viewer: Viewer, conversation: Conversation, topics: list[str], *, version: str | None) -> None:
    """Set the conversation's topics; the model's reading and the correction go to Feedback."""
    unknown = sorted(set(topics) - set(TOPICS))
    if unknown:
        raise CaseworkError(f"Unknown topic: {', '.join(unknown)}.")
    _check(session, viewer, conversation, version)
    chosen = [t for t in TOPICS if t in topics]
    if chosen == sorted(conversation.topics or [], key=TOPICS.index):
        return
    before = list(conversation.topics or [])
    conversation.topics = chosen
    _feedback(session, viewer, conversation, "topics", {"topics": before}, {"topics": chosen})
    _done(session, viewer, conversation, "conversation.topics_corrected", {"from": before, "to": chosen})


def correct_kind(session: Session, viewer: Viewer, conversation: Conversation, kind: str, *, version: str | None) -> None:
    """Set the conversation's kind (complaint, enquiry, tribunal, other), kept as Feedback."""
    if kind not in KINDS:
        raise CaseworkError(f"Kind must be one of: {', '.join(KINDS)}.")
    _check(session, viewer, conversation, version)
    if kind == conversation.kind:
        return
    before = conversation.kind
    conversation.kind = kind
    _feedback(session, viewer, conversation, "kind", {"kind": before}, {"kind": kind})
    _done(session, viewer, conversation, "conversation.kind_corrected", {"from": before, "to": kind})


def correct_urgent(session: Session, viewer: Viewer, conversation: Conversation, urgent: bool, reason: str, *,
                   version: str | None) -> None:
    """Mark urgent (top priority) or not urgent, with the agent's reason, kept as Feedback."""
    reason = reason.strip()[:MAX_REASON_CHARS]
    if urgent and not reason:
        raise CaseworkError("Say why the conversation is urgent.")
    _check(session, viewer, conversation, version)
    if urgent == conversation.urgent:
        return
    conversation.urgent = urgent
    if urgent:
        conversation.priority = PRIORITY_URGENT
    elif conversation.priority == PRIORITY_URGENT:
        # The rule's own priority is not kept on the conversation; normal is the safe default.
        conversation.priority = PRIORITY_NORMAL
    _feedback(session, viewer, conversation, "urgent", {"urgent": not urgent}, {"urgent": urgent, "reason": reason})
    _done(session, viewer, conversation, "conversation.urgency_corrected", {"urgent": urgent, "reason": reason})


def _decide_link(session: Session, viewer: Viewer, conversation: Conversation, case_id: int | None, status: str, method: str) -> None:
    message = _latest_inbound(conversation)
    if message is None:
        return
    link = message.case_link
    if link is None:
        link = CaseLink(message_id=message.id, candidates=[])
        session.add(link)
        message.case_link = link
    link.case_id = case_id
    link.status = status
    link.method = method
    link.confidence = 1.0 if case_id is not None else 0.0
    link.decided_by_user_id = viewer.user_id


def confirm_link(session: Session, viewer: Viewer, conversation: Conversation, *, version: str | None) -> None:
    """A person agrees with the linked case: the link becomes confirmed and is never overridden."""
    _check(session, viewer, conversation, version)
    if conversation.case_id is None:
        raise CaseworkError("There is no linked case to confirm; choose a case first.")
    if conversation.link_status == "confirmed":
        return
    before = conversation.link_status
    conversation.link_status = "confirmed"
    _decide_link(session, viewer, conversation, conversation.case_id, "confirmed", "confirmed by a person")
    _feedback(session, viewer, conversation, "case_link", {"case_id": conversation.case_id, "status": before},
              {"case_id": conversation.case_id, "status": "confirmed"})
    _done(session, viewer, conversation, "conversation.link_confirmed", {"case_id": conversation.case_id, "was": before})


def reject_link(session: Session, viewer: Viewer, conversation: Conversation, *, version: str | None) -> None:
    """A person says the linked (or suggested) case is wrong: the conversation is left unlinked."""
    _check(session, viewer, conversation, version)
    before_case, before_status = conversation.case_id, conversation.link_status
    if before_case is None and before_status == "none":
        return
    conversation.case_id = None
    conversation.link_status = "none"
    _decide_link(session, viewer, conversation, None, "none", "rejected by a person")
    _feedback(session, viewer, conversation, "case_link", {"case_id": before_case, "status": before_status},
              {"case_id": None, "status": "rejected"})
    _done(session, viewer, conversation, "conversation.link_rejected", {"case_id": before_case, "was": before_status})


def link_case(session: Session, viewer: Viewer, conversation: Conversation, case_id: int, *, how: str,
              version: str | None) -> Case:
    """Link the conversation to a case a person chose (a candidate, or found by search): confirmed."""
    _check(session, viewer, conversation, version)
    case = session.get(Case, case_id)
    if case is None:
        raise CaseworkError("That case does not exist.")
    before_case, before_status = conversation.case_id, conversation.link_status
    if before_case == case_id and before_status == "confirmed":
        return case
    conversation.case_id = case_id
    conversation.link_status = "confirmed"
    _decide_link(session, viewer, conversation, case_id, "confirmed", f"chosen by a person ({how})")
    _feedback(session, viewer, conversation, "case_link", {"case_id": before_case, "status": before_status},
              {"case_id": case_id, "status": "confirmed", "how": how})
    _done(session, viewer, conversation, "conversation.case_linked",
          {"case_id": case_id, "case_ref": case.case_ref, "how": how, "was": before_case})
    return case


def add_note(session: Session, viewer: Viewer, conversation: Conversation, text: str) -> AuditEvent:
    """Add an internal note (never sent to the family). Notes only add, so stale pages may add them."""
    text = text.strip()
    if not text:
        raise CaseworkError("Write the note before saving it.")
    if len(text) > MAX_NOTE_CHARS:
        raise CaseworkError(f"A note must be {MAX_NOTE_CHARS:,} characters or fewer.")
    _check(session, viewer, conversation, None)
    # Notes change no state another person could be acting on, so they leave the version alone.
    event = record(session, "note.added", "conversation", conversation.id, actor_user_id=viewer.user_id,
                   details={"text": text})
    session.flush()
    return event


BULK_ACTIONS = ("assign_me", "unassign", "resolve", "reopen", "move")
UNDO_WINDOW_SECONDS = 600


def _snapshot(conversation: Conversation) -> dict:
    return {"status": conversation.status, "team_id": conversation.team_id, "assignee_id": conversation.assignee_id}


def bulk_apply(session: Session, viewer: Viewer, conversations: list[Conversation], action: str, *,
               team_id: int | None = None) -> tuple[AuditEvent | None, int]:
    """Apply one action to many conversations; returns (the undo record, how many were skipped)."""
    if action not in BULK_ACTIONS:
        raise CaseworkError("Choose an action for the selected conversations.")
    if action == "move" and (team_id is None or session.get(Team, team_id) is None):
        raise CaseworkError("Choose the team to move the conversations to.")
    changed: dict[str, dict] = {}
    skipped = 0
    for conversation in conversations:
        if not can_act(viewer, conversation):
            skipped += 1
            continue
        before = _snapshot(conversation)
        if action == "assign_me":
            assign(session, viewer, conversation, viewer.user_id, version=None)
        elif action == "unassign":
            assign(session, viewer, conversation, None, version=None)
        elif action == "resolve":
            set_status(session, viewer, conversation, "resolved", version=None)
        elif action == "reopen":
            set_status(session, viewer, conversation, "open", version=None)
        else:
            change_team(session, viewer, conversation, team_id or 0, version=None)
        if _snapshot(conversation) != before:
            changed[str(conversation.id)] = {"before": before, "after": _snapshot(conversation)}
    if not changed:
        return None, skipped
    event = record(session, "conversation.bulk", "user", viewer.user_id, actor_user_id=viewer.user_id,
                   details={"action": action, "changes": changed})
    session.flush()
    return event, skipped


def bulk_undo(session: Session, viewer: Viewer, event_id: int) -> int:
    """Put back what a recent bulk action changed, where nobody has changed it since; returns how many."""
    event = session.get(AuditEvent, event_id)
    if event is None or event.action != "conversation.bulk" or event.actor_user_id != viewer.user_id:
        raise CaseworkError("There is nothing of yours to undo.")
    if (utcnow() - event.at).total_seconds() > UNDO_WINDOW_SECONDS or event.details.get("undone"):
        raise CaseworkError("It is too late to undo that; change the conversations one by one.")
    restored = 0
    for conversation_id, change in event.details.get("changes", {}).items():
        conversation = session.get(Conversation, int(conversation_id))
        before = change["before"]
        # The actor could act on it before their bulk move, so they may move it back.
        if conversation is None or viewer.read_only or before["team_id"] not in viewer.team_ids:
            continue
        if _snapshot(conversation) != change["after"]:
            continue  # someone acted on it since: their change wins
        conversation.status = before["status"]
        conversation.team_id = before["team_id"]
        conversation.assignee_id = before["assignee_id"]
        _done(session, viewer, conversation, "conversation.bulk_undone", {"bulk_event_id": event.id})
        restored += 1
    event.details = {**event.details, "undone": True}
    session.flush()
    return restored
