"""parse_email on small synthetic messages: encodings, charsets, structure, headers, limits."""

from __future__ import annotations

import base64
import binascii
import io
from datetime import datetime, timezone

import docx
import pytest

from triage.intake.mime import MailParseError, parse_email


def mail(headers: str, body: bytes | str = "Hello from a parent.\n") -> bytes:
    """A message from header lines (no trailing blank line) and a body."""
    body_bytes = body.encode("utf-8") if isinstance(body, str) else body
    return headers.strip("\n").encode("utf-8") + b"\n\n" + body_bytes


BASIC = """From: Jane Parent <jane.parent@example.org>
To: SEND Team <send@council.example>
Subject: Annual review for my son
Date: Tue, 04 Feb 2025 09:15:00 +0000
Message-ID: <abc123@mail.example.org>
In-Reply-To: <prev1@council.example>
References: <root@council.example> <prev1@council.example>
Thread-Index: AdtW1234abcd==
Content-Type: text/plain; charset=utf-8"""


def test_basic_headers_are_decoded():
    parsed = parse_email(mail(BASIC))
    assert parsed.message_id == "abc123@mail.example.org"
    assert parsed.in_reply_to == ["prev1@council.example"]
    assert parsed.references == ["root@council.example", "prev1@council.example"]
    assert parsed.thread_index == "AdtW1234abcd=="
    assert parsed.subject == "Annual review for my son"
    assert parsed.sender_email == "jane.parent@example.org"
    assert parsed.sender_name == "Jane Parent"
    assert parsed.to == ["SEND Team <send@council.example>"]
    assert parsed.date == datetime(2025, 2, 4, 9, 15, tzinfo=timezone.utc)
    assert parsed.text == "Hello from a parent."
    assert parsed.new_text == "Hello from a parent."
    assert parsed.automatic is None


@pytest.mark.parametrize(
    "raw, why",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"%PDF-1.7\n1 0 obj\n", "PDF"),
        (b'{"channel": "form", "body": "hi"}', "JSON"),
        (b"Just some text a person typed\nwith no headers at all\n", "no header block"),
    ],
)
def test_input_that_is_not_mail_raises_mail_parse_error(raw, why):
    with pytest.raises(MailParseError, match="not mail") as caught:
        parse_email(raw)
    assert why in str(caught.value)


def test_weird_headers_are_still_mail():
    raw = mail("X-Weird-Header-1:: value\nFrom jane\nSubject: odd\n", "Body text")
    parsed = parse_email(raw)
    assert "Body text" in parsed.text


def test_mbox_envelope_line_and_bom_are_skipped():
    raw = b"\xef\xbb\xbfFrom jane@example.org Mon Jan  1 00:00:00 2024\n" + mail(BASIC)
    assert parse_email(raw).subject == "Annual review for my son"


def test_bogus_charset_falls_back_to_detection():
    body = "Mae fy mab yn aros am ei gynllun ers misoedd. Ça ne va pas, très déçue.".encode("utf-8")
    raw = mail("From: a@example.org\nSubject: x\nContent-Type: text/plain; charset=x-unknown", body)
    parsed = parse_email(raw)
    assert "très déçue" in parsed.text
    assert any("x-unknown" in defect for defect in parsed.defects)


def test_latin1_declared_8bit_body_decodes():
    body = "Die Hasen klagten einst über ihre mißliche Lage".encode("iso-8859-1")
    raw = mail("From: a@example.org\nContent-Type: text/plain; charset=iso-8859-1\n"
               "Content-Transfer-Encoding: 8bit", body)
    assert "über ihre mißliche" in parse_email(raw).text


def test_windows_1251_and_koi8_bodies():
    for charset in ("windows-1251", "koi8-r"):
        body = "Моему сыну нужно место в школе".encode(charset)
        raw = mail(f"From: a@example.org\nContent-Type: text/plain; charset={charset}", body)
        assert "место в школе" in parse_email(raw).text


def test_encoded_words_including_broken_ones():
    raw = mail(
        "From: =?utf-8?q?Zofia_Kowalsk=C4=85?= <zofia@example.org>\n"
        "Subject: =?utf-8?B?UGxhbiBFSEMgZGxhIHN5bmE=?= =?iso-8859-2?q?_=B1?=\n"
        "To: =?bogus-charset?q?Caf=E9?= <cafe@example.com>",
    )
    parsed = parse_email(raw)
    assert parsed.subject == "Plan EHC dla syna ą"
    assert parsed.sender_name == "Zofia Kowalską"
    assert parsed.to and "cafe@example.com" in parsed.to[0]


