"""Administering routing rules and teams: checked changes, reordering, and a preview of what moves. Flush only."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.models import CaseContact, Conversation, Message, RoutingRule, Team
from triage.routing.rules import Rule, RoutingFacts, check_rule_set, choose_rule, validate_conditions
from triage.routing.sender import sender_type
from triage.services.audit import record
from triage.services.routing import load_rules

PREVIEW_SIZE = 500
SAMPLE_SIZE = 20


class RuleAdminError(ValueError):
    """A rule or team change that was refused; problems lists every reason."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class RuleDraft:
    name: str
    conditions: dict
    team_id: int
    priority: int | None = None
    enabled: bool = True


def build_conditions(
    *, topics_any: Sequence[str] = (), topics_all: Sequence[str] = (), kinds: Sequence[str] = (),
    urgent: str = "any", languages: Sequence[str] = (), languages_not: Sequence[str] = (),
    link_statuses: Sequence[str] = (), sender_types: Sequence[str] = (),
) -> dict:
    """The conditions dict from form-shaped values; empty choices are left out (they match anything)."""
    conditions: dict[str, object] = {}
    for key, values in (("topics_any", topics_any), ("topics_all", topics_all), ("kind_in", kinds),
                        ("language_in", languages), ("language_not_in", languages_not),
                        ("link_status_in", link_statuses), ("sender_type_in", sender_types)):
        cleaned = sorted({v.strip().lower() for v in values if v.strip()})
        if cleaned:
            conditions[key] = cleaned
    if urgent in ("yes", "no"):
        conditions["urgent"] = urgent == "yes"
    return conditions


def _as_rule(row: RoutingRule) -> Rule:
    return Rule(id=row.id, position=row.position, name=row.name, conditions=row.conditions or {},
                team_id=row.team_id, priority=row.priority)


def _new_position(rows: Sequence[RoutingRule]) -> int:
    """A new rule goes just before the final catch-all, where it can match something."""
    last = max((r.position for r in rows), default=0)
    return last - 5 if rows and not (rows[-1].conditions or {}) else last + 10


def proposed_rules(session: Session, draft: RuleDraft | None, rule_id: int | None, *, delete: bool = False) -> list[Rule]:
    """The enabled rule set as it would be after saving the draft (or deleting rule_id)."""
    rows = session.scalars(select(RoutingRule).order_by(RoutingRule.position, RoutingRule.id)).all()
    rules = [(_as_rule(r), r.enabled) for r in rows if r.id != rule_id]
    if rule_id is not None and not delete and draft is not None:
        current = next((r for r in rows if r.id == rule_id), None)
        position = current.position if current else 0
        rules.append((Rule(rule_id, position, draft.name, draft.conditions, draft.team_id, draft.priority), draft.enabled))
    elif rule_id is None and draft is not None:
        rules.append((Rule(0, _new_position(rows), draft.name, draft.conditions, draft.team_id, draft.priority),
                      draft.enabled))
    return sorted((r for r, enabled in rules if enabled), key=lambda r: (r.position, r.id))


def problems_with(session: Session, draft: RuleDraft | None, proposed: Sequence[Rule]) -> list[str]:
    """Every reason the draft or the proposed rule set would be refused; [] when it would be saved."""
    problems = []
    if draft is not None:
        if not draft.name.strip():
            problems.append("give the rule a name")
        if session.get(Team, draft.team_id) is None:
            problems.append("choose the team the rule routes to")
        problems += validate_conditions(draft.conditions)
    return problems + check_rule_set(proposed)


def _check(session: Session, draft: RuleDraft | None, proposed: Sequence[Rule]) -> None:
    problems = problems_with(session, draft, proposed)
    if problems:
        raise RuleAdminError(problems)


def _renumber(session: Session) -> None:
    """Positions 10, 20, 30... in the current order, so a new rule always has room."""
    rows = session.scalars(select(RoutingRule).order_by(RoutingRule.position, RoutingRule.id)).all()
    for index, row in enumerate(rows, start=1):
        row.position = index * 10
    session.flush()


