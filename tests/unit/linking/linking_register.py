"""The sample register and labelled linking set as plain records, for the pure decision (no database)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from triage.linking.evidence import CaseRecord
from triage.linking.normalise import canonical_case_ref, normalise_email
from triage.linking.scoring import FAMILY
from triage.services.cases import RELATIONSHIPS

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples"


@dataclass(frozen=True)
class Register:
    records: list[CaseRecord]
    by_ref: dict[str, CaseRecord]
    contacts: dict[str, dict[int, str]]  # email -> case id -> relationship

    def sender_contacts(self, email: str | None) -> dict[int, str]:
        return dict(self.contacts.get(normalise_email(email) or "", {}))


def load_register() -> Register:
    records, contacts = [], {}

    def add_contact(email: str | None, case_id: int, relationship: str) -> None:
        email = normalise_email(email)
        if email:
            cases = contacts.setdefault(email, {})
            if case_id not in cases or relationship in FAMILY:
                cases[case_id] = relationship

    with (SAMPLES / "cases.csv").open(newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=1):
            dob = date.fromisoformat(row["date_of_birth"]) if row["date_of_birth"] else None
            record = CaseRecord(number, canonical_case_ref(row["case_ref"]), row["child_first_name"],
                                row["child_last_name"], dob, row["school"] or None, row["year_group"] or None)
            records.append(record)
            add_contact(row["parent_email"], number, "parent")
    by_ref = {r.case_ref: r for r in records}
    with (SAMPLES / "contacts.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            add_contact(row["email"], by_ref[row["case_ref"]].id, RELATIONSHIPS[row["relationship"].lower()])
    return Register(records, by_ref, contacts)


def load_eval_set() -> list[dict]:
    with (SAMPLES / "linking_eval.jsonl").open() as handle:
        return [json.loads(line) for line in handle if line.strip()]
