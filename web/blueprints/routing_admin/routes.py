"""Routing administration: ordered rules edited as form fields with a preview, and the teams they route to."""

from __future__ import annotations

import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from triage.models import RoutingRule, Team
from triage.models.conversation import LINK_STATUSES
from triage.nlp.labels import KINDS, TOPICS
from triage.routing.sender import SENDER_TYPES
from triage.services import rule_admin
from triage.services.routing import load_rules
from web.access import protect_blueprint, staff
from web.database import db

bp = Blueprint("routing_admin", __name__, url_prefix="/admin/routing")
protect_blueprint(bp, "admin")

LANGUAGE_SPLIT = re.compile(r"[\s,;]+")


def _teams() -> list[Team]:
    return list(db().scalars(select(Team).order_by(Team.name)))


def _draft_from_form() -> rule_admin.RuleDraft:
    """The rule as the form describes it (validation happens in the service)."""
    form = request.form
    team = form.get("team_id", "")
    priority = form.get("priority", "")
    return rule_admin.RuleDraft(
        name=form.get("name", "").strip()[:200],
        conditions=rule_admin.build_conditions(
            topics_any=form.getlist("topics_any"), topics_all=form.getlist("topics_all"), kinds=form.getlist("kind_in"),
            urgent=form.get("urgent", "any"), languages=LANGUAGE_SPLIT.split(form.get("language_in", "")),
            languages_not=LANGUAGE_SPLIT.split(form.get("language_not_in", "")),
            link_statuses=form.getlist("link_status_in"), sender_types=form.getlist("sender_type_in"),
        ),
        team_id=int(team) if team.isdigit() else 0,
        priority=int(priority) if priority.isdigit() and 1 <= int(priority) <= 4 else None,
        enabled=form.get("enabled") == "1",
    )


def _draft_from_rule(rule: RoutingRule | None) -> rule_admin.RuleDraft:
    if rule is None:
        return rule_admin.RuleDraft(name="", conditions={}, team_id=0)
    return rule_admin.RuleDraft(rule.name, rule.conditions or {}, rule.team_id, rule.priority, rule.enabled)


@bp.route("/")
def rules() -> str:
    """The ordered rules (first match wins) and the teams."""
    rows = db().scalars(select(RoutingRule).order_by(RoutingRule.position, RoutingRule.id)).all()
    return render_template("routing_admin/rules.html", rules=rows, teams=_teams(),
                           problems=rule_admin.problems_with(db(), None, load_rules(db())))


def _form_page(rule: RoutingRule | None) -> tuple[str, int] | Response:
    """Show the form; on POST preview the change or save it (refused with the reasons)."""
    draft = _draft_from_rule(rule) if request.method == "GET" else _draft_from_form()
    problems: list[str] = []
    preview = None
    if request.method == "POST":
        if request.form.get("action") == "save":
            try:
                saved = rule_admin.save_rule(db(), draft, rule.id if rule else None, actor_user_id=staff().id)
            except rule_admin.RuleAdminError as error:
                problems = error.problems
            else:
                flash(f"Rule “{saved.name}” saved.", "success")
                return redirect(url_for("routing_admin.rules"), 303)
        else:
            proposed = rule_admin.proposed_rules(db(), draft, rule.id if rule else None)
            problems = rule_admin.problems_with(db(), draft, proposed)
            preview = rule_admin.preview_change(db(), proposed)
    teams = _teams()
    page = render_template(
        "routing_admin/rule_form.html", rule=rule, draft=draft, problems=problems, preview=preview,
        teams=teams, team_names={t.id: t.name for t in teams}, topics=TOPICS, kinds=KINDS,
        link_statuses=LINK_STATUSES, sender_types=SENDER_TYPES, preview_size=rule_admin.PREVIEW_SIZE,
    )
    return page, 422 if problems and request.form.get("action") == "save" else 200


@bp.route("/rules/new", methods=["GET", "POST"])
def new_rule() -> tuple[str, int] | Response:
    return _form_page(None)


@bp.route("/rules/<int:rule_id>", methods=["GET", "POST"])
def edit_rule(rule_id: int) -> tuple[str, int] | Response:
    rule = db().get(RoutingRule, rule_id)
    if rule is None:
        abort(404)
    return _form_page(rule)


def _refusable(change) -> Response:  # type: ignore[no-untyped-def]
    """Run a change; a refusal is shown with its reasons and nothing is saved."""
    try:
        message = change()
    except rule_admin.RuleAdminError as error:
        flash("Refused: " + "; ".join(error.problems), "error")
    else:
        flash(message, "success")
    return redirect(url_for("routing_admin.rules"), 303)


@bp.route("/rules/<int:rule_id>/delete", methods=["POST"])
def delete_rule(rule_id: int) -> Response:
    def change() -> str:
        rule_admin.delete_rule(db(), rule_id, actor_user_id=staff().id)
        return "Rule deleted."

    return _refusable(change)


@bp.route("/rules/<int:rule_id>/move", methods=["POST"])
def move_rule(rule_id: int) -> Response:
    direction = -1 if request.form.get("direction") == "up" else 1

    def change() -> str:
        rule_admin.move_rule(db(), rule_id, direction, actor_user_id=staff().id)
        return "Order saved."

    return _refusable(change)


@bp.route("/rules/<int:rule_id>/enabled", methods=["POST"])
def set_enabled(rule_id: int) -> Response:
    enabled = request.form.get("enabled") == "1"

    def change() -> str:
        rule_admin.set_rule_enabled(db(), rule_id, enabled, actor_user_id=staff().id)
        return "Rule turned on." if enabled else "Rule turned off."

    return _refusable(change)


@bp.route("/teams", methods=["POST"])
@bp.route("/teams/<int:team_id>", methods=["POST"])
def save_team(team_id: int | None = None) -> Response:
    """Create a team, or rename one and set its email (team leads' alerts go there too)."""

    def change() -> str:
        team = rule_admin.save_team(db(), request.form.get("name", "")[:120], email=request.form.get("email", "")[:320],
                                    description=request.form.get("description"), team_id=team_id,
                                    actor_user_id=staff().id)
        return f"Team “{team.name}” saved."

    return _refusable(change)
