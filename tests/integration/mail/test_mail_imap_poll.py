"""IMAP polling against a real dovecot: each message stored once, marked only after commit, resumable."""

from __future__ import annotations

import os
import smtplib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from rq import Queue
from sqlalchemy import func, select

from tests.mailservers import Dovecot, Relay, mail
from triage.config import ConfigError, load_settings
from triage.db import session_scope
from triage.intake.imap_poller import imap_config, poll_imap
from triage.models import MailboxState, Message
from triage.runtime import Runtime

pytestmark = [pytest.mark.imap, pytest.mark.redis]
TRIAGE = str(Path(sys.executable).with_name("triage"))


def flags(dovecot: Dovecot, user: tuple[str, str], folder: str = "INBOX") -> dict[int, tuple[bytes, ...]]:
    with dovecot.client(*user) as client:
        client.select_folder(folder, readonly=True)
        uids = client.search("ALL")
        return {uid: data[b"FLAGS"] for uid, data in client.fetch(uids, ["FLAGS"]).items()} if uids else {}


def stored_messages(runtime: Runtime) -> list[Message]:
    with session_scope(runtime.sessions) as session:
        rows = list(session.scalars(select(Message).order_by(Message.id)))
        session.expunge_all()
        return rows


def test_a_poll_stores_each_message_once_and_marks_it_seen_only_after_commit(
        imap_runtime: Callable[..., Runtime], dovecot: Dovecot, mail_user: tuple[str, str], redis_queue: Queue) -> None:
    dovecot.append(*mail_user, [mail(n) for n in range(7)])
    runtime = imap_runtime(TRIAGE_IMAP_BATCH="3")
    at_commit: list[tuple[int, bool, bool]] = []

    def check(uid: int) -> None:  # the moment between commit and marking
        with session_scope(runtime.sessions) as session:
            committed = session.scalar(select(func.count()).select_from(Message).where(
                Message.source.like(f"imap:INBOX:%:{uid}"))) == 1
        at_commit.append((uid, committed, b"\\Seen" in flags(dovecot, mail_user)[uid]))

    report = poll_imap(runtime, after_commit=check)

    assert report.ok, report.error
    assert len(report.stored) == 7 and report.already_stored == 0 and report.marked == 7
    assert [(uid, committed, seen) for uid, committed, seen in at_commit] == [(uid, True, False) for uid in range(1, 8)]
    assert all(b"\\Seen" in f for f in flags(dovecot, mail_user).values())
    messages = stored_messages(runtime)
    assert sorted(m.raw for m in messages) == sorted(mail(n) for n in range(7))
    uidvalidity = report.uidvalidity
    assert {m.source for m in messages} == {f"imap:INBOX:{uidvalidity}:{uid}" for uid in range(1, 8)}
    assert all(m.status == "received" and m.envelope["imap"]["internaldate"] for m in messages)
    assert sorted(redis_queue.job_ids) == sorted(f"process-message-{m.id}" for m in messages)

    again = poll_imap(runtime)
    assert again.ok and again.stored == [] and again.already_stored == 0 and again.marked == 0
    assert again.last_uid == 7 and len(stored_messages(runtime)) == 7


def test_a_new_uidvalidity_reads_the_folder_again_without_duplicates(
        imap_runtime: Callable[..., Runtime], dovecot: Dovecot, mail_user: tuple[str, str]) -> None:
    dovecot.append(*mail_user, [mail(n) for n in range(3)], folder="Complaints")
    runtime = imap_runtime(TRIAGE_IMAP_FOLDER="Complaints")
    first = poll_imap(runtime)
    assert first.ok and len(first.stored) == 3

    # Deleting and recreating the folder is how a server ends up renumbering it.
    with dovecot.client(*mail_user) as client:
        client.delete_folder("Complaints")
    dovecot.append(*mail_user, [mail(n) for n in range(4)], folder="Complaints")
    second = poll_imap(runtime)

    assert second.ok, second.error
    assert second.uidvalidity != first.uidvalidity and second.uidvalidity_changed
    assert len(second.stored) == 1 and second.already_stored == 3
    assert len(stored_messages(runtime)) == 4
    with session_scope(runtime.sessions) as session:
        state = session.scalar(select(MailboxState).where(MailboxState.folder == "Complaints"))
        assert state.uidvalidity == second.uidvalidity and state.last_uid == 4


