"""Formal complaints: the open list with next deadlines, and one complaint through its whole life."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from triage.clocks.calendar import london_date
from triage.db import utcnow
from triage.models import Complaint
from triage.models.complaint import COMPLAINT_OUTCOMES
from triage.services import complaints, conversation_page, queue
from triage.services.audit import record
from triage.tracking.complaints import APPEALABLE_ADVICE, NEXT_STAGE
from web.access import current_viewer, protect_blueprint, staff
from web.blueprints.cases.desks import (
    COMPLAINTS_TEAM,
    FormError,
    can_act_desk,
    form_date,
    form_text,
    optional_date,
    require_act,
    require_read,
)
from web.database import db

bp = Blueprint("complaints", __name__, url_prefix="/complaints")
protect_blueprint(bp)


def _complaint(complaint_id: int) -> Complaint:
    complaint = db().get(Complaint, complaint_id)
    if complaint is None:
        abort(404)
    return complaint


@bp.route("/")
def index() -> str:
    """Open complaints, the nearest deadline first."""
    require_read(COMPLAINTS_TEAM)
    return render_template("complaints/index.html", rows=complaints.list_open_complaints(db()))


@bp.route("/<int:complaint_id>")
def show(complaint_id: int) -> str:
    """One complaint: its stages, dates, clocks, remedies, and the actions open to it now."""
    user = require_read(COMPLAINTS_TEAM)
    complaint = _complaint(complaint_id)
    record(db(), "complaint.viewed", "complaint", complaint.id, actor_user_id=user.id)
    return render_template(
        "complaints/show.html", complaint=complaint, can_act=can_act_desk(user, COMPLAINTS_TEAM),
        outcomes=COMPLAINT_OUTCOMES, next_stage=NEXT_STAGE.get(complaint.stage), advice=APPEALABLE_ADVICE,
        today=london_date(utcnow()),
    )


def _act(complaint_id: int, action: Callable[[Complaint, int], str]) -> Response:
    """Run one change from a posted form, then back to the complaint (post/redirect/get)."""
    user = require_act(COMPLAINTS_TEAM)
    complaint = _complaint(complaint_id)
    try:
        flash(action(complaint, user.id), "success")
    except (FormError, complaints.ComplaintError) as error:
        flash(str(error), "error")
    return redirect(url_for("complaints.show", complaint_id=complaint.id), 303)


@bp.route("/open-from/<int:conversation_id>", methods=["POST"])
def open_from_conversation(conversation_id: int) -> Response:
    """Log a conversation as a formal stage 1 complaint (its team or the complaints desk may)."""
    user = staff()
    conversation = conversation_page.get_conversation(db(), conversation_id)
    if conversation is None or not queue.can_view(current_viewer(), conversation):
        abort(404)
    if not (queue.can_act(current_viewer(), conversation) or can_act_desk(user, COMPLAINTS_TEAM)) or user.read_only:
        abort(403)
    try:
        opened_on = optional_date("opened_on", "date the complaint was received")
    except FormError as error:
        flash(str(error), "error")
        return redirect(url_for("conversations.show", conversation_id=conversation.id) + "#case", 303)
    complaint = complaints.open_complaint(
        db(), opened_on=opened_on or london_date(conversation.created_at), now=utcnow(),
        conversation_id=conversation.id, summary=form_text("summary") or conversation.subject,
        handler_user_id=user.id if COMPLAINTS_TEAM in user.team_names else None,
        about_appealable_decision=request.form.get("appealable") == "1", actor_user_id=user.id,
    )
    flash("Logged as a formal stage 1 complaint.", "success")
    return redirect(url_for("complaints.show", complaint_id=complaint.id), 303)


@bp.route("/<int:complaint_id>/acknowledge", methods=["POST"])
def acknowledge(complaint_id: int) -> Response:
    def action(c: Complaint, actor: int) -> str:
        on = form_date("on", "acknowledgement date")
        complaints.acknowledge_complaint(db(), c.id, on, now=utcnow(), actor_user_id=actor)
        return "Acknowledgement recorded."

    return _act(complaint_id, action)


@bp.route("/<int:complaint_id>/extend", methods=["POST"])
def extend(complaint_id: int) -> Response:
    def action(c: Complaint, actor: int) -> str:
        on = form_date("on", "extension date")
        complaints.extend_stage1(db(), c.id, on, form_text("reason"), now=utcnow(), actor_user_id=actor)
        return "Stage 1 extended by 10 working days."

    return _act(complaint_id, action)


@bp.route("/<int:complaint_id>/respond", methods=["POST"])
def respond(complaint_id: int) -> Response:
    def action(c: Complaint, actor: int) -> str:
        on = form_date("on", "response date")
        complaints.respond_complaint(db(), c.id, on, request.form.get("outcome", ""), form_text("letter", 100000),
                                     now=utcnow(), actor_user_id=actor)
        return "Response and outcome recorded."

    return _act(complaint_id, action)


@bp.route("/<int:complaint_id>/escalate", methods=["POST"])
def escalate(complaint_id: int) -> Response:
    def action(c: Complaint, actor: int) -> str:
        on = form_date("on", "escalation date")
        complaints.escalate_complaint(db(), c.id, on, now=utcnow(), ombudsman_ref=form_text("ombudsman_ref", 40) or None,
                                      actor_user_id=actor)
        return "Escalated to the Ombudsman." if c.stage == "ombudsman" else "Escalated to stage 2."

    return _act(complaint_id, action)


def _pence(raw: str) -> int | None:
    """Pounds as typed (250, 250.50, £1,000) to whole pence."""
    cleaned = raw.strip().replace("£", "").replace(",", "")
    if not cleaned:
        return None
    try:
        pounds, _, pennies = cleaned.partition(".")
        if not pounds.isdigit() or (pennies and (not pennies.isdigit() or len(pennies) > 2)):
            raise ValueError
        return int(pounds) * 100 + int((pennies or "0").ljust(2, "0"))
    except ValueError:
        raise FormError("The payment must be an amount in pounds, like 250 or 250.50.") from None


@bp.route("/<int:complaint_id>/remedies", methods=["POST"])
def remedies(complaint_id: int) -> Response:
    def action(c: Complaint, actor: int) -> str:
        complaints.record_remedies(
            db(), c.id, now=utcnow(), apology=request.form.get("apology") == "1",
            payment_pence=_pence(request.form.get("payment", "")),
            service_improvement=form_text("service_improvement"), lessons_learned=form_text("lessons_learned"),
            actor_user_id=actor,
        )
        return "Remedies and lessons learned saved."

    return _act(complaint_id, action)


@bp.route("/<int:complaint_id>/close", methods=["POST"])
def close(complaint_id: int) -> Response:
    def action(c: Complaint, actor: int) -> str:
        on = form_date("on", "closing date")
        withdrawn = request.form.get("withdrawn") == "1"
        complaints.close_complaint(db(), c.id, on, now=utcnow(), withdrawn=withdrawn, actor_user_id=actor)
        return "Closed as withdrawn." if withdrawn else "Complaint closed."

    return _act(complaint_id, action)
