"""Routing conversations to teams by the stored rules, and seeding the default teams and rules."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.models import RoutingRule, Team
from triage.models.conversation import PRIORITY_NORMAL, PRIORITY_URGENT
from triage.routing.defaults import DEFAULT_RULES, DEFAULT_TEAM, DEFAULT_TEAMS
from triage.routing.rules import Rule, RoutingFacts, choose_rule


def ensure_default_teams_and_rules(session: Session) -> list[Team]:
    """Seed the default teams and rules into an empty installation; idempotent.

    Only an empty table is seeded, so an administrator's later changes are never undone.
    """
    teams = {t.name: t for t in session.scalars(select(Team))}
    if not teams:
        for name, description in DEFAULT_TEAMS:
            teams[name] = Team(name=name, description=description)
            session.add(teams[name])
        session.flush()
    if session.scalar(select(RoutingRule.id).limit(1)) is None and all(t in teams for _, _, t, _ in DEFAULT_RULES):
        for position, (name, conditions, team_name, priority) in enumerate(DEFAULT_RULES, start=1):
            session.add(RoutingRule(position=position * 10, name=name, conditions=conditions,
                                    team_id=teams[team_name].id, priority=priority))
        session.flush()
    return list(teams.values())


def load_rules(session: Session) -> list[Rule]:
    rows = session.scalars(select(RoutingRule).where(RoutingRule.enabled.is_(True)).order_by(RoutingRule.position, RoutingRule.id))
    return [Rule(id=r.id, position=r.position, name=r.name, conditions=r.conditions or {},
                 team_id=r.team_id, priority=r.priority) for r in rows]


def default_team(session: Session) -> Team | None:
    return session.scalar(select(Team).where(Team.name == DEFAULT_TEAM))


def decide_route(session: Session, facts: RoutingFacts) -> tuple[int | None, int, str]:
    """(team id, priority, rule name) for these facts; urgent always gets the top priority."""
    rule = choose_rule(load_rules(session), facts)
    if rule is None:
        team = default_team(session)
        team_id, priority, name = (team.id if team else None), PRIORITY_NORMAL, "no rule matched: default team"
    else:
        team_id, priority, name = rule.team_id, rule.priority or PRIORITY_NORMAL, rule.name
    if facts.urgent:
        priority = PRIORITY_URGENT
    return team_id, priority, name