def test_the_server_going_away_mid_poll_loses_and_repeats_nothing(
        imap_runtime: Callable[..., Runtime], dovecot: Dovecot, mail_user: tuple[str, str]) -> None:
    dovecot.append(*mail_user, [mail(n) for n in range(10)])
    runtime = imap_runtime(TRIAGE_IMAP_BATCH="4")

    def stop_after_six(uid: int) -> None:
        if uid == 6:
            dovecot.crash()

    broken = poll_imap(runtime, after_commit=stop_after_six)
    assert not broken.ok and "connection" in broken.error.lower()
    # The batch in memory (UIDs 5-8) was committed; marking it failed with the server gone.
    assert 6 <= len(broken.stored) < 10 and broken.last_uid == len(broken.stored)
    with session_scope(runtime.sessions) as session:
        assert session.scalar(select(MailboxState.last_uid)) == broken.last_uid

    dovecot.start()
    unmarked = [uid for uid, f in flags(dovecot, mail_user).items() if b"\\Seen" not in f]
    assert set(range(5, broken.last_uid + 1)) <= set(unmarked)  # committed but never marked
    resumed = poll_imap(runtime)

    assert resumed.ok, resumed.error
    assert len(broken.stored) + len(resumed.stored) == 10 and resumed.already_stored == 0
    assert resumed.marked == len(unmarked)
    messages = stored_messages(runtime)
    assert sorted(m.raw for m in messages) == sorted(mail(n) for n in range(10))
    assert all(b"\\Seen" in f for f in flags(dovecot, mail_user).values())


def test_a_wrong_password_is_a_clear_error_and_stores_nothing(
        imap_runtime: Callable[..., Runtime], dovecot: Dovecot, mail_user: tuple[str, str]) -> None:
    dovecot.append(*mail_user, [mail(1)])
    runtime = imap_runtime(TRIAGE_IMAP_PASSWORD="not-the-password")
    report = poll_imap(runtime)
    assert not report.ok
    assert "login refused" in report.error and "TRIAGE_IMAP_PASSWORD" in report.error
    assert "AUTHENTICATIONFAILED" in report.error
    assert stored_messages(runtime) == []
    assert all(b"\\Seen" not in f for f in flags(dovecot, mail_user).values())


def test_xoauth2_logs_in_with_a_bearer_token_and_a_bad_token_is_a_clear_error(
        imap_runtime: Callable[..., Runtime], dovecot: Dovecot, mail_user: tuple[str, str]) -> None:
    dovecot.append(*mail_user, [mail(1)])
    oauth = {"TRIAGE_IMAP_AUTH": "xoauth2", "TRIAGE_IMAP_PASSWORD": ""}
    refused = poll_imap(imap_runtime(**oauth, TRIAGE_IMAP_OAUTH2_TOKEN="tok-expired"))
    assert not refused.ok and "login refused" in refused.error and "TRIAGE_IMAP_OAUTH2_TOKEN" in refused.error

    report = poll_imap(imap_runtime(**oauth, TRIAGE_IMAP_OAUTH2_TOKEN=dovecot.oauth2_token(mail_user[0])))
    assert report.ok, report.error
    assert len(report.stored) == 1 and report.marked == 1


def test_a_folder_that_does_not_exist_is_a_clear_error(imap_runtime: Callable[..., Runtime]) -> None:
    report = poll_imap(imap_runtime(TRIAGE_IMAP_FOLDER="Complaints"))
    assert not report.ok and "refused a command on 'Complaints'" in report.error
    assert "Mailbox doesn't exist" in report.error