def test_raw_8bit_headers_are_decoded():
    raw = "From: Zoë Parent <zoe@example.org>\nSubject: Pénélope’s plan\n\nBody".encode("utf-8")
    parsed = parse_email(raw)
    assert parsed.subject == "Pénélope’s plan"
    assert parsed.sender_name == "Zoë Parent"


def test_group_syntax_and_malformed_addresses_are_kept_as_text():
    raw = mail(
        "From: not an address at all\nTo: unlisted-recipients:; (no To-header on input)\n"
        "Cc: good@example.org, broken@@example, \nSubject: s"
    )
    parsed = parse_email(raw)
    assert parsed.sender == "not an address at all"
    assert parsed.sender_email is None
    assert parsed.to and "unlisted-recipients" in parsed.to[0]
    assert "good@example.org" in parsed.cc
    assert any("broken" in entry for entry in parsed.cc)


def test_huge_header_does_not_break_parsing():
    to = ", ".join(f"=?utf-8?q?Person_{n}?= <p{n}@example.org>" for n in range(4000))
    raw = mail(f"From: a@example.org\nTo: {to}\nSubject: {'long ' * 20000}")
    parsed = parse_email(raw)
    assert len(parsed.to) == 4000
    assert parsed.subject.startswith("long long")


def test_bad_date_is_none_and_naive_date_is_utc():
    assert parse_email(mail("From: a@example.org\nDate: Wed, 15 Dec 2010    59:10 -0500")).date is None
    assert parse_email(mail("From: a@example.org\nDate: not a date")).date is None
    naive = parse_email(mail("From: a@example.org\nDate: 2024-03-01 10:00:00")).date
    assert naive == datetime(2024, 3, 1, 10, 0, tzinfo=timezone.utc)


def test_bare_cr_line_endings_and_quoted_printable_soft_breaks():
    text = (
        "From: a@example.org\rSubject: cr only\rContent-Type: text/plain; charset=utf-8\r"
        "Content-Transfer-Encoding: quoted-printable\r\r"
        "This message was created automatically by mail delivery software. It is lo=\r"
        "ng enough to need a soft line break, and the end must survive.\r"
    )
    parsed = parse_email(text.encode("ascii"))
    assert parsed.subject == "cr only"
    assert parsed.text.endswith("the end must survive.")
    assert "long enough" in parsed.text


def test_mixed_line_endings():
    raw = b"From: a@example.org\r\nSubject: mixed\nContent-Type: text/plain\r\n\r\nline one\r\nline two\nline three\n"
    parsed = parse_email(raw)
    assert parsed.subject == "mixed"
    assert parsed.text.split() == ["line", "one", "line", "two", "line", "three"]


def test_nonstandard_transfer_encoding_names_are_honoured():
    encoded = base64.b64encode("Où est le plan ?".encode("utf-8")).decode()
    raw = mail("From: a@example.org\nContent-Type: text/plain; charset=utf-8\n"
               "Content-Transfer-Encoding: base64;", encoded)
    assert parse_email(raw).text == "Où est le plan ?"
    raw = mail("From: a@example.org\nContent-Type: text/plain; charset=utf-8\n"
               "Content-Transfer-Encoding: quoted printable", "Caf=C3=A9 du coll=\nege")
    assert parse_email(raw).text == "Café du college"


def test_uuencoded_attachment_is_decoded():
    line = binascii.b2a_uu(b"Letter from school").decode()
    raw = mail(
        'From: a@example.org\nContent-Type: multipart/mixed; boundary="b"',
        "--b\nContent-Type: text/plain\n\nSee attached\n"
        '--b\nContent-Type: application/octet-stream; name="letter.txt"\n'
        "Content-Transfer-Encoding: x-uuencode\n\n"
        f"begin 644 letter.txt\n{line}`\nend\n--b--\n",
    )
    parsed = parse_email(raw)
    assert parsed.text == "See attached"
    [attachment] = parsed.attachments
    assert attachment.filename == "letter.txt"
    assert attachment.data == b"Letter from school"
    assert attachment.extracted_text == "Letter from school"


def test_html_only_mail_becomes_readable_text_and_sanitised_html():
    html = ("<html><body><p>My daughter has <b>no school place</b>.</p>"
            "<script>alert(1)</script><img src='http://track.example/p.gif'></body></html>")
    raw = mail("From: a@example.org\nContent-Type: text/html; charset=utf-8", html)
    parsed = parse_email(raw)
    assert parsed.text == "My daughter has no school place."
    assert parsed.html is not None
    assert "<b>no school place</b>" in parsed.html
    assert "script" not in parsed.html and "track.example" not in parsed.html


