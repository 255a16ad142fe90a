"""The conversation page and the agent's actions on it."""

from __future__ import annotations

import re
from collections.abc import Callable
from io import BytesIO

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from werkzeug.wrappers import Response

from triage.models import Attachment, Conversation
from triage.models.conversation import STATUSES
from triage.nlp.labels import KINDS, TOPICS
from triage.services import casework, conversation_page, merge_split, queue, replies
from triage.services.audit import record
from web.access import ACTING_ROLES, current_viewer, protect_blueprint, roles_required
from web.database import db, runtime

bp = Blueprint("conversations", __name__, url_prefix="/conversations")
protect_blueprint(bp)

ANCHOR = re.compile(r"#[a-z][a-z0-9-]{0,40}")  # where on the page to land after an action


def _visible(conversation_id: int) -> Conversation:
    """The conversation, or 404: another team's conversation is not even confirmed to exist."""
    conversation = conversation_page.get_conversation(db(), conversation_id)
    if conversation is None or not queue.can_view(current_viewer(), conversation):
        abort(404)
    return conversation


@bp.route("/<int:conversation_id>")
def show(conversation_id: int) -> str:
    """Messages, classification, case panel and actions; every view is written to the audit log."""
    viewer = current_viewer()
    conversation = _visible(conversation_id)
    session = db()
    # Read before writing our own view, so the warning names only other people.
    viewers = conversation_page.recent_viewers(session, conversation.id, exclude_user_id=viewer.user_id)
    writers = replies.recent_writers(session, conversation.id, exclude_user_id=viewer.user_id)
    casework.record_view(session, viewer, conversation)
    others, hidden_others = ([], 0)
    if conversation.case_id is not None:
        others, hidden_others = conversation_page.other_conversations(session, viewer, conversation.case_id, conversation.id)
    case_query = request.args.get("case_q", "").strip()[:100]
    return render_template(
        "conversations/show.html",
        conversation=conversation,
        viewers=viewers,
        writers=writers,
        merged_into=conversation.merged_into_id,
        version=casework.version_of(conversation),
        can_act=queue.can_act(viewer, conversation),
        classified=conversation_page.latest_classified(conversation),
        link=conversation_page.latest_link(conversation),
        others=others,
        hidden_others=hidden_others,
        notes=conversation_page.notes(session, conversation.id),
        history=conversation_page.history(session, conversation.id),
        members=queue.team_members(session, conversation.team_id),
        teams=queue.all_teams(session),
        case_query=case_query,
        case_results=conversation_page.search_cases(session, case_query) if case_query else [],
        topics=TOPICS,
        kinds=KINDS,
        statuses=STATUSES,
    )


def _act(conversation_id: int, action: Callable[[Conversation, str | None], str | None]) -> Response:
    """Run one casework action from a form post and go back to the page (post/redirect/get)."""
    conversation = _visible(conversation_id)
    version = request.form.get("version") or None
    try:
        done = action(conversation, version)
    except casework.NotAllowed:
        abort(403)
    except casework.StaleConversation as error:
        flash(str(error), "warning")
    except casework.CaseworkError as error:
        flash(str(error), "error")
    else:
        if done:
            flash(done, "success")
        if not queue.can_view(current_viewer(), conversation):
            return redirect(url_for("queue.index"), 303)
    anchor = request.form.get("anchor", "")
    anchor = anchor if ANCHOR.fullmatch(anchor) else ""
    return redirect(url_for("conversations.show", conversation_id=conversation_id) + anchor, 303)


def _form_int(name: str) -> int | None:
    value = request.form.get(name, "").strip()
    return int(value) if value.isdigit() else None


@bp.route("/<int:conversation_id>/status", methods=["POST"])
@roles_required(*ACTING_ROLES)
def set_status(conversation_id: int) -> Response:
    status = request.form.get("status", "")

    def action(c: Conversation, v: str | None) -> str:
        casework.set_status(db(), current_viewer(), c, status, version=v)
        return f"Status: {status.replace('_', ' ')}."

    return _act(conversation_id, action)


@bp.route("/<int:conversation_id>/claim", methods=["POST"])
@roles_required(*ACTING_ROLES)
def claim(conversation_id: int) -> Response:
    def action(c: Conversation, v: str | None) -> str:
        casework.assign(db(), current_viewer(), c, current_viewer().user_id, version=v)
        return "Assigned to you."

    return _act(conversation_id, action)


@bp.route("/<int:conversation_id>/assign", methods=["POST"])
@roles_required(*ACTING_ROLES)
def assign(conversation_id: int) -> Response:
    assignee = _form_int("assignee_id")

    def action(c: Conversation, v: str | None) -> str:
        casework.assign(db(), current_viewer(), c, assignee, version=v)
        return "Assignment saved."

    return _act(conversation_id, action)


@bp.route("/<int:conversation_id>/team", methods=["POST"])
@roles_required(*ACTING_ROLES)
def change_team(conversation_id: int) -> Response:
    team_id = _form_int("team_id")

    def action(c: Conversation, v: str | None) -> str:
        if team_id is None:
            raise casework.CaseworkError("Choose a team from the list.")
        casework.change_team(db(), current_viewer(), c, team_id, version=v)
        return f"Moved to {c.team.name if c.team else 'the new team'}."

    return _act(conversation_id, action)


