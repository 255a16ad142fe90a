"""Tribunal appeals: the open list with next deadlines, recording by hand, and one appeal's dates and orders."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from triage.clocks.calendar import london_date
from triage.db import utcnow
from triage.models import Appeal, AppealOrder, Case
from triage.models.appeal import APPEAL_OUTCOMES, APPEAL_TYPES
from triage.services import appeals
from triage.services.audit import record
from triage.tracking.appeals import ORDER_CLOCKS, family_appeal_deadline
from web.access import protect_blueprint
from web.blueprints.cases.desks import (
    TRIBUNAL_TEAM,
    FormError,
    can_act_desk,
    form_date,
    form_text,
    optional_date,
    require_act,
    require_read,
)
from web.database import db

bp = Blueprint("appeals", __name__, url_prefix="/appeals")
protect_blueprint(bp)

DATE_FIELDS = {
    "decision_letter_on": "decision letter date",
    "mediation_certificate_on": "mediation certificate date",
    "registered_on": "registered date (appeal papers)",
    "response_sent_on": "date the response was sent",
    "hearing_on": "hearing date",
}


def _appeal(appeal_id: int) -> Appeal:
    appeal = db().get(Appeal, appeal_id)
    if appeal is None:
        abort(404)
    return appeal


def _choice(name: str, allowed: tuple[str, ...] | dict[str, str]) -> str | None:
    value = request.form.get(name, "").strip()
    if value and value not in allowed:
        raise FormError(f"Choose the {name.replace('_', ' ')} from the list.")
    return value or None


@bp.route("/")
def index() -> str:
    """Appeals not closed, the nearest deadline first."""
    user = require_read(TRIBUNAL_TEAM)
    return render_template("appeals/index.html", rows=appeals.list_open_appeals(db()),
                           can_act=can_act_desk(user, TRIBUNAL_TEAM))


@bp.route("/new", methods=["GET", "POST"])
def new() -> tuple[str, int] | Response:
    """Record an appeal by hand (one created from Tribunal correspondence needs no form)."""
    user = require_act(TRIBUNAL_TEAM)
    case_ref = request.values.get("case_ref", "").strip()
    case_id = request.args.get("case_id", type=int)
    if case_id and not case_ref:
        case = db().get(Case, case_id)
        case_ref = case.case_ref if case else ""
    error = None
    if request.method == "POST":
        try:
            case = None
            if case_ref:
                case = db().query(Case).filter_by(case_ref=case_ref.upper().replace(" ", "")).one_or_none()
                if case is None:
                    raise FormError(f"There is no case {case_ref}.")
            dates = {name: optional_date(name, label) for name, label in DATE_FIELDS.items() if name != "response_sent_on"}
            appeal = appeals.create_appeal(
                db(), form_text("tribunal_ref", 40), now=utcnow(), case_id=case.id if case else None,
                appeal_type=_choice("appeal_type", APPEAL_TYPES), actor_user_id=user.id, **dates,
            )
        except (FormError, appeals.AppealError) as failure:
            error = str(failure)
        else:
            flash(f"Appeal {appeal.tribunal_ref} recorded.", "success")
            return redirect(url_for("appeals.show", appeal_id=appeal.id), 303)
    page = render_template("appeals/new.html", types=APPEAL_TYPES, case_ref=case_ref, error=error,
                           form=request.form, date_fields=DATE_FIELDS)
    return page, 422 if error else 200


@bp.route("/<int:appeal_id>")
def show(appeal_id: int) -> str:
    """One appeal: type, dates, deadlines, outcome, orders and their clocks."""
    user = require_read(TRIBUNAL_TEAM)
    appeal = _appeal(appeal_id)
    record(db(), "appeal.viewed", "appeal", appeal.id, actor_user_id=user.id)
    family_deadline = (family_appeal_deadline(appeal.decision_letter_on, appeal.mediation_certificate_on)
                       if appeal.decision_letter_on else None)
    return render_template(
        "appeals/show.html", appeal=appeal, can_act=can_act_desk(user, TRIBUNAL_TEAM), types=APPEAL_TYPES,
        outcomes=APPEAL_OUTCOMES, order_items=ORDER_CLOCKS, date_fields=DATE_FIELDS,
        family_deadline=family_deadline, today=london_date(utcnow()),
    )


def _act(appeal_id: int, action: Callable[[Appeal, int], str]) -> Response:
    user = require_act(TRIBUNAL_TEAM)
    appeal = _appeal(appeal_id)
    try:
        flash(action(appeal, user.id), "success")
    except (FormError, appeals.AppealError) as error:
        flash(str(error), "error")
    return redirect(url_for("appeals.show", appeal_id=appeal.id), 303)


@bp.route("/<int:appeal_id>/details", methods=["POST"])
def details(appeal_id: int) -> Response:
    def action(a: Appeal, actor: int) -> str:
        dates = {name: optional_date(name, label) for name, label in DATE_FIELDS.items()}
        appeals.update_appeal(db(), a.id, now=utcnow(), actor_user_id=actor, appeal_type=_choice("appeal_type", APPEAL_TYPES),
                              notes=form_text("notes"), **dates)
        return "Appeal details saved."

    return _act(appeal_id, action)


@bp.route("/<int:appeal_id>/outcome", methods=["POST"])
def outcome(appeal_id: int) -> Response:
    def action(a: Appeal, actor: int) -> str:
        chosen = _choice("outcome", APPEAL_OUTCOMES)
        if chosen is None:
            raise FormError("Choose the outcome.")
        appeals.record_appeal_outcome(db(), a.id, chosen, form_date("on", "date of the decision"), now=utcnow(),
                                      actor_user_id=actor)
        return "Outcome recorded."

    return _act(appeal_id, action)


@bp.route("/<int:appeal_id>/orders", methods=["POST"])
def add_order(appeal_id: int) -> Response:
    def action(a: Appeal, actor: int) -> str:
        item = _choice("item", ORDER_CLOCKS)
        if item is None:
            raise FormError("Choose what the Tribunal ordered.")
        order = appeals.add_order(db(), a.id, item, form_date("ordered_on", "date of the order"), now=utcnow(),
                                  due_on=optional_date("due_on", "due date"), note=form_text("note", 2000) or None,
                                  actor_user_id=actor)
        return f"Order recorded, due {order.due_on:%d %b %Y}."

    return _act(appeal_id, action)


@bp.route("/<int:appeal_id>/orders/<int:order_id>/complied", methods=["POST"])
def comply(appeal_id: int, order_id: int) -> Response:
    def action(a: Appeal, actor: int) -> str:
        order = db().get(AppealOrder, order_id)
        if order is None or order.appeal_id != a.id:
            abort(404)
        appeals.comply_order(db(), order.id, form_date("on", "date the council complied"), now=utcnow(),
                             actor_user_id=actor)
        return "Compliance recorded."

    return _act(appeal_id, action)
