"""The case page: the child's record, contacts, every clock, complaints, appeals and conversations."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from flask.blueprints import BlueprintSetupState
from werkzeug.wrappers import Response

from triage.clocks.calendar import london_date
from triage.clocks.kinds import KINDS
from triage.db import utcnow
from triage.models import Case, CaseMilestone, Clock
from triage.models.clock import EXCEPTIONS, MILESTONE_KINDS
from triage.services import conversation_page
from triage.services.audit import record
from triage.services.clocks import (
    ClockError,
    record_exception,
    record_milestone,
    statutory_clocks_for_case,
)
from web.access import ACTING_ROLES, current_viewer, protect_blueprint, roles_required, staff
from web.blueprints.cases.desks import (
    TRIBUNAL_TEAM,
    FormError,
    can_act_desk,
    form_date,
    form_text,
)
from web.blueprints.cases.records import case_records, complaint_for
from web.database import db

bp = Blueprint("cases", __name__, url_prefix="/cases")
protect_blueprint(bp)


def clock_label(kind: str) -> str:
    """The clock kind's label for people (the kind's name when unknown)."""
    return KINDS[kind].label if kind in KINDS else kind


@bp.record_once
def _template_helpers(state: BlueprintSetupState) -> None:
    # Globals, not a context processor, so imported macros (cases/_clocks.html) see them too.
    state.app.jinja_env.globals.update(clock_label=clock_label, case_records=case_records,
                                       complaint_for=complaint_for)


def _case(case_id: int) -> Case:
    case = db().get(Case, case_id)
    if case is None:
        abort(404)
    return case


@bp.route("/<int:case_id>")
def show(case_id: int) -> str:
    """Everything about the case; the view is written to the audit log and the clocks are brought up to date."""
    user = staff()
    case = _case(case_id)
    session = db()
    if not user.read_only:
        statutory_clocks_for_case(session, case.id, utcnow())
    record(session, "case.viewed", "case", case.id, actor_user_id=user.id)
    conversations, hidden = conversation_page.other_conversations(session, current_viewer(), case.id, 0)
    milestones = session.scalars(
        select(CaseMilestone).where(CaseMilestone.case_id == case.id).order_by(CaseMilestone.on, CaseMilestone.id)
    ).all()
    return render_template(
        "cases/show.html", case=case, records=case_records(case.id),
        conversations=conversations, hidden=hidden, milestones=milestones,
        can_act=not user.read_only, exceptions=EXCEPTIONS, milestone_kinds=MILESTONE_KINDS,
        can_tribunal=can_act_desk(user, TRIBUNAL_TEAM),
        today=london_date(utcnow()),
    )


def _back(case_id: int) -> Response:
    return redirect(url_for("cases.show", case_id=case_id) + "#clocks", 303)


@bp.route("/<int:case_id>/clocks/<int:clock_id>/exception", methods=["POST"])
@roles_required(*ACTING_ROLES)
def exception(case_id: int, clock_id: int) -> Response:
    """Record (or clear) a reg 10(4) exception on one of the case's statutory clocks, with a reason."""
    case = _case(case_id)
    clock = db().get(Clock, clock_id)
    if clock is None or clock.case_id != case.id:
        abort(404)
    chosen = request.form.get("exception", "").strip() or None
    try:
        record_exception(db(), clock.id, chosen, form_text("reason", 2000), utcnow(), actor_user_id=staff().id)
    except ClockError as error:
        flash(str(error), "error")
    else:
        flash("Exception recorded." if chosen else "Exception cleared.", "success")
    return _back(case.id)


@bp.route("/<int:case_id>/milestones", methods=["POST"])
@roles_required(*ACTING_ROLES)
def milestone(case_id: int) -> Response:
    """Record a dated event on the case (review meeting, proposals, transfer...) and recompute its clocks."""
    case = _case(case_id)
    try:
        record_milestone(db(), case.id, request.form.get("kind", ""), form_date("on", "date of the event"),
                         detail=form_text("detail", 40) or None, note=form_text("note", 2000) or None,
                         actor_user_id=staff().id)
        statutory_clocks_for_case(db(), case.id, utcnow())
    except (FormError, ClockError) as error:
        flash(str(error), "error")
    else:
        flash("Recorded; the statutory clocks follow from it.", "success")
    return _back(case.id)
