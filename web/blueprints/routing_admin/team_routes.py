"""The team page: my availability; for team leads, their members' availability, the assignment mode and auto-assign."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from triage.models import Team, User
from triage.models.team_settings import ASSIGNMENT_MODES
from triage.services import assignment
from web.access import ACTING_ROLES, protect_blueprint, staff
from web.database import db

bp = Blueprint("team", __name__, url_prefix="/team")
protect_blueprint(bp, *ACTING_ROLES)


def _led_teams() -> list[Team]:
    """Teams the signed-in user runs: a team lead's own teams, every team for an admin."""
    user = staff()
    if user.is_admin:
        return list(db().scalars(select(Team).order_by(Team.name)))
    if user.role == "team_lead":
        return [t for t in db().scalars(select(Team).order_by(Team.name)) if t.id in user.team_ids]
    return []


def _led_team(team_id: int) -> Team:
    team = next((t for t in _led_teams() if t.id == team_id), None)
    if team is None:
        abort(403)
    return team


@bp.route("/")
def index() -> str:
    """My availability, and for each team I lead: members, their load, the mode, auto-assign."""
    session = db()
    teams = []
    for team in _led_teams():
        members = sorted((m for m in team.members if m.active and m.role in assignment.ASSIGNABLE_ROLES),
                         key=lambda m: m.name.lower())
        load = assignment.open_load(session, [m.id for m in members])
        teams.append((team, members, load, assignment.assignment_mode(session, team.id),
                      assignment.assigns_on_arrival(session, team.id)))
    return render_template("routing_admin/team.html", me=session.get(User, staff().id), teams=teams,
                           modes=ASSIGNMENT_MODES)


@bp.route("/availability", methods=["POST"])
def availability() -> Response:
    """Mark someone available or away (yourself, or a member of a team you lead)."""
    user_id = request.form.get("user_id", type=int) or staff().id
    available = request.form.get("available") == "1"
    try:
        user = assignment.set_available(db(), user_id, available, actor_user_id=staff().id)
    except assignment.AssignmentError:
        abort(403)
    flash(f"{user.name or user.email} is {'available' if available else 'away'}.", "success")
    return redirect(url_for("team.index"), 303)


@bp.route("/<int:team_id>/mode", methods=["POST"])
def mode(team_id: int) -> Response:
    team = _led_team(team_id)
    try:
        assignment.set_assignment_mode(db(), team.id, request.form.get("mode", ""), actor_user_id=staff().id)
        assignment.set_assign_on_arrival(db(), team.id, request.form.get("on_arrival") == "yes", actor_user_id=staff().id)
    except assignment.AssignmentError as error:
        flash(str(error), "error")
    else:
        flash(f"{team.name}: assignment mode saved.", "success")
    return redirect(url_for("team.index"), 303)


@bp.route("/<int:team_id>/auto-assign", methods=["POST"])
def auto_assign(team_id: int) -> Response:
    """Hand every unassigned open conversation of the team to its available agents."""
    team = _led_team(team_id)
    count = assignment.auto_assign_unassigned(db(), team.id, actor_user_id=staff().id)
    flash(f"{team.name}: {count} conversation{'s' if count != 1 else ''} assigned."
          if count else f"{team.name}: nothing assigned (no unassigned work, or nobody available).", "success")
    return redirect(url_for("team.index"), 303)