NESTED = """--outer
Content-Type: multipart/alternative; boundary="alt"

--alt
Content-Type: text/plain; charset=utf-8

Plain version of the complaint.
--alt
Content-Type: multipart/related; boundary="rel"

--rel
Content-Type: text/html; charset=utf-8

<p>HTML version of the complaint.</p>
--rel
Content-Type: image/png
Content-ID: <logo>
Content-Transfer-Encoding: base64

iVBORw0KGgo=
--rel--
--alt--
--outer
Content-Type: message/rfc822

From: School Office <office@school.example>
Subject: Placement letter
Date: Mon, 03 Feb 2025 10:00:00 +0000
Content-Type: multipart/mixed; boundary="inner"

--inner
Content-Type: text/plain

The forwarded letter text.
--inner
Content-Type: text/plain; name="notes.txt"
Content-Disposition: attachment; filename="notes.txt"

Notes inside the forward.
--inner--
--outer--
"""


def test_nested_multiparts_and_forwarded_message():
    raw = mail('From: a@example.org\nSubject: Fwd: letter\nContent-Type: multipart/mixed; boundary="outer"', NESTED)
    parsed = parse_email(raw)
    assert parsed.text.startswith("Plain version of the complaint.")
    assert "HTML version" not in parsed.text  # plain alternative preferred
    assert "The forwarded letter text." in parsed.text
    assert "From: School Office <office@school.example>" in parsed.text
    assert parsed.html is not None and "HTML version" in parsed.html
    names = {attachment.filename: attachment for attachment in parsed.attachments}
    assert names["notes.txt"].extracted_text == "Notes inside the forward."
    assert any(a.content_type == "image/png" for a in parsed.attachments)
    assert parsed.new_text == "Plain version of the complaint."
    assert "The forwarded letter text." in parsed.quoted_text


def _docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _with_attachment(filename: str, content_type: str, data: bytes) -> bytes:
    encoded = base64.encodebytes(data).decode()
    return mail(
        'From: a@example.org\nContent-Type: multipart/mixed; boundary="b"',
        f"--b\nContent-Type: text/plain\n\nPlease see the report.\n--b\n"
        f'Content-Type: {content_type}; name="{filename}"\n'
        f'Content-Disposition: attachment; filename="{filename}"\n'
        f"Content-Transfer-Encoding: base64\n\n{encoded}--b--\n",
    )


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_docx_attachment_text_is_extracted_with_hash_and_size():
    data = _docx_bytes("Educational psychologist advice for SEN104217")
    [attachment] = parse_email(_with_attachment("advice.docx", DOCX_TYPE, data)).attachments
    assert attachment.extracted_text == "Educational psychologist advice for SEN104217"
    assert attachment.size == len(data)
    assert attachment.data == data
    assert len(attachment.sha256) == 64


def test_attachment_over_the_parse_limit_is_kept_not_parsed():
    data = _docx_bytes("x" * 100)
    parsed = parse_email(_with_attachment("big.docx", DOCX_TYPE, data), max_attachment_parse_bytes=100)
    [attachment] = parsed.attachments
    assert attachment.extracted_text is None
    assert attachment.data == data
    assert attachment.note == "over the parse limit: kept, not parsed"


def test_corrupt_attachment_is_noted_not_raised():
    [attachment] = parse_email(_with_attachment("broken.pdf", "application/pdf", b"%PDF-1.4 garbage")).attachments
    assert attachment.extracted_text is None
    assert attachment.note and "text extraction failed" in attachment.note


def test_kept_headers():
    raw = mail(BASIC + "\nX-Mailer: Synthetic Mailer 1.0\nContent-Language: en-GB\nReturn-Path: <jane.parent@example.org>")
    headers = parse_email(raw).headers
    assert headers["X-Mailer"] == "Synthetic Mailer 1.0"
    assert headers["Content-Language"] == "en-GB"
    assert headers["Return-Path"] == "<jane.parent@example.org>"


def test_uuencoded_block_inside_a_text_body_becomes_an_attachment():
    line = binascii.b2a_uu(b"scan of the letter").decode()
    raw = mail("From: a@example.org\nContent-Type: text/plain",
               f"Here is the letter.\n\nbegin 644 letter.txt\n{line}`\nend\n\nThanks")
    parsed = parse_email(raw)
    assert parsed.text.split() == ["Here", "is", "the", "letter.", "Thanks"]
    [attachment] = parsed.attachments
    assert (attachment.filename, attachment.data) == ("letter.txt", b"scan of the letter")
