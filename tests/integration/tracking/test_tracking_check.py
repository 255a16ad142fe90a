"""`check_clocks` and `triage clocks check`: escalate once, raise priority, tell the team lead."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage.cli.clocks_commands import clocks_group
from triage.models import AuditEvent, Case, Clock, Conversation, Team, User
from triage.models.conversation import PRIORITY_HIGH, PRIORITY_NORMAL
from triage.services.clock_escalation import check_clocks
from triage.services.clocks import start_service_clock, statutory_clocks_for_case


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def _team_conversation(session: Session, make_user: Callable[..., User], token: str) -> Conversation:
    make_user("lead@council.example", role="team_lead", teams=("North",))
    make_user("agent@council.example", role="agent", teams=("North",))
    team = session.scalars(select(Team).where(Team.name == "North")).one()
    team.email = "north@council.example"
    conv = Conversation(token=token, subject="No reply", team_id=team.id, priority=PRIORITY_NORMAL)
    session.add(conv)
    session.flush()
    return conv


def test_tracking_check_flags_due_soon_then_breach_once(session: Session, make_user: Callable[..., User]) -> None:
    conv = _team_conversation(session, make_user, "TRG-CHK001")
    clock = start_service_clock(session, conv.id, utc(2024, 3, 4, 9))  # due Mon 11 March 17:00

    assert check_clocks(session, utc(2024, 3, 6, 9)).alerts == []
    soon = check_clocks(session, utc(2024, 3, 8, 9))
    assert [(a.event, a.about, a.team_name) for a in soon.alerts] == [("due_soon", "conversation TRG-CHK001", "North")]
    assert soon.alerts[0].recipients == ("lead@council.example", "north@council.example")
    assert conv.priority == PRIORITY_HIGH
    assert check_clocks(session, utc(2024, 3, 8, 10)).alerts == []

    breached = check_clocks(session, utc(2024, 3, 11, 17, 30))
    assert [a.event for a in breached.alerts] == ["breached"]
    assert clock.state == "breached" and clock.escalated_at == utc(2024, 3, 11, 17, 30)
    session.flush()
    again = check_clocks(session, utc(2024, 3, 11, 18))
    assert again.alerts == [] and again.evaluated == 0
    assert not session.dirty
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_type == "clock", AuditEvent.object_id == clock.id)
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["clock.started", "clock.due_soon", "clock.breached"]


def test_tracking_check_escalates_a_statutory_clock_through_the_case_conversation(
    session: Session, make_user: Callable[..., User], make_case: Callable[..., Case]
) -> None:
    conv = _team_conversation(session, make_user, "TRG-CHK002")
    case = make_case(request_date=date(2024, 1, 18))
    conv.case_id = case.id
    session.flush()
    clocks = {c.kind: c for c in statutory_clocks_for_case(session, case.id, utc(2024, 1, 19))}
    assert clocks["assessment_decision"].due_on == date(2024, 2, 29)
    report = check_clocks(session, utc(2024, 3, 1, 9))
    assert {(a.kind, a.event) for a in report.alerts} == {("assessment_decision", "breached")}
    assert report.alerts[0].about == f"case {case.case_ref}"
    assert report.alerts[0].team_name == "North"


def test_tracking_cli_clocks_check_commits_once_and_is_idempotent(
    session: Session, runtime, make_user: Callable[..., User]  # type: ignore[no-untyped-def]
) -> None:
    conv = _team_conversation(session, make_user, "TRG-CHK003")
    start_service_clock(session, conv.id, utc(2024, 3, 4, 9))
    session.commit()
    runner = CliRunner()
    first = runner.invoke(clocks_group, ["check", "--now", "2024-03-12T09:00:00+00:00"])
    assert first.exit_code == 0, first.output
    assert "breached: 1" in first.output and "emails sent: 0" in first.output
    assert "conversation TRG-CHK003" in first.output
    second = runner.invoke(clocks_group, ["check", "--now", "2024-03-12T09:05:00+00:00"])
    assert "breached: 0" in second.output
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Clock).where(Clock.escalated_at.is_not(None))) == 1
    bad = runner.invoke(clocks_group, ["check", "--now", "2024-03-12T09:05"])
    assert bad.exit_code == 2 and "time zone" in bad.output
