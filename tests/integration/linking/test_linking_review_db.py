"""People's link decisions in the web app feed the linker's evaluation (`triage evaluate-links`)."""

from sqlalchemy.orm import Session

from triage.linking.review import linker_figures
from triage.models import CaseLink, Conversation, Message
from triage.services.casework import confirm_link, link_case, reject_link, version_of
from triage.services.link_review import link_reviews
from triage.services.queue import Viewer


def conversation_with_link(session: Session, n: int, status: str, case_id: int | None, candidates: list[int], team_id: int) -> Conversation:
    conv = Conversation(token=f"TRG-AAAA{n:02d}"[:10], subject=f"c{n}", team_id=team_id, case_id=case_id if status == "linked" else None,
                        link_status=status, participants=["dana@example.org"])
    session.add(conv)
    session.flush()
    message = Message(content_hash=f"{n:064d}", raw=b"x", size=1, channel="email", status="processed",
                      sender_email="dana@example.org", conversation_id=conv.id)
    message.case_link = CaseLink(status=status, case_id=case_id if status == "linked" else None, method="test",
                                 candidates=[{"case_id": c, "case_ref": f"SEN{c}", "score": 0.5, "evidence": []} for c in candidates])
    session.add(message)
    session.flush()
    session.refresh(conv)
    return conv


def test_decisions_in_casework_become_linker_figures(session: Session, make_case, make_user) -> None:
    agent = make_user(teams=("Assessment",))
    viewer = Viewer(user_id=agent.id, role="agent", team_ids=frozenset(agent.team_ids))
    team_id = agent.teams[0].id
    a, b, c = make_case("Ada", "Quill"), make_case("Ben", "Quill"), make_case("Cy", "Rowe")

    kept = conversation_with_link(session, 1, "linked", a.id, [a.id], team_id)
    confirm_link(session, viewer, kept, version=version_of(kept))
    undone = conversation_with_link(session, 2, "linked", b.id, [b.id], team_id)
    reject_link(session, viewer, undone, version=version_of(undone))
    suggested = conversation_with_link(session, 3, "suggested", None, [c.id, a.id], team_id)
    link_case(session, viewer, suggested, c.id, how="candidate", version=version_of(suggested))
    session.flush()

    figures = linker_figures(link_reviews(session))
    assert (figures.automatic_reviewed, figures.automatic_confirmed, figures.automatic_wrong) == (2, 1, 1)
    assert (figures.suggestions_decided, figures.suggestions_top_candidate) == (1, 1)