def save_rule(session: Session, draft: RuleDraft, rule_id: int | None = None, *, actor_user_id: int | None = None) -> RoutingRule:
    """Create or update a rule; refused (RuleAdminError) when invalid or when messages would route nowhere."""
    proposed = proposed_rules(session, draft, rule_id)
    _check(session, draft, proposed)
    row = session.get(RoutingRule, rule_id) if rule_id is not None else None
    if rule_id is not None and row is None:
        raise RuleAdminError([f"no rule {rule_id}"])
    before = None
    if row is None:
        rows = session.scalars(select(RoutingRule).order_by(RoutingRule.position, RoutingRule.id)).all()
        row = RoutingRule(position=_new_position(rows))
        session.add(row)
    else:
        before = {"name": row.name, "conditions": row.conditions, "team_id": row.team_id,
                  "priority": row.priority, "enabled": row.enabled}
    row.name, row.conditions, row.team_id = draft.name.strip(), draft.conditions, draft.team_id
    row.priority, row.enabled = draft.priority, draft.enabled
    session.flush()
    _renumber(session)
    record(session, "routing_rule.created" if before is None else "routing_rule.updated", "routing_rule", row.id,
           actor_user_id=actor_user_id,
           details={"before": before, "after": {"name": row.name, "conditions": row.conditions, "team_id": row.team_id,
                                                "priority": row.priority, "enabled": row.enabled}})
    return row


def delete_rule(session: Session, rule_id: int, *, actor_user_id: int | None = None) -> None:
    """Delete a rule, unless the rules left would route some messages nowhere."""
    row = session.get(RoutingRule, rule_id)
    if row is None:
        raise RuleAdminError([f"no rule {rule_id}"])
    _check(session, None, proposed_rules(session, None, rule_id, delete=True))
    record(session, "routing_rule.deleted", "routing_rule", row.id, actor_user_id=actor_user_id,
           details={"name": row.name, "conditions": row.conditions, "team_id": row.team_id})
    session.delete(row)
    session.flush()
    _renumber(session)


def move_rule(session: Session, rule_id: int, direction: int, *, actor_user_id: int | None = None) -> None:
    """Move a rule one place up (-1) or down (+1), unless the catch-all would stop being last."""
    rows = list(session.scalars(select(RoutingRule).order_by(RoutingRule.position, RoutingRule.id)))
    index = next((i for i, r in enumerate(rows) if r.id == rule_id), None)
    if index is None:
        raise RuleAdminError([f"no rule {rule_id}"])
    other = index + (1 if direction > 0 else -1)
    if not 0 <= other < len(rows):
        return
    rows[index], rows[other] = rows[other], rows[index]
    reordered = [replace(_as_rule(r), position=(i + 1) * 10) for i, r in enumerate(rows) if r.enabled]
    _check(session, None, reordered)
    for i, row in enumerate(rows, start=1):
        row.position = i * 10
    record(session, "routing_rule.moved", "routing_rule", rule_id, actor_user_id=actor_user_id,
           details={"to_place": other + 1})
    session.flush()


def set_rule_enabled(session: Session, rule_id: int, enabled: bool, *, actor_user_id: int | None = None) -> None:
    """Turn a rule on or off, unless turning it off would leave messages routing nowhere."""
    row = session.get(RoutingRule, rule_id)
    if row is None:
        raise RuleAdminError([f"no rule {rule_id}"])
    draft = RuleDraft(row.name, row.conditions or {}, row.team_id, row.priority, enabled)
    _check(session, None, proposed_rules(session, draft, rule_id))
    row.enabled = enabled
    record(session, "routing_rule.enabled" if enabled else "routing_rule.disabled", "routing_rule", row.id,
           actor_user_id=actor_user_id, details={"name": row.name})
    session.flush()


# --- preview --------------------------------------------------------------------------------

