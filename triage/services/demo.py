"""Demo data for the embedded quick start: teams, rules, staff, the sample case register."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from triage.services.cases import import_cases, import_contacts
from triage.services.routing import ensure_default_teams_and_rules
from triage.services.users import create_user, find_user

# Synthetic staff for the demo only; a real installation creates users with `triage create-user`.
DEMO_PASSWORD = "demo-password-123"
DEMO_USERS: list[tuple[str, str, tuple[str, ...]]] = [
    ("agent@council.example", "agent", ("Contact Centre", "Assessment", "Placements", "Reviews")),
    ("tribunal.agent@council.example", "agent", ("Tribunal and Mediation",)),
    ("complaints.agent@council.example", "agent", ("Complaints",)),
    ("lead@council.example", "team_lead", ("Contact Centre", "Assessment", "Placements", "Reviews",
                                           "Tribunal and Mediation", "Complaints")),
    ("manager@council.example", "manager", ()),
    ("admin@council.example", "admin", ()),
]


def load_demo_data(session: Session, samples: Path) -> str:
    """Seed teams, rules, demo users and the sample register; idempotent. Returns a summary."""
    ensure_default_teams_and_rules(session)
    created = 0
    for email, role, teams in DEMO_USERS:
        if find_user(session, email) is None:
            create_user(session, email, role=role, password=DEMO_PASSWORD, teams=list(teams))
            created += 1
    with (samples / "cases.csv").open(newline="", encoding="utf-8") as handle:
        cases = import_cases(session, handle, source_name="cases.csv")
    with (samples / "contacts.csv").open(newline="", encoding="utf-8") as handle:
        contacts = import_contacts(session, handle, source_name="contacts.csv")
    return (f"demo: {created} users created; cases: {cases.summary()}; contacts: {contacts.summary()}")
