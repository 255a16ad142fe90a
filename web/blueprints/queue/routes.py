"""The queue: the agent's teams' conversations, most urgent first, filtered and paged."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from triage.db import utcnow
from triage.models import AuditEvent, Conversation
from triage.models.conversation import LINK_STATUSES, STATUSES
from triage.nlp.labels import KINDS, TOPICS
from triage.services import casework
from triage.services.queue import CLOCK_STATES, Cursor, all_teams, list_queue, visible_teams
from web.access import ACTING_ROLES, current_viewer, protect_blueprint, roles_required
from web.database import db
from web.queue_filters import parse_filters

bp = Blueprint("queue", __name__)
protect_blueprint(bp)

PER_PAGE = 50
PAGING_ARGS = ("after", "before", "page", "partial")


@bp.route("/")
def home() -> Response:
    return redirect(url_for("queue.index"))


@bp.route("/queue")
def index() -> str:
    """The queue page (or, with ?partial=1, just its table for the live refresh); pages by cursor."""
    filters = parse_filters(request.args)
    page = list_queue(db(), current_viewer(), filters, after=Cursor.decode(request.args.get("after")),
                      before=Cursor.decode(request.args.get("before")), per_page=PER_PAGE)
    # The filters alone: status tabs, the search box and new filters start again at the top.
    args = {k: v for k, v in request.args.items() if k not in PAGING_ARGS and v}
    here = {**args, **{k: v for k, v in request.args.items() if k in ("after", "before") and v}}
    template = "queue/_table.html" if request.args.get("partial") == "1" else "queue/index.html"
    return render_template(
        template, page=page, filters=filters, args=args, here=here, topics=TOPICS, kinds=KINDS, statuses=STATUSES,
        link_statuses=LINK_STATUSES, clock_states=CLOCK_STATES, teams=visible_teams(db(), current_viewer()),
        all_teams=all_teams(db()), undo=_pending_undo(),
    )


def _pending_undo() -> AuditEvent | None:
    """The signed-in user's last bulk action, while it can still be undone."""
    event_id = session.get("bulk_undo")
    if not isinstance(event_id, int):
        return None
    event = db().get(AuditEvent, event_id)
    if event is None or event.details.get("undone") or event.actor_user_id != current_viewer().user_id:
        return None
    if (utcnow() - event.at).total_seconds() > casework.UNDO_WINDOW_SECONDS:
        return None
    return event


def _back() -> Response:
    back = request.form.get("back", "")
    return redirect(back if back.startswith("/queue") and "//" not in back else url_for("queue.index"), 303)


@bp.route("/queue/bulk", methods=["POST"])
@roles_required(*ACTING_ROLES)
def bulk() -> Response:
    """Assign, resolve, reopen or move the ticked conversations; undoable for a few minutes."""
    ids = sorted({int(i) for i in request.form.getlist("ids") if i.isdigit()})
    if not ids:
        flash("Tick the conversations first.", "error")
        return _back()
    action, _, team = request.form.get("action", "").partition(":")
    conversations = list(db().scalars(select(Conversation).where(Conversation.id.in_(ids))))
    try:
        event, skipped = casework.bulk_apply(db(), current_viewer(), conversations, action,
                                             team_id=int(team) if team.isdigit() else None)
    except casework.CaseworkError as error:
        flash(str(error), "error")
        return _back()
    changed = len(event.details["changes"]) if event else 0
    if event is not None:
        session["bulk_undo"] = event.id
    note = f" {skipped} skipped: not your team's." if skipped else ""
    flash(f"{changed} conversation{'' if changed == 1 else 's'} changed.{note}", "success")
    return _back()


@bp.route("/queue/bulk/<int:event_id>/undo", methods=["POST"])
@roles_required(*ACTING_ROLES)
def bulk_undo(event_id: int) -> Response:
    """Put back what the last bulk action changed (where nobody has acted since)."""
    try:
        restored = casework.bulk_undo(db(), current_viewer(), event_id)
    except casework.CaseworkError as error:
        flash(str(error), "error")
    else:
        session.pop("bulk_undo", None)
        flash(f"Undone: {restored} conversation{'' if restored == 1 else 's'} put back.", "success")
    return _back()
