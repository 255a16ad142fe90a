"""The weekly report goes to managers through a real SMTP server, with the alert a spike raises."""

from __future__ import annotations

import email
from datetime import UTC, datetime, timedelta
from email import policy

from click.testing import CliRunner

from tests.integration.insight.insight_dataset import add_message
from triage.cli import main
from triage.config import load_settings
from triage.insight.dashboard import build_dashboard
from triage.insight.filters import DashboardFilters
from triage.models import Conversation, Team
from triage.runtime import Runtime, use_runtime

MONDAY = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)  # the spike week; the 8 weeks before are the baseline


def _seed_spike(session) -> None:
    team = Team(name="Spike team")
    session.add(team)
    session.flush()
    conv = Conversation(token="TRG-SPIKE1", team_id=team.id, status="open")
    session.add(conv)
    session.flush()
    n = 1000
    for week in range(1, 9):
        for _ in range(2 + week % 2):  # 2 or 3 transport contacts a week
            n += 1
            add_message(session, conv, n, MONDAY - timedelta(weeks=week), ["transport"], "enquiry")
    for day in range(12):
        n += 1
        add_message(session, conv, n, MONDAY + timedelta(hours=day), ["transport"], "complaint")
    n += 1
    add_message(session, conv, n, MONDAY, ["timeliness"], "enquiry")


def test_a_spike_raises_an_alert_on_the_dashboard_and_in_the_weekly_email(runtime, session, make_user, smtp_capture):
    host, port, capture = smtp_capture
    _seed_spike(session)
    make_user("boss@council.example", role="manager")
    make_user("other.manager@council.example", role="manager")
    make_user("lead@council.example", role="team_lead")
    session.commit()
    settings = load_settings({**runtime.settings.extra, "TRIAGE_SMTP_HOST": host, "TRIAGE_SMTP_PORT": str(port),
                              "TRIAGE_BASE_URL": "https://triage.council.example"})
    use_runtime(Runtime(settings=settings, engine=runtime.engine, sessions=runtime.sessions))
    runner = CliRunner()

    result = runner.invoke(main, ["insight", "refresh", "--full"])
    assert result.exit_code == 0, result.output
    assert "day(s) recomputed" in result.output

    dash = build_dashboard(session, DashboardFilters(MONDAY.date() - timedelta(weeks=4), MONDAY.date() + timedelta(days=6)))
    assert [(a.topic, a.count) for a in dash.alerts] == [("transport", 12)]

    result = runner.invoke(main, ["insight", "weekly-report", "--send", "--today", "2025-03-10"])
    assert result.exit_code == 0, result.output
    assert "weekly report sent to 2 manager(s)" in result.output
    [envelope] = capture.envelopes
    assert sorted(envelope.rcpt_tos) == ["boss@council.example", "other.manager@council.example"]
    mail = email.message_from_bytes(envelope.content, policy=policy.default)
    assert mail["Subject"] == "SEND triage weekly report: week of 03 March 2025 – 1 alert"
    html = mail.get_body(("html",)).get_content()
    text = mail.get_body(("plain",)).get_content()
    assert "Transport: 12 contacts in the week of 2025-03-03" in html
    assert "ALERT: Transport: 12 contacts" in text
    assert "<th scope=\"row\">Contacts</th><td>13 (+333% on the week before: 3)</td>" in html
    assert 'href="https://triage.council.example/dashboard"' in html


def test_the_weekly_report_without_smtp_says_it_was_not_sent(runtime, session, make_user):
    make_user("boss@council.example", role="manager")
    session.commit()
    result = CliRunner().invoke(main, ["insight", "weekly-report", "--send", "--today", "2025-03-10"])
    assert result.exit_code == 1
    assert "No contacts were received" not in result.output  # text report says it plainly instead:
    assert "Contacts: 0" in result.output
    assert "TRIAGE_SMTP_HOST is not set" in result.output
