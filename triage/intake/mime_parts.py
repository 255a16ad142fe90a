"""Walking a parsed MIME tree: body text, HTML and attachments, tolerant of broken structure."""

from __future__ import annotations

import binascii
import email
import quopri
import re
from dataclasses import dataclass, field
from email import policy
from email.message import Message
from email.utils import collapse_rfc2231_value

from triage.intake.addresses import decode_header_text
from triage.intake.attachments import is_tnef, unpack_tnef
from triage.intake.charsets import decode_text
from triage.intake.html_text import html_to_text

# The stdlib parser already bounds nesting by input size; this bounds our own recursion.
_MAX_DEPTH = 30
_BASE64_JUNK = re.compile(rb"[^A-Za-z0-9+/]")
_UU_BEGIN = re.compile(r"^begin [0-7]{3,4} (.+?)\s*$", re.MULTILINE)
_STDLIB_ENCODINGS = {"quoted-printable", "x-uuencode", "uuencode", "uue", "x-uue"}
_BODY_SUBTYPES = {"plain", "html", "enriched", "richtext"}
_SIGNATURE_TYPES = {"application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature"}
_ENCRYPTED_TYPES = {"application/pkcs7-mime", "application/x-pkcs7-mime", "application/pgp-encrypted"}
FORWARD_MARKER = "---------- Forwarded message ----------"


@dataclass(frozen=True)
class Attachment:
    """An attachment before the keep/parse limits are applied."""

    filename: str
    content_type: str
    data: bytes
    charset: str | None = None
    note: str | None = None


@dataclass
class Collected:
    """What a walk over parts found, in document order."""

    texts: list[str] = field(default_factory=list)
    # Text to use only when no part has any (a winmail.dat body repeats the text/plain part).
    fallback_texts: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    plain_found: bool = False

    def absorb(self, other: Collected) -> None:
        """Add everything `other` found after what this one holds."""
        self.texts += other.texts
        self.fallback_texts += other.fallback_texts
        self.html += other.html
        self.attachments += other.attachments
        self.defects += other.defects
        self.plain_found = self.plain_found or other.plain_found


def raw_header(part: Message, name: str) -> str | None:
    """The first raw value of a header (as the stdlib stored it), never parsed, never raising."""
    lowered = name.lower()
    for key, value in part.raw_items():
        if key.lower() == lowered:
            return str(value)
    return None


def content_type_of(part: Message) -> str:
    """The part's content type, tolerating headers the stdlib cannot parse."""
    try:
        ctype = part.get_content_type()
    except Exception:  # noqa: BLE001 - header parsing can raise on malformed values
        raw = raw_header(part, "content-type") or "text/plain"
        ctype = raw.split(";", 1)[0].strip().lower() or "text/plain"
    # "multipart/mixed<TAB>boundary=..." (no ';') yields a type with junk after whitespace.
    return ctype.split()[0] if ctype else "text/plain"


def param_of(part: Message, name: str, header: str = "content-type") -> str | None:
    """A header parameter (charset, boundary, report-type...) decoded, or None."""
    try:
        value = part.get_param(name, header=header)
    except Exception:  # noqa: BLE001 - malformed parameters raise from the stdlib
        value = None
    if isinstance(value, tuple):  # RFC 2231 (charset, language, value)
        value = collapse_rfc2231_value(value)
    if value is None:
        raw = raw_header(part, header) or ""
        match = re.search(rf"""(?i)\b{re.escape(name)}\s*=\s*"?([^";\s]+)""", raw)
        value = match.group(1) if match else None
    return decode_header_text(str(value)) if value is not None else None


def filename_of(part: Message) -> str | None:
    """The attachment's file name (RFC 2231 and RFC 2047 decoded), or None."""
    try:
        name = part.get_filename()
    except Exception:  # noqa: BLE001
        name = None
    if not name:
        name = param_of(part, "filename", "content-disposition") or param_of(part, "name")
    return decode_header_text(name) if name else None


