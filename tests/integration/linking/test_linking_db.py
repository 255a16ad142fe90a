"""link_message against the imported sample register on the real databases: the labelled set, blocking."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.config import DEFAULT_CASE_REF_PATTERN
from triage.linking.evidence import extract_evidence
from triage.linking.linker import link_message, store_decision
from triage.linking.search import candidate_records
from triage.models import Appeal, Case, CaseLink, Message
from triage.services.cases import import_register_files

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples"
EVAL = [json.loads(line) for line in (SAMPLES / "linking_eval.jsonl").read_text().splitlines() if line.strip()]


@pytest.fixture
def register(session: Session) -> dict[str, int]:
    import_register_files(session, SAMPLES / "cases.csv", SAMPLES / "contacts.csv")
    return {ref: case_id for ref, case_id in session.execute(select(Case.case_ref, Case.id))}


def test_labelled_set_through_the_database(session: Session, register: dict[str, int]) -> None:
    refs = {v: k for k, v in register.items()}
    wrong, right = [], 0
    for item in EVAL:
        decision = link_message(
            session, subject=item["subject"], text=item["text"], sender_email=item["sender_email"],
            sender_name=item["sender_name"], case_ref_pattern=DEFAULT_CASE_REF_PATTERN,
            conversation_case_id=register.get(item["conversation_case_ref"] or ""),
        )
        if item["status"]:
            assert decision.status == item["status"], item["id"]
        if decision.status == "linked":
            if refs[decision.case_id] != item["gold_case_ref"] or item["expect"] != "link":
                wrong.append(item["id"])
            else:
                right += 1
    decisive = sum(item["expect"] == "link" for item in EVAL)
    print(f"\nlinking eval (database): wrong automatic links {len(wrong)}, recall {right / decisive:.3f}")
    assert wrong == []
    assert right / decisive >= 0.90


def test_candidate_search_blocks_instead_of_scanning(session: Session, register: dict[str, int]) -> None:
    ev = extract_evidence(subject="Oliver Smith", text="Any news?", sender_email=None, sender_name=None,
                          case_ref_pattern=DEFAULT_CASE_REF_PATTERN)
    found = candidate_records(session, ev)
    assert {r.case_ref for r in found} >= {"SEN104217", "SEN104218"}
    assert len(found) < 10
    nothing = extract_evidence(subject="Question", text="What is an EHCP?", sender_email=None, sender_name=None,
                               case_ref_pattern=DEFAULT_CASE_REF_PATTERN)
    assert candidate_records(session, nothing) == []


def test_tribunal_reference_through_a_lookup(session: Session, register: dict[str, int]) -> None:
    decision = link_message(
        session, subject="EH860/24/00312 response", text="The response is due.", sender_email="send@tribunal.example",
        sender_name="SEND Tribunal", case_ref_pattern=DEFAULT_CASE_REF_PATTERN,
        tribunal_lookup={"EH860/24/00312": register["SEN104340"]}.get,
    )
    assert (decision.status, decision.case_id, decision.method) == ("linked", register["SEN104340"], "tribunal_ref")


def test_tribunal_reference_through_the_appeals_table(session: Session, register: dict[str, int]) -> None:
    session.add(Appeal(tribunal_ref="EH860/25/00007", case_id=register["SEN104320"]))
    session.flush()
    decision = link_message(
        session, subject="Appeal eh860/25/00007", text="Directions attached.", sender_email="send@tribunal.example",
        sender_name="SEND Tribunal", case_ref_pattern=DEFAULT_CASE_REF_PATTERN,
    )
    assert (decision.status, decision.case_id, decision.method) == ("linked", register["SEN104320"], "tribunal_ref")


def test_store_decision_upserts_and_keeps_a_person_decision(session: Session, register: dict[str, int]) -> None:
    message = Message(content_hash="f" * 64, raw=b"x", size=1, channel="email", subject="SEN104217")
    session.add(message)
    session.flush()
    decision = link_message(session, subject="SEN104217", text="", sender_email=None, sender_name=None,
                            case_ref_pattern=DEFAULT_CASE_REF_PATTERN)
    link = store_decision(session, message.id, decision)
    assert (link.status, link.case_id, link.method) == ("linked", register["SEN104217"], "case_ref")
    assert link.candidates[0]["case_ref"] == "SEN104217"
    link.status, link.case_id, link.decided_by_user_id = "confirmed", register["SEN104218"], None
    store_decision(session, message.id, decision)
    assert link.status == "linked"
    assert session.scalars(select(CaseLink).where(CaseLink.message_id == message.id)).one() is link
