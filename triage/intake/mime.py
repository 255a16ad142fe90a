"""Parsing raw RFC 5322 bytes into a ParsedEmail: never raises on real mail, however broken."""

from __future__ import annotations

import email
import re
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import Message

from triage.intake.addresses import (
    clean_addr_spec,
    decode_header_text,
    format_address,
    message_ids,
    parse_date,
    split_addresses,
)
from triage.intake.attachments import extract_text, sha256_hex
from triage.intake.automatic import classify_automatic
from triage.intake.html_text import sanitise_html
from triage.intake.mime_parts import Attachment, content_type_of, param_of, raw_header, walk
from triage.intake.quotes import split_reply

KEPT_HEADERS = (
    "Auto-Submitted",
    "Precedence",
    "X-Autoreply",
    "X-Autorespond",
    "X-Auto-Response-Suppress",
    "Return-Path",
    "Content-Language",
    "X-Mailer",
)

# RFC 5322 field name (printable ASCII but ':'), optionally followed by obsolete whitespace.
_HEADER_LINE = re.compile(rb"^[\x21-\x39\x3b-\x7e]{1,200}[ \t]*:")
_LEADING_BLANK = re.compile(rb"^(?:\xef\xbb\xbf)?(?:[ \t]*\r?\n|[ \t]*\r)*")
_BARE_CR = re.compile(rb"\r(?!\n)")
_NOT_MAIL_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an OLE2 file such as an Outlook .msg"),
    (b"{", "a JSON document"),
    (b"[", "a JSON document"),
    (b"<", "an HTML or XML document"),
)


class MailParseError(ValueError):
    """The input is not mail at all (no header block); the caller quarantines it."""


@dataclass(frozen=True)
class ParsedAttachment:
    """An attachment with its hash, size and (when parsed) text."""

    filename: str
    content_type: str
    size: int
    sha256: str
    data: bytes | None
    extracted_text: str | None
    note: str | None


@dataclass(frozen=True)
class ParsedEmail:
    """Everything the intake needs from one message."""

    message_id: str | None
    in_reply_to: list[str]
    references: list[str]
    thread_index: str | None
    subject: str
    sender: str
    sender_email: str | None
    sender_name: str | None
    to: list[str]
    cc: list[str]
    date: datetime | None
    text: str
    new_text: str
    quoted_text: str
    html: str | None
    attachments: list[ParsedAttachment]
    automatic: str | None
    automatic_reason: str | None
    headers: dict[str, str]
    defects: list[str]


def _prepare(raw: bytes) -> bytes:
    """Bytes ready for the stdlib parser, or MailParseError when there is no header block."""
    data = _LEADING_BLANK.sub(b"", bytes(raw), count=1)
    if data.startswith(b"From ") and not _HEADER_LINE.match(data):
        data = data.split(b"\n", 1)[1] if b"\n" in data else b""  # mbox envelope line
    if not data.strip():
        raise MailParseError("not mail: the input is empty")
    for magic, what in _NOT_MAIL_MAGIC:
        if data.startswith(magic):
            raise MailParseError(f"not mail: the input looks like {what}, with no header block")
    if not _HEADER_LINE.match(data):
        start = data[:40].decode("ascii", errors="replace")
        raise MailParseError(f"not mail: no header block (the input starts {start!r})")
    head = data[:8192]
    if len(_BARE_CR.findall(head)) > head.count(b"\n"):
        # Classic Mac line endings: the stdlib splits on them for headers but not inside
        # quoted-printable bodies, which it then truncates at the first soft break.
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return data


def _addresses(message: Message, name: str, defects: list[str]) -> list[tuple[str, str]]:
    """(display name, addr-spec) pairs of an address header; the raw text when unparseable."""
    raw = raw_header(message, name)
    if raw is None:
        return []
    try:
        header = message[name]
        pairs = [(address.display_name, address.addr_spec) for address in header.addresses]
        # The stdlib drops entries it cannot parse (recording a defect) and mangles 8-bit
        # names; only a clean result is trusted, anything else is re-read from the raw text.
        if raw.isascii() and not header.defects and (pairs or not raw.strip()):
            return pairs
    except Exception as exc:  # noqa: BLE001 - e.g. group syntax "unlisted-recipients:;"
        defects.append(f"{name} header fell back to plain parsing: {type(exc).__name__}")
    text = decode_header_text(raw)
    return split_addresses(text) or ([(text, "")] if text else [])


def _attachment(found: Attachment, max_parse: int, max_keep: int) -> ParsedAttachment:
    size = len(found.data)
    note = found.note
    text = None
    if size > max_parse:
        note = "over the parse limit: kept, not parsed" if size <= max_keep else note
    else:
        text, failure = extract_text(found.filename, found.content_type, found.data, found.charset)
        note = note or failure
    if size > max_keep:
        note = "over the keep limit: not kept, not parsed (still in the raw message)"
    return ParsedAttachment(
        filename=found.filename,
        content_type=found.content_type,
        size=size,
        sha256=sha256_hex(found.data),
        data=found.data if size <= max_keep else None,
        extracted_text=text if text and text.strip() else None,
        note=note,
    )


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


def parse_email(
    raw: bytes,
    *,
    max_attachment_parse_bytes: int = 10 * 1024 * 1024,
    max_attachment_keep_bytes: int = 50 * 1024 * 1024,
) -> ParsedEmail:
    """Parse raw mail bytes; raises MailParseError only when the input is not mail at all."""
    data = _prepare(raw)
    message = email.message_from_bytes(data, policy=policy.default)
    defects: list[str] = []
    found = walk(message)
    defects += found.defects

    from_pairs = _addresses(message, "From", defects)
    sender = decode_header_text(raw_header(message, "From"))
    sender_name, sender_addr = from_pairs[0] if from_pairs else ("", "")
    sender_email = clean_addr_spec(sender_addr)
    subject = decode_header_text(raw_header(message, "Subject"))
    headers = {
        name: decode_header_text(value)
        for name in KEPT_HEADERS
        if (value := raw_header(message, name)) is not None
    }
    automatic, automatic_reason = classify_automatic(
        headers,
        content_type=content_type_of(message),
        report_type=param_of(message, "report-type"),
        sender_email=sender_email,
        sender=sender,
        subject=subject,
    )
    pieces = [piece.strip("\n") for piece in found.texts if piece.strip()] or found.fallback_texts
    text = "\n\n".join(pieces).strip()
    new_text, quoted_text = split_reply(text)
    html = next((cleaned for body in found.html if (cleaned := sanitise_html(body))), None)
    message_id = message_ids(raw_header(message, "Message-ID"))
    thread_index = raw_header(message, "Thread-Index")
    return ParsedEmail(
        message_id=message_id[0] if message_id else None,
        in_reply_to=message_ids(raw_header(message, "In-Reply-To")),
        references=message_ids(raw_header(message, "References")),
        thread_index=thread_index.strip() if thread_index else None,
        subject=subject,
        sender=sender,
        sender_email=sender_email,
        sender_name=(sender_name or "").strip() or None,
        to=[format_address(name, addr) for name, addr in _addresses(message, "To", defects)],
        cc=[format_address(name, addr) for name, addr in _addresses(message, "Cc", defects)],
        date=parse_date(decode_header_text(raw_header(message, "Date"))),
        text=text,
        new_text=new_text,
        quoted_text=quoted_text,
        html=html,
        attachments=[
            _attachment(item, max_attachment_parse_bytes, max_attachment_keep_bytes) for item in found.attachments
        ],
        automatic=automatic,
        automatic_reason=automatic_reason,
        headers=headers,
        defects=_dedupe(defects),
    )
