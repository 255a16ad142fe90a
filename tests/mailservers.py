"""Real mail servers for tests: a dovecot IMAP server on a loopback port and an aiosmtpd relay into it.

dovecot runs from a config written into a temporary folder (Debian's /usr/sbin/dovecot, plain
text login, maildir storage, no TLS). Each test gets its own mail user, so one server serves the
whole session. The relay is an SMTP server that hands each message to dovecot's own delivery
agent (dovecot-lda), so mail sent with smtplib takes the path a real MTA would.
"""

from __future__ import annotations

import getpass
import grp
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope
from aiosmtpd.smtp import Session as SMTPSession
from imapclient import IMAPClient

DOVECOT = "/usr/sbin/dovecot"
DOVECOT_LDA = "/usr/lib/dovecot/dovecot-lda"
USERS = 200

CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2 oauthbearer
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = 1
mail_location = maildir:{root}/mail/%u/Maildir
postmaster_address = postmaster@council.example
passdb {{
  driver = passwd-file
  mechanisms = plain login
  args = scheme=PLAIN username_format=%u {root}/users
}}
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {root}/oauth2.conf.ext
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/users
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


def mail(n: int, *, body: str = "", tag: str = "t") -> bytes:
    """A small, distinct synthetic email."""
    text = body or f"Message number {n}: when will the assessment decision be made?"
    return (f"From: Parent {n} <parent{n}@example.org>\r\nTo: send@council.example\r\n"
            f"Subject: Enquiry {tag}-{n}\r\nMessage-ID: <{tag}-{n}@example.org>\r\n"
            f"Date: Mon, 23 Nov 2026 09:{n % 60:02d}:00 +0000\r\n\r\n{text}\r\n").encode()


OAUTH2_CONFIG = """\
introspection_mode = post
introspection_url = http://127.0.0.1:{port}/introspect
username_attribute = username
active_attribute = active
active_value = true
force_introspection = yes
"""


