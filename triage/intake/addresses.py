"""Header values as text: tolerant RFC 2047 decoding, addresses, message ids and dates."""

from __future__ import annotations

import base64
import binascii
import quopri
import re
import warnings
from datetime import datetime, timezone
from email.utils import getaddresses, parsedate_to_datetime

from dateutil import parser as dateutil_parser

from triage.intake.charsets import decode_text

_ENCODED_WORD = re.compile(r"=\?([^?\s]*)\?([bBqQ])\?([^?]*)\?=")
# Whitespace between two adjacent encoded words is not part of the text (RFC 2047 section 6.2).
_BETWEEN_WORDS = re.compile(r"(\?=)\s+(=\?)")
_FOLD = re.compile(r"\s+")
_MSG_ID = re.compile(r"<\s*([^<>\s]+?)\s*>")
_BARE_ID = re.compile(r"[^<>\s,;]+@[^<>\s,;]+")
_NO_DATE = datetime(1, 1, 1)
_ADDR_SPEC = re.compile(r"^[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\"]+$")


def restore_bytes(value: str) -> bytes:
    """The raw bytes behind a header value the stdlib decoded as ascii with surrogateescape."""
    return value.encode("utf-8", errors="surrogateescape")


def _decode_word(charset: str, encoding: str, payload: str) -> str:
    """One encoded word as text; undecodable payloads come back as written."""
    charset = charset.split("*", 1)[0]  # RFC 2231 language suffix: =?utf-8*en?Q?...?=
    try:
        if encoding in "bB":
            raw = base64.b64decode(payload + "=" * (-len(payload) % 4), validate=False)
        else:
            raw = quopri.decodestring(payload.replace("_", " ").encode("ascii", "replace"), header=False)
    except (binascii.Error, ValueError):
        return payload
    return decode_text(raw, charset)[0]


def decode_header_text(value: str | bytes | None) -> str:
    """A raw header value as readable text: 8-bit bytes and broken encoded words tolerated."""
    if value is None:
        return ""
    raw = value if isinstance(value, bytes) else restore_bytes(str(value))
    text = decode_text(raw)[0] if not raw.isascii() else raw.decode("ascii")
    text = _BETWEEN_WORDS.sub(r"\1\2", text)
    text = _ENCODED_WORD.sub(lambda m: _decode_word(m.group(1), m.group(2), m.group(3)), text)
    return _FOLD.sub(" ", text).strip()


def message_ids(value: str | None) -> list[str]:
    """Message ids in a Message-ID, In-Reply-To or References value, angle brackets stripped."""
    if not value:
        return []
    found = _MSG_ID.findall(value)
    if not found:
        found = _BARE_ID.findall(value)
    seen: dict[str, None] = {}
    for msg_id in found:
        seen.setdefault(msg_id, None)
    return list(seen)


def _address_chunks(text: str) -> list[str]:
    """An address-list split on commas and semicolons outside quotes, comments and <>."""
    chunks, current, depth, quoted = [], [], 0, False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "<(":
            depth += 1
        elif not quoted and char in ">)" and depth:
            depth -= 1
        if char in ",;" and not quoted and not depth:
            chunks.append("".join(current))
            current = []
            continue
        current.append(char)
    chunks.append("".join(current))
    return [chunk.strip() for chunk in chunks if chunk.strip()]


def split_addresses(text: str) -> list[tuple[str, str]]:
    """(display name, addr-spec) pairs of an address-list; a malformed entry comes back as
    (its text, "") so nobody written in the header is silently dropped."""
    pairs = []
    for chunk in _address_chunks(text):
        try:
            parsed = getaddresses([chunk])
        except Exception:  # noqa: BLE001 - the stdlib raises several types on malformed input
            parsed = []
        good = [(name.strip(), addr.strip()) for name, addr in parsed if clean_addr_spec(addr)]
        pairs += good if len(good) == 1 else [(chunk, "")]
    return pairs


def clean_addr_spec(addr: str | None) -> str | None:
    """A lower-cased addr-spec when `addr` looks like one, else None."""
    if not addr:
        return None
    addr = addr.strip().strip("<>").lower()
    return addr if _ADDR_SPEC.match(addr) else None


def format_address(name: str, addr: str) -> str:
    """An address as a person would write it."""
    if name and addr:
        return f"{name} <{addr}>"
    return name or addr


def parse_date(value: str | None) -> datetime | None:
    """An aware UTC datetime for a Date header, or None when it cannot be read."""
    if not value or not value.strip():
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        try:
            with warnings.catch_warnings():
                # dateutil warns about unknown zone names; the fallback below treats them as UTC.
                warnings.simplefilter("ignore")
                when = dateutil_parser.parse(value, fuzzy=True, default=_NO_DATE)
        except (ValueError, OverflowError, TypeError):
            return None
        if when.year == _NO_DATE.year:
            return None  # fuzzy parsing found no year: a guess would be worse than nothing
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    try:
        return when.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        return None
