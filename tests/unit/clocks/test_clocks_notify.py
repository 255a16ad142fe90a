"""Notification emails for team leads: one digest per set of recipients; no SMTP host, no send."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from triage.clocks.notify import build_clock_emails
from triage.mailout.smtp import send_emails
from triage.config import load_settings
from triage.services.clock_escalation import ClockAlert


def alert(event: str, recipients: tuple[str, ...], about: str = "case SEN104217") -> ClockAlert:
    return ClockAlert(1, "final_plan", "Final EHC plan (20 weeks)", event, date(2025, 3, 3), about,
                      "North team", recipients)


def test_clocks_emails_group_by_recipients_and_skip_nobody() -> None:
    leads = ("lead@council.example", "north@council.example")
    messages = build_clock_emails(
        [alert("due_soon", leads), alert("breached", leads, "conversation TRG-7K2M9Q"), alert("breached", ())],
        "send-triage@council.example",
    )
    assert len(messages) == 1
    msg = messages[0]
    assert msg["To"] == "lead@council.example, north@council.example"
    assert msg["Subject"] == "SEND triage: 1 breached, 1 due soon (North team)"
    body = msg.get_content()
    assert body.index("BREACHED") < body.index("due soon")
    assert "conversation TRG-7K2M9Q" in body and "2025-03-03" in body


def test_clocks_send_without_smtp_host_logs_and_skips(tmp_path, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    settings = load_settings({"TRIAGE_INSTANCE_PATH": str(tmp_path), "TRIAGE_SECRET_KEY": "x" * 32})
    messages = build_clock_emails([alert("breached", ("lead@council.example",))], settings.mail_from)
    with caplog.at_level(logging.WARNING):
        assert send_emails(settings, messages) == 0
    assert "TRIAGE_SMTP_HOST is not set" in caplog.text