@bp.route("/<int:conversation_id>/topics", methods=["POST"])
@roles_required(*ACTING_ROLES)
def correct_topics(conversation_id: int) -> Response:
    topics = request.form.getlist("topics")

    def action(c: Conversation, v: str | None) -> str:
        casework.correct_topics(db(), current_viewer(), c, topics, version=v)
        return "Topics saved. Thank you: corrections train the next model."

    return _act(conversation_id, action)


@bp.route("/<int:conversation_id>/kind", methods=["POST"])
@roles_required(*ACTING_ROLES)
def correct_kind(conversation_id: int) -> Response:
    kind = request.form.get("kind", "")

    def action(c: Conversation, v: str | None) -> str:
        casework.correct_kind(db(), current_viewer(), c, kind, version=v)
        return "Kind saved."

    return _act(conversation_id, action)


@bp.route("/<int:conversation_id>/urgent", methods=["POST"])
@roles_required(*ACTING_ROLES)
def correct_urgent(conversation_id: int) -> Response:
    urgent = request.form.get("urgent") == "1"
    reason = request.form.get("reason", "")

    def action(c: Conversation, v: str | None) -> str:
        casework.correct_urgent(db(), current_viewer(), c, urgent, reason, version=v)
        return "Marked urgent." if urgent else "Marked not urgent."

    return _act(conversation_id, action)


@bp.route("/<int:conversation_id>/link/confirm", methods=["POST"])
@roles_required(*ACTING_ROLES)
def confirm_link(conversation_id: int) -> Response:
    def action(c: Conversation, v: str | None) -> str:
        casework.confirm_link(db(), current_viewer(), c, version=v)
        return "Case link confirmed."

    return _act(conversation_id, action)


@bp.route("/<int:conversation_id>/link/reject", methods=["POST"])
@roles_required(*ACTING_ROLES)
def reject_link(conversation_id: int) -> Response:
    def action(c: Conversation, v: str | None) -> str:
        casework.reject_link(db(), current_viewer(), c, version=v)
        return "Case link removed."

    return _act(conversation_id, action)


@bp.route("/<int:conversation_id>/link/choose", methods=["POST"])
@roles_required(*ACTING_ROLES)
def choose_case(conversation_id: int) -> Response:
    case_id = _form_int("case_id")
    how = "candidate" if request.form.get("how") == "candidate" else "search"

    def action(c: Conversation, v: str | None) -> str:
        if case_id is None:
            raise casework.CaseworkError("Choose a case.")
        case = casework.link_case(db(), current_viewer(), c, case_id, how=how, version=v)
        return f"Linked to case {case.case_ref}."

    return _act(conversation_id, action)


@bp.route("/<int:conversation_id>/notes", methods=["POST"])
@roles_required(*ACTING_ROLES)
def add_note(conversation_id: int) -> Response:
    text = request.form.get("note", "")

    def action(c: Conversation, v: str | None) -> str:
        casework.add_note(db(), current_viewer(), c, text)
        return "Note added."

    return _act(conversation_id, action)


@bp.route("/<int:conversation_id>/merge", methods=["POST"])
@roles_required(*ACTING_ROLES)
def merge(conversation_id: int) -> Response | str:
    """Merge another conversation (by its reference) into this one, after a confirmation page."""
    target = _visible(conversation_id)
    session = db()
    source = merge_split.find_by_token(session, request.form.get("source", ""))
    if source is None or not queue.can_view(current_viewer(), source):
        flash("No conversation you can see has that reference. Check it (it looks like TRG-7K2M9Q).", "error")
        return redirect(url_for("conversations.show", conversation_id=target.id) + "#merge", 303)
    if request.form.get("confirm") != "1":
        return render_template("conversations/merge_confirm.html", target=target, source=source,
                               target_version=request.form.get("version", ""),
                               source_version=casework.version_of(source))

    def action(c: Conversation, v: str | None) -> str:
        moved = merge_split.merge(session, current_viewer(), c, source, target_version=v,
                                  source_version=request.form.get("source_version") or None)
        return f"Merged {source.token} into this conversation ({len(moved)} message{'' if len(moved) == 1 else 's'} moved)."

    return _act(conversation_id, action)


@bp.route("/<int:conversation_id>/split", methods=["POST"])
@roles_required(*ACTING_ROLES)
def split(conversation_id: int) -> Response:
    """Move one message into a new conversation (same team and case link)."""
    message_id = _form_int("message_id")

    def action(c: Conversation, v: str | None) -> str:
        if message_id is None:
            raise casework.CaseworkError("Choose the message to split off.")
        new = merge_split.split(db(), current_viewer(), c, message_id, version=v,
                                service_reply_days=runtime().settings.service_reply_days)
        return f"The message is now in a new conversation, {new.token}."

    return _act(conversation_id, action)


@bp.route("/<int:conversation_id>/attachments/<int:attachment_id>")
def attachment(conversation_id: int, attachment_id: int) -> Response:
    """Download an attachment: always as a file, never shown inline by the browser."""
    conversation = _visible(conversation_id)
    found = db().get(Attachment, attachment_id)
    if found is None or found.message.conversation_id != conversation.id or found.data is None:
        abort(404)
    record(db(), "attachment.downloaded", "conversation", conversation.id, actor_user_id=current_viewer().user_id,
           details={"attachment_id": found.id, "filename": found.filename})
    return send_file(BytesIO(found.data), mimetype="application/octet-stream", as_attachment=True,
                     download_name=found.filename or f"attachment-{found.id}")
