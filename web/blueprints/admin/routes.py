"""Administration: the quarantine (messages a processing stage failed on) and retrying them."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from triage.models import MailboxState, Message
from triage.services.audit import record
from triage.services.conversation_page import quarantined_messages
from web.access import protect_blueprint, staff
from web.database import db
from web.submissions import enqueue_after_commit

bp = Blueprint("admin", __name__, url_prefix="/admin")
protect_blueprint(bp, "admin")


@bp.route("/quarantine")
def quarantine() -> str:
    """Quarantined messages with their errors, newest first, and mail left on the IMAP server."""
    refused = [(state, item) for state in db().scalars(select(MailboxState).order_by(MailboxState.id))
               for item in (state.refused or [])]
    return render_template("admin/quarantine.html", messages=quarantined_messages(db()), refused=refused)


@bp.route("/quarantine/<int:message_id>/retry", methods=["POST"])
def retry(message_id: int) -> Response:
    """Queue the message for processing again (the job is idempotent)."""
    message = db().get(Message, message_id)
    if message is None or message.status != "quarantined":
        abort(404)
    record(db(), "message.retry_requested", "message", message.id, actor_user_id=staff().id)
    enqueue_after_commit(message.id)
    flash(f"Message {message.id} queued for processing again.", "success")
    return redirect(url_for("admin.quarantine"), 303)
