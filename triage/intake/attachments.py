"""Attachment contents: text from PDF, DOCX and text files; TNEF winmail.dat unpacking."""

from __future__ import annotations

import hashlib
import io
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import docx
import tnefparse
from pypdf import PdfReader

from triage.intake.charsets import decode_text
from triage.intake.html_text import html_to_text

# Enough pages to classify a letter or report; a 500-page bundle adds time, not meaning.
_MAX_PDF_PAGES = 50

_PDF_TYPES = {"application/pdf", "application/x-pdf"}
_DOCX_TYPES = {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
_TNEF_TYPES = {"application/ms-tnef", "application/vnd.ms-tnef"}


@dataclass(frozen=True)
class UnpackedFile:
    """A file found inside a container such as winmail.dat."""

    filename: str
    content_type: str
    data: bytes


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def _suffix(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def is_tnef(filename: str, content_type: str) -> bool:
    """Whether an attachment is an Outlook TNEF container (winmail.dat)."""
    return content_type in _TNEF_TYPES or filename.lower() in {"winmail.dat", "win.dat"}


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Silence a library's warnings and log noise: odd files are normal input here."""
    library_logger = logging.getLogger(logger_name)
    previous = library_logger.level
    library_logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        library_logger.setLevel(previous)


def _pdf_text(data: bytes) -> str:
    with _quiet("pypdf"):
        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = [page.extract_text() or "" for page in reader.pages[:_MAX_PDF_PAGES]]
    return "\n\n".join(page.strip() for page in pages if page.strip())


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(line for line in lines if line.strip())


def extract_text(filename: str, content_type: str, data: bytes, charset: str | None = None) -> tuple[str | None, str | None]:
    """(text, note) from a PDF, DOCX or text attachment; (None, None) for other kinds."""
    suffix = _suffix(filename)
    try:
        if content_type in _PDF_TYPES or suffix == "pdf" or data[:5] == b"%PDF-":
            return _pdf_text(data), None
        if content_type in _DOCX_TYPES or suffix == "docx":
            return _docx_text(data), None
        if content_type == "text/html" or suffix in {"htm", "html"}:
            return html_to_text(decode_text(data, charset)[0]), None
        if content_type.startswith("text/") or suffix in {"txt", "csv", "ics", "vcf"}:
            return decode_text(data, charset)[0], None
    except Exception as exc:  # noqa: BLE001 - third-party readers raise many types on bad files
        return None, f"text extraction failed: {type(exc).__name__}"
    return None, None


def unpack_tnef(data: bytes) -> tuple[str, list[UnpackedFile], str | None]:
    """(body text, files, error) of a winmail.dat; error is None when it unpacked."""
    try:
        with _quiet("tnefparse"):
            tnef = tnefparse.TNEF(data, do_checksum=False)
            body = _tnef_body(tnef)
            files = [
                UnpackedFile(
                    filename=_tnef_name(attachment) or "attachment",
                    content_type="application/octet-stream",
                    data=bytes(attachment.data or b""),
                )
                for attachment in tnef.attachments
            ]
    except Exception as exc:  # noqa: BLE001 - a corrupt container is ordinary input
        return "", [], f"TNEF winmail.dat could not be unpacked: {type(exc).__name__}"
    return body, files, None


def _tnef_name(attachment: object) -> str:
    name = attachment.long_filename()  # type: ignore[attr-defined]
    if isinstance(name, bytes):
        name = decode_text(name)[0]
    return str(name).strip("\x00 ").strip()


def _tnef_body(tnef: tnefparse.TNEF) -> str:
    for body, is_html in ((tnef.body, False), (tnef.htmlbody, True)):
        if not body:
            continue
        text = decode_text(body)[0] if isinstance(body, bytes) else str(body)
        text = html_to_text(text) if is_html else text
        if text.strip():
            return text.strip("\x00").strip()
    return ""