@dataclass(frozen=True)
class MovedConversation:
    conversation_id: int
    token: str
    subject: str
    from_team_id: int | None
    to_team_id: int | None
    rule_name: str


@dataclass
class RoutingPreview:
    examined: int = 0
    moved: int = 0
    sample: list[MovedConversation] = field(default_factory=list)
    moves: Counter = field(default_factory=Counter)  # (from team id, to team id) -> count


def recent_facts(session: Session, limit: int = PREVIEW_SIZE) -> list[tuple[Conversation, RoutingFacts]]:
    """The routing facts of the latest processed conversations, as stored (sender type from the register)."""
    conversations = session.scalars(
        select(Conversation).where(Conversation.kind.is_not(None))
        .order_by(Conversation.created_at.desc(), Conversation.id.desc()).limit(limit)
    ).all()
    ids = [c.id for c in conversations]
    first_sender: dict[int, str | None] = {}
    for conversation_id, email in session.execute(
        select(Message.conversation_id, Message.sender_email)
        .where(Message.conversation_id.in_(ids), Message.direction == "inbound")
        .order_by(Message.received_at, Message.id)
    ):
        first_sender.setdefault(conversation_id, email)
    emails = {e for e in first_sender.values() if e}
    roles: dict[str, list[str]] = {}
    for email, role in session.execute(
        select(CaseContact.email, CaseContact.relationship_to_child).where(CaseContact.email.in_(sorted(emails)))
    ):
        roles.setdefault(email, []).append(role)
    return [
        (c, RoutingFacts(
            topics=frozenset(c.topics or ()), kind=c.kind or "other", urgent=c.urgent, language=c.language or "en",
            link_status=c.link_status,
            sender_type=sender_type(first_sender.get(c.id), roles.get(first_sender.get(c.id) or "", [])),
        ))
        for c in conversations
    ]


def preview_change(session: Session, proposed: Sequence[Rule], limit: int = PREVIEW_SIZE) -> RoutingPreview:
    """How many of the latest conversations the proposed rules would send to another team than today's rules."""
    current = load_rules(session)
    preview = RoutingPreview()
    for conversation, facts in recent_facts(session, limit):
        preview.examined += 1
        before, after = choose_rule(current, facts), choose_rule(proposed, facts)
        from_team, to_team = (before.team_id if before else None), (after.team_id if after else None)
        if from_team == to_team:
            continue
        preview.moved += 1
        preview.moves[(from_team, to_team)] += 1
        if len(preview.sample) < SAMPLE_SIZE:
            preview.sample.append(MovedConversation(conversation.id, conversation.token, conversation.subject,
                                                    from_team, to_team, after.name if after else "no rule"))
    return preview


# --- teams ----------------------------------------------------------------------------------

def save_team(session: Session, name: str, *, email: str | None = None, description: str | None = None,
              team_id: int | None = None, actor_user_id: int | None = None) -> Team:
    """Create a team or rename it and set its email; names are unique."""
    name = name.strip()
    problems = []
    if not name:
        problems.append("give the team a name")
    clash = session.scalar(select(Team).where(Team.name == name))
    if clash is not None and clash.id != team_id:
        problems.append(f"there is already a team called {name!r}")
    email = (email or "").strip().lower() or None
    if email and ("@" not in email or " " in email):
        problems.append(f"{email!r} is not an email address")
    team = session.get(Team, team_id) if team_id is not None else None
    if team_id is not None and team is None:
        problems.append(f"no team {team_id}")
    if problems:
        raise RuleAdminError(problems)
    before = None if team is None else {"name": team.name, "email": team.email}
    if team is None:
        team = Team(name=name, description=(description or "").strip())
        session.add(team)
    team.name, team.email = name, email
    if description is not None:
        team.description = description.strip()
    session.flush()
    record(session, "team.created" if before is None else "team.updated", "team", team.id, actor_user_id=actor_user_id,
           details={"before": before, "after": {"name": team.name, "email": team.email}})
    return team
