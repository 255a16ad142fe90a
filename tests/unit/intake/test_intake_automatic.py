"""Auto-replies and bounces: decisive signals, weak hints, and corpus examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from triage.intake.mime import parse_email

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "mail-corpus"


def mail(extra_headers: str, subject: str = "My son's plan", sender: str = "Jane Parent <jane.parent@example.org>") -> bytes:
    head = f"From: {sender}\nTo: send@council.example\nSubject: {subject}\n{extra_headers}".strip("\n")
    return (head + "\n\nSome text.\n").encode("utf-8")


@pytest.mark.parametrize(
    "headers, kind, reason",
    [
        ("Auto-Submitted: auto-replied", "auto_reply", "Auto-Submitted: auto-replied"),
        ("Auto-Submitted: auto-generated", "auto_reply", "Auto-Submitted: auto-generated"),
        ("X-Autoreply: yes", "auto_reply", "X-Autoreply: yes"),
        ("X-Autorespond: on", "auto_reply", "X-Autorespond: on"),
        ("Precedence: auto_reply", "auto_reply", "Precedence: auto_reply"),
        ("Precedence: bulk\nReturn-Path: <>", "auto_reply", "Precedence: bulk; Return-Path: <>"),
        ("X-Auto-Response-Suppress: All\nPrecedence: junk", "auto_reply", "Precedence: junk; X-Auto-Response-Suppress: All"),
    ],
)
def test_automatic_signals(headers, kind, reason):
    parsed = parse_email(mail(headers))
    assert (parsed.automatic, parsed.automatic_reason) == (kind, reason)


@pytest.mark.parametrize(
    "headers",
    [
        "Auto-Submitted: no",
        # Outlook sets this on ordinary mail: on its own it decides nothing.
        "X-Auto-Response-Suppress: All",
        # A group mailbox relays people's mail with this.
        "Precedence: list",
        "Precedence: bulk",
        "Return-Path: <>",
    ],
)
def test_weak_or_negative_signals_alone_are_not_automatic(headers):
    assert parse_email(mail(headers)).automatic is None


@pytest.mark.parametrize(
    "subject, kind",
    [
        ("Automatic reply: My son's plan", "auto_reply"),
        ("Out of Office: back Monday", "auto_reply"),
        ("Undeliverable: My son's plan", "bounce"),
        ("Delivery Status Notification (Failure)", "bounce"),
        ("RE: Automatic reply: My son's plan", None),
        ("Fwd: Undeliverable: letter", None),
    ],
)
def test_subject_patterns_are_anchored(subject, kind):
    assert parse_email(mail("", subject=subject)).automatic == kind


def test_mailer_daemon_sender_is_a_bounce():
    parsed = parse_email(mail("", subject="failure", sender="Mail Delivery Subsystem <MAILER-DAEMON@mx.example.com>"))
    assert parsed.automatic == "bounce"
    assert parsed.automatic_reason == "sender mailer-daemon@mx.example.com"


def test_dsn_report_is_a_bounce():
    raw = (
        'From: "Postmaster" <pm@mx.example.com>\nSubject: Report\n'
        'Content-Type: multipart/report; report-type=delivery-status; boundary="r"\n\n'
        "--r\nContent-Type: text/plain\n\nDelivery failed.\n"
        "--r\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n\n"
        "Final-Recipient: rfc822; nobody@example.org\nAction: failed\nStatus: 5.1.1\n--r--\n"
    ).encode()
    parsed = parse_email(raw)
    assert parsed.automatic == "bounce"
    assert parsed.automatic_reason == "multipart/report; report-type=delivery-status"
    assert "Status: 5.1.1" in parsed.text


@pytest.mark.parametrize("name", ["rfc3834-01.eml", "rfc3834-02.eml", "rfc3834-05.eml", "mac_rfc3834-01.eml"])
def test_corpus_rfc3834_auto_replies(name):
    path = CORPUS / "sisimai" / name
    assert path.exists(), f"mail corpus missing at {CORPUS}"
    assert parse_email(path.read_bytes()).automatic == "auto_reply"


@pytest.mark.parametrize("name", ["mimekit/delivery-status.txt", "flanker/mailbox-full.eml", "sisimai/dos_lhost-postfix-01.eml"])
def test_corpus_bounces(name):
    assert parse_email((CORPUS / name).read_bytes()).automatic == "bounce"


@pytest.mark.parametrize("name", ["talon/gmail.eml", "talon/outlook.eml", "mikel_mail/raw_email_reply.eml"])
def test_corpus_personal_replies_are_not_automatic(name):
    assert parse_email((CORPUS / name).read_bytes()).automatic is None
