"""Routing rules as data: pure matching of ordered conditions against a message's facts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# Each condition key, and what it tests. All keys in a rule must hold for the rule to match.
CONDITION_KEYS = {
    "topics_any": "at least one of these topics",
    "topics_all": "all of these topics",
    "kind_in": "the kind is one of these",
    "urgent": "urgent is this value (true/false)",
    "language_in": "the language is one of these ISO codes",
    "language_not_in": "the language is none of these ISO codes",
    "link_status_in": "the case link status is one of these",
    "sender_type_in": "the sender type is one of these (parent, professional, school, tribunal, unknown)",
}
LIST_KEYS = {k for k in CONDITION_KEYS if k != "urgent"}


@dataclass(frozen=True)
class RoutingFacts:
    topics: frozenset[str]
    kind: str
    urgent: bool
    language: str
    link_status: str
    sender_type: str


@dataclass(frozen=True)
class Rule:
    id: int
    position: int
    name: str
    conditions: Mapping[str, object]
    team_id: int
    priority: int | None = None


def validate_conditions(conditions: Mapping[str, object]) -> list[str]:
    """Problems with a rule's conditions, each a sentence naming the key; [] when it is valid."""
    problems = []
    for key, value in conditions.items():
        if key not in CONDITION_KEYS:
            problems.append(f"unknown condition {key!r}; use one of {', '.join(sorted(CONDITION_KEYS))}")
        elif key == "urgent" and not isinstance(value, bool):
            problems.append("urgent must be true or false")
        elif key in LIST_KEYS and (not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value)):
            problems.append(f"{key} must be a non-empty list of words")
    return problems


def matches(conditions: Mapping[str, object], facts: RoutingFacts) -> bool:
    """True when every condition holds for these facts (an empty rule matches everything)."""
    for key, value in conditions.items():
        values = set(value) if isinstance(value, list) else set()
        if key == "topics_any" and not (facts.topics & values):
            return False
        if key == "topics_all" and not values <= facts.topics:
            return False
        if key == "kind_in" and facts.kind not in values:
            return False
        if key == "urgent" and facts.urgent is not value:
            return False
        if key == "language_in" and facts.language not in values:
            return False
        if key == "language_not_in" and facts.language in values:
            return False
        if key == "link_status_in" and facts.link_status not in values:
            return False
        if key == "sender_type_in" and facts.sender_type not in values:
            return False
    return True


def choose_rule(rules: Iterable[Rule], facts: RoutingFacts) -> Rule | None:
    """The first rule, by position, whose conditions hold."""
    for rule in sorted(rules, key=lambda r: (r.position, r.id)):
        if matches(rule.conditions, facts):
            return rule
    return None


def check_rule_set(rules: Sequence[Rule]) -> list[str]:
    """A rule set must route every message somewhere: the last rule must match everything."""
    problems = [f"rule {r.name!r}: {p}" for r in rules for p in validate_conditions(r.conditions)]
    if not rules:
        problems.append("there are no rules, so messages would route nowhere; add a default rule")
    elif any(r.conditions for r in sorted(rules, key=lambda r: (r.position, r.id))[-1:]):
        problems.append("the last rule has conditions, so some messages would route nowhere; "
                        "end with a default rule that has no conditions")
    return problems