def disposition_of(part: Message) -> str | None:
    """"attachment", "inline" or None."""
    raw = (raw_header(part, "content-disposition") or "").split(";", 1)[0].strip().lower()
    return raw or None


def _uudecode(data: bytes) -> bytes:
    out = bytearray()
    lines = data.splitlines()
    started = False
    for line in lines:
        if not started:
            started = line.startswith(b"begin ")
            continue
        if line.strip() in {b"end", b"`"} or not line.strip():
            if line.strip() == b"end":
                break
            continue
        try:
            out += binascii.a2b_uu(line)
        except binascii.Error:
            # Some encoders write lines a few bytes short; decode what the length byte promises.
            nbytes = (((line[0] - 32) & 63) * 4 + 5) // 3
            try:
                out += binascii.a2b_uu(line[:nbytes])
            except binascii.Error:
                continue
    return bytes(out)


def _base64_decode(data: bytes) -> bytes:
    cleaned = _BASE64_JUNK.sub(b"", data.split(b"=", 1)[0])
    cleaned = cleaned[: len(cleaned) - len(cleaned) % 4] if len(cleaned) % 4 == 1 else cleaned
    return binascii.a2b_base64(cleaned + b"=" * (-len(cleaned) % 4))


def payload_bytes(part: Message) -> bytes:
    """The decoded body of a leaf part, whatever its Content-Transfer-Encoding says."""
    if part.is_multipart():
        return b""
    cte = (raw_header(part, "content-transfer-encoding") or "").strip().lower()
    try:
        if "base64" in cte:
            # The stdlib gives up on damaged base64 and returns the encoded text; decode what
            # can be decoded instead (8-bit junk in a base64 body is dropped either way).
            return _base64_decode(str(part.get_payload()).encode("ascii", errors="ignore"))
        # The stdlib decodes the encodings it recognises and returns the bytes as sent otherwise
        # (get_payload() without decode=True would re-decode 8-bit text with 'replace').
        data = part.get_payload(decode=True) or b""
        if cte in _STDLIB_ENCODINGS:
            return data
        # "quoted printable", "quoted-printable;", "uuencode " and friends: decode what was meant.
        if "quoted" in cte or cte == "qp":
            return quopri.decodestring(data)
        if "uu" in cte:
            return _uudecode(data)
        return data
    except Exception:  # noqa: BLE001 - binascii, ValueError and whatever a broken payload raises
        return str(part.get_payload()).encode("utf-8", errors="surrogateescape")


def _is_body_text(ctype: str, part: Message) -> bool:
    maintype, _, subtype = ctype.partition("/")
    if maintype != "text" or subtype not in _BODY_SUBTYPES:
        return False
    return disposition_of(part) != "attachment" and filename_of(part) is None


def _header_block(message: Message) -> str:
    lines = []
    for name in ("From", "Date", "Subject", "To", "Cc"):
        value = raw_header(message, name)
        if value:
            lines.append(f"{name}: {decode_header_text(value)}")
    return "\n".join(lines)


def _fields_text(blocks: list[Message]) -> str:
    """Header-like blocks (message/delivery-status) as readable lines."""
    return "\n\n".join(
        "\n".join(f"{key}: {decode_header_text(value)}" for key, value in block.raw_items()) for block in blocks
    )


def walk(part: Message, depth: int = 0) -> Collected:
    """Body texts, HTML bodies and attachments under `part`."""
    found = Collected()
    if depth > _MAX_DEPTH:
        found.defects.append("MIME nesting too deep: inner parts skipped")
        return found
    found.defects += [_defect_text(defect) for defect in getattr(part, "defects", [])]
    ctype = content_type_of(part)
    payload = part.get_payload()

    if ctype == "message/delivery-status" and isinstance(payload, list):
        found.texts.append(_fields_text(payload))
    elif isinstance(payload, list) and ctype.startswith("message/"):
        for inner in payload:
            if ctype in {"message/rfc822", "message/global"}:
                header = _header_block(inner)
                found.texts.append(f"{FORWARD_MARKER}\n{header}" if header else FORWARD_MARKER)
            found.absorb(walk(inner, depth + 1))
    elif isinstance(payload, list) and ctype == "multipart/alternative":
        found.absorb(_walk_alternative(payload, depth))
    elif isinstance(payload, list):
        for child in payload:
            found.absorb(walk(child, depth + 1))
    elif ctype in {"message/rfc822", "message/global"} and depth < _MAX_DEPTH:
        # A forwarded message sent base64-encoded: the stdlib leaves it unparsed.
        inner = email.message_from_bytes(payload_bytes(part), policy=policy.default)
        found.texts.append(f"{FORWARD_MARKER}\n{_header_block(inner)}")
        found.absorb(walk(inner, depth + 1))
    else:
        _leaf(part, ctype, found)
    return found


