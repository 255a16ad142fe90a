"""Demo data for the embedded quick start: teams, rules, staff, the sample case register."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.models import SavedView, Team
from triage.services.cases import import_cases, import_contacts
from triage.services.queue import Viewer
from triage.services.routing import ensure_default_teams_and_rules
from triage.services.saved_views import save_view
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

# The team lead's views, shared with the Contact Centre, so the queue page shows what saved views are for.
DEMO_VIEWS: list[tuple[str, str]] = [
    ("Urgent, nobody on it", "urgent=1&assignee=none"),
    ("Overdue", "clock=overdue"),
    ("Complaints", "kind=complaint"),
    ("Case link to check", "link_status=suggested"),
]


def _demo_views(session: Session) -> int:
    lead = find_user(session, "lead@council.example")
    team = session.scalar(select(Team).where(Team.name == "Contact Centre"))
    if lead is None or team is None:
        return 0
    viewer = Viewer(user_id=lead.id, role=lead.role, team_ids=frozenset(t.id for t in lead.teams))
    existing = set(session.scalars(select(SavedView.name).where(SavedView.owner_user_id == lead.id)))
    missing = [(name, query) for name, query in DEMO_VIEWS if name not in existing]
    for name, query in missing:
        save_view(session, viewer, name, query, team_id=team.id)
    return len(missing)


def load_demo_data(session: Session, samples: Path) -> str:
    """Seed teams, rules, demo users and the sample register; idempotent. Returns a summary."""
    ensure_default_teams_and_rules(session)
    created = 0
    for email, role, teams in DEMO_USERS:
        if find_user(session, email) is None:
            create_user(session, email, role=role, password=DEMO_PASSWORD, teams=list(teams))
            created += 1
    views = _demo_views(session)
    with (samples / "cases.csv").open(newline="", encoding="utf-8") as handle:
        cases = import_cases(session, handle, source_name="cases.csv")
    with (samples / "contacts.csv").open(newline="", encoding="utf-8") as handle:
        contacts = import_contacts(session, handle, source_name="contacts.csv")
    return (f"demo: {created} users created, {views} saved views; cases: {cases.summary()}; contacts: {contacts.summary()}")
