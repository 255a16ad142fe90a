"""Polling an IMAP folder: UID-based, idempotent across restarts, marking mail only once it is committed.

Each message is stored and the folder's `last_uid` advanced in one commit; only then is the
message marked \\Seen (or moved to the done folder) on the server. A crash or a dropped
connection between the two leaves a committed, unmarked message, which the next poll marks
without fetching it again. A new UIDVALIDITY means the server renumbered the folder: we read it
again from UID 1, and the content hash stops anything being stored twice.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientAbortError, IMAPClientError, LoginError
from redis.exceptions import RedisError
from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from triage.config import ConfigError, Settings
from triage.db import session_scope, utcnow
from triage.jobs.queue import enqueue_processing
from triage.models import MailboxState
from triage.runtime import Runtime
from triage.services.intake import MessageTooLarge, store_raw_email

log = logging.getLogger(__name__)

SEEN = b"\\Seen"
# A fetch holds a batch's bodies in memory: cap it by count and by bytes.
BATCH_BYTES = 32 * 1024 * 1024
# What logging out of a broken connection can raise.
CONNECTION_ERRORS = (IMAPClientAbortError, IMAPClientError, OSError)


@dataclass(frozen=True)
class ImapConfig:
    host: str
    port: int
    user: str
    secret: str  # the password, or the OAuth2 access token for XOAUTH2
    folder: str
    ssl: bool
    auth: str  # "password" or "xoauth2"
    done_folder: str | None  # move processed mail here instead of flagging it \Seen
    batch_size: int
    timeout: float
    max_message_bytes: int

    @property
    def label(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.folder}"


def _extra_int(extra: Mapping[str, str], name: str, default: int) -> int:
    raw = extra.get(name) or ""
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigError(f"{name}={raw!r} is not a positive whole number; set it to e.g. {default}.")
    return int(raw)


def imap_config(settings: Settings) -> ImapConfig:
    """The IMAP settings, checked: raises ConfigError naming the missing or bad TRIAGE_IMAP_* variable."""
    extra = settings.extra
    auth = (extra.get("TRIAGE_IMAP_AUTH") or "password").strip().lower()
    if auth not in ("password", "xoauth2"):
        raise ConfigError(f"TRIAGE_IMAP_AUTH={auth!r} is not supported; use password or xoauth2.")
    secret_name = "TRIAGE_IMAP_OAUTH2_TOKEN" if auth == "xoauth2" else "TRIAGE_IMAP_PASSWORD"
    secret = extra.get(secret_name) if auth == "xoauth2" else settings.imap_password
    for name, value in (("TRIAGE_IMAP_HOST", settings.imap_host), ("TRIAGE_IMAP_USER", settings.imap_user),
                        (secret_name, secret)):
        if not value:
            raise ConfigError(f"{name} is not set; polling a mailbox needs it.")
    return ImapConfig(
        host=settings.imap_host or "", port=settings.imap_port, user=settings.imap_user or "", secret=secret or "",
        folder=settings.imap_folder, ssl=settings.imap_ssl, auth=auth,
        done_folder=extra.get("TRIAGE_IMAP_DONE_FOLDER") or None,
        batch_size=_extra_int(extra, "TRIAGE_IMAP_BATCH", 25),
        timeout=float(_extra_int(extra, "TRIAGE_IMAP_TIMEOUT", 60)),
        max_message_bytes=settings.max_message_bytes,
    )


@dataclass
class PollReport:
    """What one pass over a folder did."""

    mailbox: str
    uidvalidity: int | None = None
    uidvalidity_changed: bool = False
    stored: list[int] = field(default_factory=list)  # ids of messages new to triage
    already_stored: int = 0
    refused: list[str] = field(default_factory=list)  # left on the server, unmarked, with the reason
    marked: int = 0
    last_uid: int = 0
    enqueue_failures: int = 0  # stored but not queued (Redis down): the worker's start-up recovery queues them
    error: str | None = None
    pending: list[Future] = field(default_factory=list, repr=False)  # embedded-mode processing

    @property
    def ok(self) -> bool:
        return self.error is None

    def summary(self) -> str:
        parts = [f"{len(self.stored)} stored", f"{self.already_stored} already stored", f"{self.marked} marked"]
        if self.refused:
            parts.append(f"{len(self.refused)} refused")
        if self.uidvalidity_changed:
            parts.append("UIDVALIDITY changed: folder read again from UID 1")
        if self.enqueue_failures:
            parts.append(f"{self.enqueue_failures} not queued")
        text = f"poll-imap {self.mailbox}: " + ", ".join(parts) + f"; last UID {self.last_uid}"
        return text + (f"; ERROR: {self.error}" if self.error else "")


@dataclass
class _Folder:
    """The stored state of the folder being polled, as plain values for this pass."""

    state_id: int
    uidvalidity: int
    last_uid: int
    refused_uids: set[int]


def connect(config: ImapConfig) -> IMAPClient:
    """A logged-in client; raises LoginError if the server refuses the credentials."""
    client = IMAPClient(config.host, port=config.port, ssl=config.ssl, timeout=config.timeout)
    client.normalise_times = False  # keep INTERNALDATE's zone, so received_at is exact
    try:
        if config.auth == "xoauth2":
            client.oauth2_login(config.user, config.secret)
        else:
            client.login(config.user, config.secret)
    except BaseException:
        client.shutdown()
        raise
    return client


def poll_imap(
    runtime: Runtime,
    *,
    once: bool = True,
    every: float = 60.0,
    stop: threading.Event | None = None,
    on_report: Callable[[PollReport], None] | None = None,
    after_commit: Callable[[int], None] | None = None,
) -> PollReport:
    """Poll the configured folder once, or every `every` seconds until `stop` is set; returns the last report.

    `after_commit(uid)` is called after each message is committed and before it is marked on the
    server (tests use it to pull the server away at that moment).
    """
    config = imap_config(runtime.settings)
    stop = stop or threading.Event()
    while True:
        report = poll_folder(runtime, config, after_commit=after_commit)
        if on_report is not None:
            on_report(report)
        if once or stop.wait(every):
            return report


def poll_folder(runtime: Runtime, config: ImapConfig, *, after_commit: Callable[[int], None] | None = None) -> PollReport:
    """One pass: store every message above last_uid, then mark it on the server. Never raises for network trouble."""
    report = PollReport(mailbox=config.label)
    client: IMAPClient | None = None
    try:
        client = connect(config)
        if config.done_folder and not client.folder_exists(config.done_folder):
            client.create_folder(config.done_folder)
        uidvalidity = int(client.select_folder(config.folder)[b"UIDVALIDITY"])
        folder = _load_state(runtime, config, uidvalidity, report)
        report.uidvalidity, report.last_uid = uidvalidity, folder.last_uid
        _settle(client, config, folder, report)
        new = sorted(uid for uid in client.search(["UID", f"{folder.last_uid + 1}:*"]) if uid > folder.last_uid)
        for batch in _batches(client, config, new):
            _take_batch(runtime, client, config, folder, batch, report, after_commit)
    except LoginError as exc:
        what = "OAuth2 token (TRIAGE_IMAP_OAUTH2_TOKEN)" if config.auth == "xoauth2" else "TRIAGE_IMAP_USER and TRIAGE_IMAP_PASSWORD"
        report.error = f"IMAP login refused for {config.user!r} at {config.host}:{config.port}: {_text(exc)}; check {what}"
    except (IMAPClientAbortError, OSError) as exc:
        report.error = (f"IMAP connection to {config.host}:{config.port} failed: {type(exc).__name__}: {_text(exc)}; "
                        f"messages up to UID {report.last_uid} are stored, the next poll resumes after it")
    except IMAPClientError as exc:  # the server said no, e.g. to selecting a folder that does not exist
        report.error = f"IMAP server {config.host}:{config.port} refused a command on {config.folder!r}: {_text(exc)}"
    except SQLAlchemyError as exc:  # nothing uncommitted was marked, so nothing is lost
        report.error = (f"database error while storing mail from {config.label}: {type(exc).__name__}: {exc}; "
                        f"messages up to UID {report.last_uid} are stored, the next poll resumes after it")
    finally:
        if client is not None:
            _close(client)
    if report.error:
        log.error("%s", report.error)
    return report


def _text(exc: BaseException) -> str:
    text = str(exc)
    return text[2:-1] if text.startswith(("b'", 'b"')) else text  # imaplib puts server bytes in its errors


def _close(client: IMAPClient) -> None:
    try:
        client.logout()
    except CONNECTION_ERRORS:
        client.shutdown()


def _load_state(runtime: Runtime, config: ImapConfig, uidvalidity: int, report: PollReport) -> _Folder:
    with session_scope(runtime.sessions) as session:
        state = session.scalar(select(MailboxState).where(
            MailboxState.host == config.host, MailboxState.user == config.user, MailboxState.folder == config.folder))
        if state is None:
            state = MailboxState(host=config.host, user=config.user, folder=config.folder, uidvalidity=uidvalidity,
                                 last_uid=0, refused=[])
            session.add(state)
        elif state.uidvalidity != uidvalidity:
            log.warning("%s: UIDVALIDITY %s -> %s; reading the folder again from UID 1",
                        config.label, state.uidvalidity, uidvalidity)
            report.uidvalidity_changed = True
            state.uidvalidity, state.last_uid, state.refused = uidvalidity, 0, []
        session.flush()
        return _Folder(state.id, uidvalidity, state.last_uid, {int(r["uid"]) for r in state.refused})


def _settle(client: IMAPClient, config: ImapConfig, folder: _Folder, report: PollReport) -> None:
    """Mark what an earlier pass committed but could not mark (the connection dropped, the process died)."""
    if folder.last_uid == 0:
        return
    # In a folder triage owns, anything at or below last_uid that is unmarked is ours to mark,
    # except what we refused, which stays unread for a person to deal with.
    criteria = ["UID", f"1:{folder.last_uid}"] if config.done_folder else ["UNSEEN", "UID", f"1:{folder.last_uid}"]
    uids = [uid for uid in client.search(criteria) if uid <= folder.last_uid and uid not in folder.refused_uids]
    _mark(client, config, uids, report)


def _mark(client: IMAPClient, config: ImapConfig, uids: list[int], report: PollReport) -> None:
    if not uids:
        return
    if config.done_folder:
        client.move(uids, config.done_folder)
    else:
        client.add_flags(uids, [SEEN], silent=True)
    report.marked += len(uids)


def _batches(client: IMAPClient, config: ImapConfig, uids: list[int]) -> Iterator[list[tuple[int, int]]]:
    """(uid, size) batches in UID order, each within the batch count and byte budget."""
    for start in range(0, len(uids), 500):
        sizes = client.fetch(uids[start:start + 500], ["RFC822.SIZE"])
        batch: list[tuple[int, int]] = []
        batch_bytes = 0
        for uid in sorted(sizes):  # a UID missing here was expunged since the search
            size = int(sizes[uid].get(b"RFC822.SIZE", 0))
            if batch and (len(batch) >= config.batch_size or batch_bytes + size > BATCH_BYTES):
                yield batch
                batch, batch_bytes = [], 0
            batch.append((uid, size))
            batch_bytes += size if size <= config.max_message_bytes else 0
        if batch:
            yield batch


def _take_batch(runtime: Runtime, client: IMAPClient, config: ImapConfig, folder: _Folder,
                batch: list[tuple[int, int]], report: PollReport, after_commit: Callable[[int], None] | None) -> None:
    wanted = [uid for uid, size in batch if size <= config.max_message_bytes]
    bodies = client.fetch(wanted, ["BODY.PEEK[]", "INTERNALDATE"]) if wanted else {}
    to_mark: list[int] = []
    for uid, size in batch:
        if size > config.max_message_bytes:
            _refuse(runtime, config, folder, uid, size, report)
        else:
            item = bodies.get(uid)
            if item is None or b"BODY[]" not in item:
                continue  # expunged between the size fetch and this one
            raw = item[b"BODY[]"]
            if _store(runtime, config, folder, uid, raw, item.get(b"INTERNALDATE"), report):
                to_mark.append(uid)
            else:
                _refuse(runtime, config, folder, uid, len(raw), report)
        if after_commit is not None:
            after_commit(uid)
    _mark(client, config, to_mark, report)


def _store(runtime: Runtime, config: ImapConfig, folder: _Folder, uid: int, raw: bytes,
           internal_date: datetime | None, report: PollReport) -> bool:
    """Store one message and advance last_uid in one commit, then enqueue it; False if it is too large."""
    received_at = internal_date.astimezone(UTC) if internal_date and internal_date.tzinfo else None
    envelope = {"imap": {"host": config.host, "user": config.user, "folder": config.folder,
                         "uidvalidity": folder.uidvalidity, "uid": uid,
                         "internaldate": received_at.isoformat() if received_at else None}}
    try:
        with session_scope(runtime.sessions) as session:
            message, created = store_raw_email(
                session, raw, source=f"imap:{config.folder}:{folder.uidvalidity}:{uid}", envelope=envelope,
                received_at=received_at, max_bytes=config.max_message_bytes)
            _advance(session, folder, uid)
            message_id, status = message.id, message.status
    except MessageTooLarge:  # the server under-reported RFC822.SIZE
        return False
    report.last_uid = uid
    if not created:
        report.already_stored += 1
        return True
    report.stored.append(message_id)
    if status == "received":
        try:
            future = enqueue_processing(runtime.settings, message_id)
        except RedisError as exc:
            report.enqueue_failures += 1
            log.error("message %s stored but not queued (%s); `triage worker` queues it at start-up", message_id, exc)
        else:
            if future is not None:
                report.pending.append(future)
    return True


def _refuse(runtime: Runtime, config: ImapConfig, folder: _Folder, uid: int, size: int, report: PollReport) -> None:
    """Leave an over-size message on the server, unmarked, and record why (once: last_uid moves past it)."""
    reason = (f"UID {uid} in {config.folder}: {size:,} bytes is over the {config.max_message_bytes:,}-byte limit "
              "(TRIAGE_MAX_MESSAGE_BYTES); left unread on the server")
    with session_scope(runtime.sessions) as session:
        state = session.get(MailboxState, folder.state_id)
        assert state is not None
        state.refused = [*state.refused, {"uid": uid, "size": size, "reason": reason, "at": utcnow().isoformat()}]
        _advance(session, folder, uid)
    folder.refused_uids.add(uid)
    report.last_uid = uid
    report.refused.append(reason)
    log.warning("%s", reason)


def _advance(session: Session, folder: _Folder, uid: int) -> None:
    session.execute(update(MailboxState).where(MailboxState.id == folder.state_id)
                    .values(last_uid=uid, updated_at=utcnow()))
    folder.last_uid = uid