def _walk_alternative(children: list[Message], depth: int) -> Collected:
    """One readable version of a multipart/alternative: plain text first, HTML kept for display."""
    versions = [walk(child, depth + 1) for child in children]
    chosen = next((v for v in versions if v.plain_found and any(t.strip() for t in v.texts)), None)
    if chosen is None:
        chosen = next((v for v in reversed(versions) if any(t.strip() for t in v.texts)), None)
    found = Collected()
    for version in versions:
        found.defects += version.defects
        found.attachments += version.attachments
        found.html += version.html
        found.fallback_texts += version.fallback_texts
    if chosen is not None:
        found.texts = chosen.texts
        found.plain_found = chosen.plain_found
    return found


def _leaf(part: Message, ctype: str, found: Collected) -> None:
    data = payload_bytes(part)
    charset = param_of(part, "charset")
    if ctype.startswith("multipart/") or ctype == "message/partial" or not ctype.count("/"):
        # A multipart the stdlib could not split, a fragment, or a nonsense type: show it as text.
        text, note = decode_text(data, charset)
        found.texts.append(text)
        found.plain_found = True
        if note:
            found.defects.append(note)
        return
    if _is_body_text(ctype, part):
        text, note = decode_text(data, charset)
        if note:
            found.defects.append(note)
        if ctype == "text/html":
            found.html.append(text)
            found.texts.append(html_to_text(text))
        else:
            found.texts.append(_uuencoded_files(text, found))
            found.plain_found = True
        return
    filename = filename_of(part) or _default_name(ctype)
    if is_tnef(filename, ctype):
        body, files, error = unpack_tnef(data)
        if body:
            found.fallback_texts.append(body)
        for unpacked in files:
            found.attachments.append(Attachment(unpacked.filename, unpacked.content_type, unpacked.data))
        note = error or f"TNEF winmail.dat unpacked: {len(files)} file(s)"
        found.attachments.append(Attachment(filename, ctype, data, note=note))
        return
    note = None
    if ctype in _ENCRYPTED_TYPES:
        note = "encrypted content: cannot be read"
    elif ctype in _SIGNATURE_TYPES:
        note = "digital signature"
    found.attachments.append(Attachment(filename, ctype, data, charset=charset, note=note))


def _uuencoded_files(text: str, found: Collected) -> str:
    """Collect files uuencoded inside a text body (old clients did this); the text without them."""
    if "begin " not in text:
        return text
    kept, position = [], 0
    for match in _UU_BEGIN.finditer(text):
        end = text.find("\nend", match.end())
        if end < 0 or match.start() < position:
            continue
        data = _uudecode(text[match.start() : end + 4].encode("latin-1", errors="replace"))
        if data:
            found.attachments.append(
                Attachment(match.group(1), "application/octet-stream", data, note="uuencoded in the body")
            )
            kept.append(text[position : match.start()])
            position = end + 4
    return "".join(kept) + text[position:]


def _default_name(ctype: str) -> str:
    return "attachment." + (ctype.split("/", 1)[-1].split("+")[0] or "bin")


def _defect_text(defect: object) -> str:
    """A stdlib defect class name as words, e.g. "close boundary not found"."""
    name = type(defect).__name__.removesuffix("Defect")
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()
    detail = str(defect)
    return f"{words}: {detail}" if detail and detail != "None" else words
