"""The reply composer: start from a template, preview, send by SMTP; and who is here or writing."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from triage.models import Conversation, ReplyTemplate
from triage.replies.merge_fields import FIELD_HELP
from triage.replies.smtp import ReplyNotSent
from triage.services import casework, conversation_page, queue, replies
from web.access import ACTING_ROLES, current_viewer, protect_blueprint, roles_required, staff
from web.database import db, runtime

bp = Blueprint("replies", __name__, url_prefix="/conversations")
protect_blueprint(bp)


def _visible(conversation_id: int) -> Conversation:
    conversation = conversation_page.get_conversation(db(), conversation_id)
    if conversation is None or not queue.can_view(current_viewer(), conversation):
        abort(404)
    return conversation


def presence(conversation_id: int) -> dict[str, list]:
    """Who else has the conversation open, and who else is writing a reply (for the warning)."""
    me = current_viewer().user_id
    return {
        "viewers": conversation_page.recent_viewers(db(), conversation_id, exclude_user_id=me),
        "writers": replies.recent_writers(db(), conversation_id, exclude_user_id=me),
    }


@bp.route("/<int:conversation_id>/presence")
def presence_fragment(conversation_id: int) -> str:
    """The collision warning alone, for the page to refresh every few seconds (not a view)."""
    conversation = _visible(conversation_id)
    return render_template("conversations/_presence.html", conversation=conversation, **presence(conversation.id))


def _render(conversation: Conversation, *, subject: str, body: str, version: str, await_family: bool,
            errors: dict[str, str] | None = None, problem: str | None = None, preview_email: object = None,
            chosen: int | None = None, status: int = 200) -> tuple[str, int]:
    session = db()
    settings = runtime().settings
    fields = replies.merge_fields_for(session, conversation, agent_name=staff().name, settings=settings)
    return render_template(
        "replies/compose.html", conversation=conversation, answered=replies.answered_message(conversation),
        templates=replies.active_templates(session), chosen=chosen, subject=subject, body=body, version=version,
        await_family=await_family, errors=errors or {}, problem=problem, preview=preview_email,
        fields=fields.as_dict(), field_help=FIELD_HELP, smtp_configured=bool(settings.smtp_host),
        **presence(conversation.id),
    ), status


@bp.route("/<int:conversation_id>/reply")
@roles_required(*ACTING_ROLES)
def compose(conversation_id: int) -> tuple[str, int]:
    """The composer; opening it tells others "you are writing a reply"."""
    conversation = _visible(conversation_id)
    viewer = current_viewer()
    try:
        replies.record_reply_started(db(), viewer, conversation)
    except casework.NotAllowed:
        abort(403)
    subject, body, chosen, problem = conversation.subject, "", None, None
    template_id = request.args.get("template", "")
    if template_id.isdigit():
        template = db().get(ReplyTemplate, int(template_id))
        if template is None or not template.active:
            problem = "That template is no longer available; choose another."
        else:
            chosen = template.id
            fields = replies.merge_fields_for(db(), conversation, agent_name=staff().name, settings=runtime().settings)
            try:
                subject, body = replies.draft_from_template(template, conversation, fields)
            except replies.ReplyProblem as error:
                problem = str(error)
    return _render(conversation, subject=subject, body=body, version=casework.version_of(conversation),
                   await_family=False, problem=problem, chosen=chosen)


@bp.route("/<int:conversation_id>/reply", methods=["POST"])
@roles_required(*ACTING_ROLES)
def send(conversation_id: int) -> Response | tuple[str, int]:
    """Preview or send the draft; on any problem the page comes back with the draft as written."""
    conversation = _visible(conversation_id)
    viewer = current_viewer()
    session = db()
    settings = runtime().settings
    subject = request.form.get("subject", "")
    body = request.form.get("body", "")
    version = request.form.get("version") or None
    await_family = request.form.get("await_family") == "1"
    draft = {"subject": subject, "body": body, "await_family": await_family}
    if not queue.can_act(viewer, conversation):
        abort(403)
    if request.form.get("action") != "send":
        try:
            email = replies.preview(conversation, settings, subject=subject, body=body)
        except replies.DraftErrors as problems:
            return _render(conversation, **draft, version=version or "", errors=problems.errors)
        except replies.ReplyProblem as error:
            return _render(conversation, **draft, version=version or "", problem=str(error))
        return _render(conversation, **draft, version=version or "", preview_email=email)
    try:
        replies.send_reply(session, viewer, conversation, settings, subject=subject, body=body, version=version,
                           await_family=await_family)
    except replies.DraftErrors as problems:
        return _render(conversation, **draft, version=version or "", errors=problems.errors)
    except casework.StaleConversation as error:
        # Offer the current version, so a second click (after reading) sends.
        return _render(conversation, **draft, version=casework.version_of(conversation), problem=str(error))
    except (replies.ReplyProblem, ReplyNotSent) as error:
        replies.record_send_failure(session, viewer, conversation, str(error))
        return _render(conversation, **draft, version=version or "", problem=str(error))
    flash("Reply sent." + (" Waiting for the family." if await_family else ""), "success")
    return redirect(url_for("conversations.show", conversation_id=conversation.id), 303)
