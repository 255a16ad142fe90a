"""Clock notifications go through a real SMTP server (aiosmtpd) when TRIAGE_SMTP_HOST is set."""

from __future__ import annotations

import socket
from datetime import date
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink

from triage.clocks.notify import build_clock_emails
from triage.mailout.smtp import send_emails
from triage.config import load_settings
from triage.services.clock_escalation import ClockAlert


class Collect(Sink):
    def __init__(self) -> None:
        self.envelopes: list = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.envelopes.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_tracking_clock_email_is_sent_through_smtp(tmp_path: Path) -> None:
    handler = Collect()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings = load_settings({
            "TRIAGE_INSTANCE_PATH": str(tmp_path), "TRIAGE_SECRET_KEY": "x" * 32,
            "TRIAGE_SMTP_HOST": "127.0.0.1", "TRIAGE_SMTP_PORT": str(port),
        })
        alert = ClockAlert(1, "order_i", "Tribunal order: amend section I (2 weeks)", "breached",
                           date(2024, 12, 9), "appeal EH861/24/00400", "Tribunal team", ("lead@council.example",))
        assert send_emails(settings, build_clock_emails([alert], settings.mail_from)) == 1
    finally:
        controller.stop()
    [envelope] = handler.envelopes
    assert envelope.rcpt_tos == ["lead@council.example"]
    assert b"appeal EH861/24/00400" in envelope.content
