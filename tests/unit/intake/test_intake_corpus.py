"""Every message of the real-world corpus parses (or is refused as not mail, with a reason)."""

from __future__ import annotations

import csv
import mailbox
from collections.abc import Iterator
from pathlib import Path

import pytest

from triage.intake.mime import MailParseError, parse_email

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "mail-corpus"
READABLE_SHARE_TARGET = 0.95


def corpus_messages(root: Path) -> Iterator[tuple[str, bytes]]:
    """(name, raw bytes) of every message listed in MANIFEST.tsv; mbox files are split."""
    with (root / "MANIFEST.tsv").open(newline="", encoding="utf-8") as manifest:
        for row in csv.DictReader(manifest, delimiter="\t"):
            path = root / row["dest"]
            if path.suffix == ".mbox":
                box = mailbox.mbox(path, create=False)
                for number, key in enumerate(box.iterkeys()):
                    yield f"{row['dest']}#{number}", box.get_bytes(key)
                box.close()
            else:
                yield row["dest"], path.read_bytes()


@pytest.fixture(scope="module")
def corpus() -> list[tuple[str, bytes]]:
    if not (CORPUS / "MANIFEST.tsv").exists():
        pytest.fail(
            f"The mail corpus is missing: expected {CORPUS}/MANIFEST.tsv. Lay shared/mail-corpus/ "
            "beside the repository clone (see the issue on email intake)."
        )
    return list(corpus_messages(CORPUS))


def test_whole_corpus_parses_and_is_mostly_readable(corpus):
    assert len(corpus) > 500
    readable, refused, crashed = 0, [], []
    for name, raw in corpus:
        try:
            parsed = parse_email(raw)
        except MailParseError as exc:
            refused.append((name, str(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - the point of the test is to list them all
            crashed.append((name, repr(exc)))
            continue
        if parsed.text.strip() or any(attachment.extracted_text for attachment in parsed.attachments):
            readable += 1
    share = readable / len(corpus)
    print(f"\ncorpus: {len(corpus)} messages, {readable} with readable text ({share:.1%}), "
          f"{len(refused)} refused as not mail: {refused}")
    assert crashed == []
    assert all(reason.startswith("not mail:") for _, reason in refused)
    assert len(refused) <= 3
    assert share >= READABLE_SHARE_TARGET


def test_corpus_tnef_winmail_dat_is_unpacked():
    parsed = parse_email((CORPUS / "mimekit" / "ukr.eml").read_bytes())
    [winmail] = [a for a in parsed.attachments if a.filename == "winmail.dat"]
    assert winmail.note is not None and winmail.note.startswith("TNEF winmail.dat unpacked")
    assert "RR Test 1" in parsed.text
    assert parsed.text.count("RR Test 1") == 1  # the TNEF body repeats the text part: not added twice


def test_corpus_pdf_attachment_text_is_extracted():
    parsed = parse_email((CORPUS / "flanker" / "attached-pdf.eml").read_bytes())
    [pdf] = [a for a in parsed.attachments if a.content_type == "application/pdf"]
    assert pdf.extracted_text == "Test."
    # A damaged PDF is reported on the attachment, not raised.
    [broken] = parse_email((CORPUS / "mikel_mail" / "attachment_pdf.eml").read_bytes()).attachments
    assert broken.extracted_text is None and broken.note and "text extraction failed" in broken.note


def test_corpus_group_syntax_header_does_not_crash():
    parsed = parse_email((CORPUS / "mimekit" / "delivery-status.txt").read_bytes())
    assert parsed.to and "unlisted-recipients" in parsed.to[0]
    assert parsed.automatic == "bounce"


def test_corpus_bare_cr_message_is_not_truncated():
    mac = parse_email((CORPUS / "sisimai" / "mac_lhost-amazonworkmail-01.eml").read_bytes())
    dos = parse_email((CORPUS / "sisimai" / "dos_lhost-amazonworkmail-01.eml").read_bytes())
    assert len(mac.text) > 0.9 * len(dos.text)
    assert mac.subject == dos.subject


def test_corpus_unknown_charset_is_decoded():
    parsed = parse_email((CORPUS / "zbateson_mmp" / "invalid-charset.txt").read_bytes())
    assert parsed.text.strip()
    assert "\ufffd" not in parsed.text
