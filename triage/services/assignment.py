"""Handing out a team's conversations: round robin or least loaded, among available agents. Flush only."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage.models import Conversation, Team, User
from triage.models.conversation import OPEN_STATUSES
from triage.models.team_settings import ASSIGNMENT_MODES, TeamSettings
from triage.services.audit import record

ASSIGNABLE_ROLES = ("agent", "team_lead")


class AssignmentError(ValueError):
    """An assignment change that cannot be made; the message says why."""


def team_settings(session: Session, team_id: int) -> TeamSettings:
    """The team's settings row, created with the defaults on first use."""
    settings = session.get(TeamSettings, team_id)
    if settings is None:
        settings = TeamSettings(team_id=team_id, assignment_mode="round_robin")
        session.add(settings)
        session.flush()
    return settings


def assignment_mode(session: Session, team_id: int) -> str:
    """The team's mode, without creating its settings row (round robin until chosen)."""
    settings = session.get(TeamSettings, team_id)
    return settings.assignment_mode if settings is not None else "round_robin"


def set_assignment_mode(session: Session, team_id: int, mode: str, *, actor_user_id: int | None = None) -> TeamSettings:
    """Choose round robin or least loaded for the team."""
    if mode not in ASSIGNMENT_MODES:
        raise AssignmentError(f"unknown assignment mode {mode!r}; use one of {', '.join(ASSIGNMENT_MODES)}")
    settings = team_settings(session, team_id)
    before = settings.assignment_mode
    settings.assignment_mode = mode
    record(session, "team.assignment_mode", "team", team_id, actor_user_id=actor_user_id,
           details={"from": before, "to": mode})
    session.flush()
    return settings


def assigns_on_arrival(session: Session, team_id: int) -> bool:
    """Whether the team hands each new conversation out as it arrives."""
    settings = session.get(TeamSettings, team_id)
    return bool(settings and settings.assign_on_arrival)


def set_assign_on_arrival(session: Session, team_id: int, on: bool, *, actor_user_id: int | None = None) -> TeamSettings:
    """Turn assignment on arrival on or off for the team."""
    settings = team_settings(session, team_id)
    if settings.assign_on_arrival != on:
        settings.assign_on_arrival = on
        record(session, "team.assign_on_arrival", "team", team_id, actor_user_id=actor_user_id, details={"on": on})
        session.flush()
    return settings


def available_agents(session: Session, team_id: int) -> list[User]:
    """Active, available agents and team leads of the team, by id (the round robin's order)."""
    team = session.get(Team, team_id)
    if team is None:
        return []
    return sorted((u for u in team.members if u.active and u.available and u.role in ASSIGNABLE_ROLES),
                  key=lambda u: u.id)


def open_load(session: Session, user_ids: list[int]) -> dict[int, int]:
    """How many open conversations each of these users holds."""
    if not user_ids:
        return {}
    rows = session.execute(
        select(Conversation.assignee_id, func.count())
        .where(Conversation.assignee_id.in_(user_ids), Conversation.status.in_(OPEN_STATUSES))
        .group_by(Conversation.assignee_id)
    )
    load = dict.fromkeys(user_ids, 0)
    load.update({user_id: count for user_id, count in rows})
    return load


def choose_agent(session: Session, team_id: int) -> User | None:
    """The next agent for the team by its mode; None when nobody is available."""
    agents = available_agents(session, team_id)
    if not agents:
        return None
    settings = team_settings(session, team_id)
    if settings.assignment_mode == "least_loaded":
        load = open_load(session, [a.id for a in agents])
        # Ties go to whoever the round robin would pick next, so equal loads still rotate.
        last = settings.last_assigned_user_id or 0
        return min(agents, key=lambda a: (load[a.id], a.id <= last, a.id))
    after = [a for a in agents if settings.last_assigned_user_id is None or a.id > settings.last_assigned_user_id]
    return (after or agents)[0]


def assign_next(session: Session, conversation_id: int, *, actor_user_id: int | None = None) -> User | None:
    """Assign an unassigned conversation to the next available agent of its team (idempotent)."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        raise AssignmentError(f"no conversation {conversation_id}")
    if conversation.assignee_id is not None:
        return conversation.assignee
    if conversation.team_id is None:
        return None
    agent = choose_agent(session, conversation.team_id)
    if agent is None:
        return None
    conversation.assignee_id = agent.id
    if conversation.status == "new":
        conversation.status = "open"
    team_settings(session, conversation.team_id).last_assigned_user_id = agent.id
    record(session, "conversation.assigned", "conversation", conversation.id, actor_user_id=actor_user_id,
           details={"from": None, "to": agent.id, "how": "auto"})
    session.flush()
    return agent


def auto_assign_unassigned(session: Session, team_id: int, *, actor_user_id: int | None = None) -> int:
    """Assign every open unassigned conversation of the team, oldest first; how many were assigned."""
    ids = session.scalars(
        select(Conversation.id)
        .where(Conversation.team_id == team_id, Conversation.assignee_id.is_(None),
               Conversation.status.in_(OPEN_STATUSES))
        .order_by(Conversation.priority, Conversation.created_at, Conversation.id)
    ).all()
    assigned = 0
    for conversation_id in ids:
        if assign_next(session, conversation_id, actor_user_id=actor_user_id) is None:
            break
        assigned += 1
    return assigned


def set_available(session: Session, user_id: int, available: bool, *, actor_user_id: int) -> User:
    """Mark a user available or away; they may mark themselves, a team lead their team's members."""
    user = session.get(User, user_id)
    actor = session.get(User, actor_user_id)
    if user is None or actor is None:
        raise AssignmentError("no such user")
    allowed = (actor.id == user.id or actor.role == "admin"
               or (actor.role == "team_lead" and bool(actor.team_ids & user.team_ids)))
    if not allowed:
        raise AssignmentError("only the person themselves or their team lead can change their availability")
    if user.available != available:
        user.available = available
        record(session, "user.availability", "user", user.id, actor_user_id=actor_user_id,
               details={"available": available})
        session.flush()
    return user
