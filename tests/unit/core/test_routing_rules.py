from triage.routing.defaults import DEFAULT_RULES
from triage.routing.rules import Rule, RoutingFacts, check_rule_set, choose_rule, matches, validate_conditions
from triage.routing.sender import sender_type as kind_of_sender


def facts(**kw: object) -> RoutingFacts:
    base = {"topics": frozenset(), "kind": "enquiry", "urgent": False, "language": "en",
            "link_status": "none", "sender_type": "parent"}
    base.update(kw)
    return RoutingFacts(**base)  # type: ignore[arg-type]


DEFAULTS = [Rule(id=i, position=i, name=name, conditions=cond, team_id=i) for i, (name, cond, _t, _p) in enumerate(DEFAULT_RULES)]


def team_for(f: RoutingFacts) -> str:
    rule = choose_rule(DEFAULTS, f)
    assert rule is not None
    return DEFAULT_RULES[rule.team_id][2]


def test_default_rules_route_each_kind_of_contact_to_its_team() -> None:
    assert team_for(facts(kind="tribunal", topics=frozenset({"appeal"}))) == "Tribunal and Mediation"
    assert team_for(facts(topics=frozenset({"appeal", "timeliness"}))) == "Tribunal and Mediation"
    assert team_for(facts(kind="complaint", topics=frozenset({"timeliness"}))) == "Complaints"
    assert team_for(facts(kind="complaint", urgent=True, topics=frozenset({"out_of_education"}))) == "Placements"
    assert team_for(facts(topics=frozenset({"annual_review"}))) == "Reviews"
    assert team_for(facts(topics=frozenset({"school_place"}))) == "Placements"
    assert team_for(facts(topics=frozenset({"timeliness"}))) == "Assessment"
    assert team_for(facts(kind="other")) == "Contact Centre"


def test_every_condition_key_filters() -> None:
    f = facts(topics=frozenset({"transport"}), language="pl", link_status="suggested", sender_type="school", urgent=True)
    assert matches({"topics_any": ["transport", "x"]}, f)
    assert not matches({"topics_all": ["transport", "x"]}, f)
    assert matches({"language_not_in": ["en"]}, f) and not matches({"language_in": ["en"]}, f)
    assert matches({"link_status_in": ["suggested"]}, f)
    assert not matches({"sender_type_in": ["parent"]}, f)
    assert matches({"urgent": True}, f) and not matches({"urgent": False}, f)
    assert not matches({"kind_in": ["complaint"]}, f)


def test_rule_order_decides() -> None:
    rules = [Rule(1, 20, "b", {}, 2), Rule(2, 10, "a", {"kind_in": ["enquiry"]}, 1)]
    assert choose_rule(rules, facts()).team_id == 1  # type: ignore[union-attr]


def test_invalid_conditions_are_explained() -> None:
    assert validate_conditions({"topic": ["x"]})[0].startswith("unknown condition 'topic'")
    assert validate_conditions({"urgent": "yes"}) == ["urgent must be true or false"]
    assert validate_conditions({"kind_in": []}) == ["kind_in must be a non-empty list of words"]


def test_a_rule_set_that_would_route_nowhere_is_refused() -> None:
    assert "no rules" in check_rule_set([])[0]
    assert "route nowhere" in check_rule_set([Rule(1, 1, "only", {"kind_in": ["complaint"]}, 1)])[0]
    assert check_rule_set(DEFAULTS) == []


def test_sender_type_comes_from_the_contacts_roles() -> None:
    assert kind_of_sender("a@example.org", ["senco", "parent"]) == "parent"  # a SENCO who is also a parent
    assert kind_of_sender("senco@school.example", ["senco"]) == "school"
    assert kind_of_sender("sw@council.example", ["social_worker"]) == "professional"
    assert kind_of_sender("notices@tribunal.example", []) == "tribunal"
    assert kind_of_sender("new@example.net", []) == "unknown"
    assert kind_of_sender(None, ["parent"]) == "unknown"