class _Introspection(BaseHTTPRequestHandler):
    """RFC 7662 token introspection: what an OAuth2 provider answers dovecot about a bearer token."""

    tokens: dict[str, str] = {}

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        form = parse_qs(self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode())
        user = self.tokens.get((form.get("token") or [""])[0])
        body = json.dumps({"active": "true", "username": user} if user else {"active": "false"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Dovecot:
    """A dovecot process with its own config, users and maildirs under `root`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        if os.geteuid() == 0:
            # dovecot refuses to run its login and internal processes as root; Debian's package
            # creates these users. Mail is owned by the dovecot user.
            internal, login = "dovecot", "dovenull"
            self.mail_uid, self.mail_gid = pwd.getpwnam("dovecot").pw_uid, grp.getgrnam("dovecot").gr_gid
        else:
            internal = login = getpass.getuser()
            self.mail_uid, self.mail_gid = os.getuid(), os.getgid()
        (root / "mail").mkdir()
        os.chown(root / "mail", self.mail_uid, self.mail_gid)
        # Users are written up front: dovecot may not notice a passwd-file changed within the second.
        self._users = [(f"u{n:03d}x{uuid.uuid4().hex[:6]}", f"pw-{uuid.uuid4().hex}") for n in range(USERS)]
        (root / "users").write_text("".join(
            f"{user}:{{PLAIN}}{password}:{self.mail_uid}:{self.mail_gid}::{root}/mail/{user}::\n"
            for user, password in self._users))
        # A token introspection endpoint, so XOAUTH2 logins are checked as a provider would.
        self.tokens: dict[str, str] = {}
        self.introspection = ThreadingHTTPServer(("127.0.0.1", 0), type("Introspection", (_Introspection,),
                                                                       {"tokens": self.tokens}))
        threading.Thread(target=self.introspection.serve_forever, daemon=True).start()
        (root / "oauth2.conf.ext").write_text(OAUTH2_CONFIG.format(port=self.introspection.server_address[1]))
        self.config = root / "dovecot.conf"
        self.config.write_text(CONFIG.format(root=root, port=self.port, internal_user=internal,
                                             internal_group=grp.getgrgid(pwd.getpwnam(internal).pw_gid).gr_name,
                                             login_user=login))

    def oauth2_token(self, user: str) -> str:
        """A bearer token the introspection endpoint vouches for, for this user."""
        token = f"tok-{uuid.uuid4().hex}"
        self.tokens[token] = user
        return token

    def add_user(self) -> tuple[str, str]:
        """A mail user not used before, so with an empty mailbox: (user, password)."""
        return self._users.pop(0)

    def start(self) -> None:
        # Its own process group, so stopping it takes the per-connection imap processes too.
        self.process = subprocess.Popen([DOVECOT, "-F", "-c", str(self.config)], start_new_session=True,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot exited with {self.process.returncode}: {self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    if sock.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"dovecot did not start listening on {self.port}: {self.log()}")

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> None:
        """Stop the server and every process it started, so open IMAP connections drop at once."""
        if self.process is None:
            return
        for signum in (sig, signal.SIGKILL):
            try:
                os.killpg(self.process.pid, signum)
            except ProcessLookupError:
                break
            self.process.wait(timeout=20)
        self.process = None

    def crash(self) -> None:
        """The server dies at once (SIGKILL to all its processes), mid-conversation."""
        self.stop(signal.SIGKILL)

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def client(self, user: str, password: str) -> IMAPClient:
        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=30)
        client.login(user, password)
        return client

    def append(self, user: str, password: str, messages: list[bytes], folder: str = "INBOX") -> None:
        with self.client(user, password) as client:
            if not client.folder_exists(folder):
                client.create_folder(folder)
            for raw in messages:
                client.append(folder, raw)

    def deliver(self, user: str, raw: bytes, mail_from: str) -> None:
        """Deliver through dovecot's own local delivery agent, as an MTA would."""
        result = subprocess.run([DOVECOT_LDA, "-c", str(self.config), "-d", user, "-f", mail_from],
                                input=raw, capture_output=True, timeout=30)
        if result.returncode != 0:
            raise RuntimeError(f"dovecot-lda failed ({result.returncode}): {result.stderr.decode()} {self.log()}")


class _RelayHandler:
    """Deliver every accepted message to the dovecot user named by the recipient's local part."""

    def __init__(self, dovecot: Dovecot) -> None:
        self.dovecot = dovecot

    async def handle_DATA(self, server: SMTP, session: SMTPSession, envelope: Envelope) -> str:
        # Stamp it as an MTA does, so a test can see which way the mail came.
        stamp = f"Received: from {session.host_name} by relay.council.example with ESMTP; {formatdate()}\r\n"
        for rcpt in envelope.rcpt_tos:
            self.dovecot.deliver(rcpt.split("@", 1)[0], stamp.encode() + (envelope.original_content or b""),
                                 envelope.mail_from or "")
        return "250 2.0.0 Delivered"


class Relay:
    """An aiosmtpd SMTP server on a loopback port relaying into dovecot."""

    def __init__(self, dovecot: Dovecot) -> None:
        self.port = free_port()
        self.controller = Controller(_RelayHandler(dovecot), hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> Relay:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    """A running dovecot for the session (started again if a test stopped it)."""
    # Not pytest's tmp folder: dovecot's unprivileged login process must reach the sockets in it.
    root = Path(tempfile.mkdtemp(prefix="triage-dovecot-"))
    root.chmod(0o755)
    server = Dovecot(root)
    server.start()
    yield server
    server.stop()
    server.introspection.shutdown()
    server.introspection.server_close()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def mail_user(dovecot: Dovecot) -> Iterator[tuple[str, str]]:
    """A fresh, empty mailbox on the running dovecot: (user, password)."""
    if dovecot.process is None:
        dovecot.start()
    yield dovecot.add_user()
    if dovecot.process is None:  # a test stopped it: leave it running for the next one
        dovecot.start()


@pytest.fixture
def relay(dovecot: Dovecot) -> Iterator[Relay]:
    """An SMTP relay into dovecot: send to <user>@council.example to reach that user's INBOX."""
    with Relay(dovecot) as server:
        yield server
