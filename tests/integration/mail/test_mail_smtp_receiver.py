"""The SMTP/LMTP receiver: 250 only for committed mail, 552 over the cap, 451 when it cannot store."""

from __future__ import annotations

import os
import signal
import smtplib
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from rq import Queue
from sqlalchemy import select

from tests.mailservers import free_port, mail
from triage.config import load_settings
from triage.db import session_scope
from triage.intake.smtp_receiver import ReceiverController, start_receiver
from triage.models import Message
from triage.runtime import Runtime, build_runtime

pytestmark = pytest.mark.redis
TRIAGE = str(Path(sys.executable).with_name("triage"))


@contextmanager
def receiving(runtime: Runtime, *, lmtp: bool = False) -> Iterator[ReceiverController]:
    controller = start_receiver(runtime, port=free_port(), lmtp=lmtp)
    try:
        yield controller
    finally:
        controller.stop()


def messages(runtime: Runtime) -> list[Message]:
    with session_scope(runtime.sessions) as session:
        rows = list(session.scalars(select(Message).order_by(Message.id)))
        session.expunge_all()
        return rows


def test_a_message_sent_by_smtp_is_stored_exactly_and_queued(make_runtime: Callable[..., Runtime],
                                                             redis_queue: Queue) -> None:
    runtime = make_runtime()
    raw = mail(1, tag="smtpd")
    with receiving(runtime) as controller, smtplib.SMTP("127.0.0.1", controller.port, timeout=30) as smtp:
        smtp.ehlo("mta.example.net")
        smtp.mail("parent1@example.org")
        smtp.rcpt("send@council.example")
        code, reply = smtp.data(raw)

    (message,) = messages(runtime)
    assert code == 250 and reply.decode() == f"2.0.0 Stored as message {message.id}"
    assert message.raw == raw and message.channel == "email" and message.status == "received"
    assert message.envelope["mail_from"] == "parent1@example.org"
    assert message.envelope["rcpt_tos"] == ["send@council.example"]
    assert message.envelope["helo"] == "mta.example.net" and message.envelope["peer"].startswith("127.0.0.1:")
    assert redis_queue.job_ids == [f"process-message-{message.id}"]


def test_the_same_message_delivered_twice_is_stored_once(make_runtime: Callable[..., Runtime]) -> None:
    runtime = make_runtime()
    with receiving(runtime) as controller, smtplib.SMTP("127.0.0.1", controller.port, timeout=30) as smtp:
        for _ in range(2):
            smtp.sendmail("parent1@example.org", ["send@council.example"], mail(1))
    assert len(messages(runtime)) == 1


def test_lmtp_answers_once_per_recipient(make_runtime: Callable[..., Runtime]) -> None:
    runtime = make_runtime()
    with receiving(runtime, lmtp=True) as controller:
        lmtp = smtplib.LMTP("127.0.0.1", controller.port)
        try:
            lmtp.ehlo_or_helo_if_needed()
            lmtp.mail("parent2@example.org")
            lmtp.rcpt("send@council.example")
            lmtp.rcpt("complaints@council.example")
            code, reply = lmtp.data(mail(2))
            second_code, _ = lmtp.getreply()  # RFC 2033: one reply per accepted recipient
        finally:
            lmtp.close()
    (message,) = messages(runtime)
    assert code == 250 and second_code == 250 and f"message {message.id}".encode() in reply
    assert message.envelope["protocol"] == "lmtp" and len(message.envelope["rcpt_tos"]) == 2


def test_an_oversized_message_gets_552_and_nothing_is_stored(make_runtime: Callable[..., Runtime]) -> None:
    runtime = make_runtime(TRIAGE_MAX_MESSAGE_BYTES="2048")
    big = mail(3, body=("y" * 70 + "\r\n") * 60)
    with receiving(runtime) as controller, smtplib.SMTP("127.0.0.1", controller.port, timeout=30) as smtp:
        # smtplib declares SIZE=, so the server refuses at MAIL FROM ...
        with pytest.raises(smtplib.SMTPSenderRefused) as declared:
            smtp.sendmail("parent3@example.org", ["send@council.example"], big)
        # ... and without the declaration, after the data has come in.
        smtp.rset()
        smtp.mail("parent3@example.org")
        smtp.rcpt("send@council.example")
        code, reply = smtp.data(big)
    assert declared.value.smtp_code == 552 and declared.value.smtp_error.startswith(b"5.3.4 Message too big")
    assert code == 552 and reply.startswith(b"5.3.4 Message too big")
    assert messages(runtime) == []


def test_a_storage_failure_is_a_temporary_451_so_the_sender_retries(tmp_path: Path) -> None:
    # A database without the schema: every insert fails.
    settings = load_settings({"TRIAGE_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
                              "TRIAGE_INSTANCE_PATH": str(tmp_path / "instance"), "TRIAGE_SECRET_KEY": "k" * 32})
    runtime = build_runtime(settings)
    try:
        with receiving(runtime) as controller, smtplib.SMTP("127.0.0.1", controller.port, timeout=30) as smtp:
            smtp.ehlo()
            smtp.mail("parent4@example.org")
            smtp.rcpt("send@council.example")
            code, reply = smtp.data(mail(4))
    finally:
        runtime.engine.dispose()
    assert code == 451 and reply.startswith(b"4.3.0 Message not stored")


def test_the_smtpd_command_receives_mail_until_sigterm(make_runtime: Callable[..., Runtime]) -> None:
    runtime = make_runtime()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRIAGE_")} | dict(runtime.settings.extra)
    server = subprocess.Popen([TRIAGE, "smtpd", "--port", str(port)], env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        banner = server.stdout.readline()
        assert f"receiving SMTP on 127.0.0.1:{port}" in banner
        with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
            smtp.sendmail("parent5@example.org", ["send@council.example"], mail(5))
    finally:
        server.send_signal(signal.SIGTERM)
        out, err = server.communicate(timeout=30)
    assert server.returncode == 0, err
    assert [m.raw for m in messages(runtime)] == [mail(5)]