@pytest.mark.parametrize(("settings", "named"), [
    ({"TRIAGE_IMAP_HOST": ""}, "TRIAGE_IMAP_HOST"),
    ({"TRIAGE_IMAP_AUTH": "kerberos"}, "TRIAGE_IMAP_AUTH"),
    ({"TRIAGE_IMAP_AUTH": "xoauth2"}, "TRIAGE_IMAP_OAUTH2_TOKEN"),
    ({"TRIAGE_IMAP_BATCH": "lots"}, "TRIAGE_IMAP_BATCH"),
])
def test_bad_imap_settings_are_refused_naming_the_variable(tmp_path: Path, settings: dict[str, str], named: str) -> None:
    env = {"TRIAGE_INSTANCE_PATH": str(tmp_path), "TRIAGE_SECRET_KEY": "k" * 32, "TRIAGE_IMAP_HOST": "imap.example",
           "TRIAGE_IMAP_USER": "send", "TRIAGE_IMAP_PASSWORD": "pw"}
    with pytest.raises(ConfigError, match=named):
        imap_config(load_settings({**env, **settings}))


def test_an_oversized_message_is_left_unread_and_reported_once(
        imap_runtime: Callable[..., Runtime], dovecot: Dovecot, mail_user: tuple[str, str]) -> None:
    big = mail(2, body="x" * 5000)
    dovecot.append(*mail_user, [mail(1), big, mail(3)])
    runtime = imap_runtime(TRIAGE_MAX_MESSAGE_BYTES="2048")
    report = poll_imap(runtime)

    assert report.ok and len(report.stored) == 2 and report.marked == 2
    assert len(report.refused) == 1 and "UID 2" in report.refused[0] and "2,048-byte limit" in report.refused[0]
    assert b"\\Seen" not in flags(dovecot, mail_user)[2]
    assert big not in {m.raw for m in stored_messages(runtime)}
    with session_scope(runtime.sessions) as session:
        state = session.scalar(select(MailboxState))
        assert [r["uid"] for r in state.refused] == [2] and state.last_uid == 3

    again = poll_imap(runtime)
    assert again.ok and again.refused == [] and again.marked == 0
    assert b"\\Seen" not in flags(dovecot, mail_user)[2]


def test_a_done_folder_receives_the_committed_messages(
        imap_runtime: Callable[..., Runtime], dovecot: Dovecot, mail_user: tuple[str, str]) -> None:
    dovecot.append(*mail_user, [mail(n) for n in range(3)])
    report = poll_imap(imap_runtime(TRIAGE_IMAP_DONE_FOLDER="Triaged"))
    assert report.ok and len(report.stored) == 3 and report.marked == 3
    assert flags(dovecot, mail_user) == {}
    assert len(flags(dovecot, mail_user, "Triaged")) == 3


def test_mail_sent_over_smtp_reaches_triage_through_the_mailbox(
        imap_runtime: Callable[..., Runtime], relay: Relay, mail_user: tuple[str, str]) -> None:
    with smtplib.SMTP("127.0.0.1", relay.port, timeout=30) as smtp:
        smtp.sendmail("parent1@example.org", [f"{mail_user[0]}@council.example"], mail(1, tag="smtp"))
    runtime = imap_runtime()
    report = poll_imap(runtime)
    assert report.ok and len(report.stored) == 1
    (message,) = stored_messages(runtime)
    assert b"Subject: Enquiry smtp-1" in message.raw and message.raw.endswith(mail(1, tag="smtp"))
    assert message.raw.startswith(b"Received: from ") and b"by relay.council.example with ESMTP" in message.raw


def test_the_poll_imap_command_reports_and_exits_non_zero_on_failure(
        imap_runtime: Callable[..., Runtime], dovecot: Dovecot, mail_user: tuple[str, str]) -> None:
    dovecot.append(*mail_user, [mail(n) for n in range(2)])
    settings = imap_runtime().settings
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRIAGE_")}
    env.update(settings.extra)

    ok = subprocess.run([TRIAGE, "poll-imap", "--once"], env=env, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert "2 stored, 0 already stored, 2 marked" in ok.stdout

    bad = subprocess.run([TRIAGE, "poll-imap"], env={**env, "TRIAGE_IMAP_PASSWORD": "wrong"},
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and "login refused" in bad.stderr and "Traceback" not in bad.stderr
