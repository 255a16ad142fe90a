"""The labelled linking set through the pure decision: zero wrong automatic links, recall >= 0.90."""

from __future__ import annotations

import pytest

from triage.config import DEFAULT_CASE_REF_PATTERN
from triage.linking.decision import LinkDecision, decide
from triage.linking.evidence import extract_evidence
from tests.unit.linking.linking_register import Register, load_eval_set, load_register

EVAL = load_eval_set()


@pytest.fixture(scope="module")
def register() -> Register:
    return load_register()


def run(item: dict, register: Register) -> LinkDecision:
    evidence = extract_evidence(
        subject=item["subject"], text=item["text"], sender_email=item["sender_email"],
        sender_name=item["sender_name"], case_ref_pattern=DEFAULT_CASE_REF_PATTERN,
    )
    conversation = register.by_ref[item["conversation_case_ref"]].id if item["conversation_case_ref"] else None
    return decide(evidence, register.records, sender_contacts=register.sender_contacts(item["sender_email"]),
                  conversation_case_id=conversation)


def test_eval_set_refers_to_register_cases(register: Register) -> None:
    for item in EVAL:
        for ref in (item["gold_case_ref"], item["conversation_case_ref"]):
            assert ref is None or ref in register.by_ref, item["id"]


def test_zero_wrong_links_and_recall(register: Register) -> None:
    by_id = {r.id: r.case_ref for r in register.records}
    wrong, over_linked, linked_right = [], [], 0
    decisive = [item for item in EVAL if item["expect"] == "link"]
    for item in EVAL:
        decision = run(item, register)
        if decision.status != "linked":
            continue
        if by_id[decision.case_id] != item["gold_case_ref"]:
            wrong.append((item["id"], by_id[decision.case_id], item["gold_case_ref"]))
        elif item["expect"] == "link":
            linked_right += 1
        else:
            over_linked.append(item["id"])
    recall = linked_right / len(decisive)
    print(f"\nlinking eval: {len(EVAL)} messages, {len(decisive)} decisive; wrong automatic links {len(wrong)}; "
          f"recall of automatic links on decisive {recall:.3f}; linked where a person should decide {len(over_linked)}")
    assert wrong == []
    assert over_linked == []
    assert recall >= 0.90


@pytest.mark.parametrize("item", EVAL, ids=[item["id"] for item in EVAL])
def test_each_labelled_message(item: dict, register: Register) -> None:
    decision = run(item, register)
    by_id = {r.id: r.case_ref for r in register.records}
    if decision.status == "linked":
        assert by_id[decision.case_id] == item["gold_case_ref"]
    if item["status"]:
        assert decision.status == item["status"]
    if item["expect"] == "review":
        assert decision.status != "linked"
        if item["gold_case_ref"] and decision.status != "none":
            assert item["gold_case_ref"] in [c.case_ref for c in decision.candidates]
