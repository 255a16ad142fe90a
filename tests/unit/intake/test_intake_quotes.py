"""New text versus quoted history and signatures, on corpus replies and synthetic ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from triage.intake.mime import parse_email
from triage.intake.quotes import split_reply

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "mail-corpus"
TALON_REPLIES = [
    "android", "aol", "apple_mail", "apple_mail_2", "comcast", "gmail", "hotmail",
    "iphone", "outlook", "sparrow", "thunderbird", "yahoo",
]


@pytest.mark.parametrize("name", TALON_REPLIES)
def test_talon_replies_keep_only_the_new_text(name):
    path = CORPUS / "talon" / f"{name}.eml"
    assert path.exists(), f"mail corpus missing at {CORPUS}"
    parsed = parse_email(path.read_bytes())
    assert parsed.new_text == "Hello"
    assert parsed.quoted_text
    assert not parsed.quoted_text.startswith("Hello")


def test_talon_shared_quote_block_reply():
    parsed = parse_email((CORPUS / "talon" / "reply-quotations-share-block.eml").read_bytes())
    assert parsed.new_text.startswith("Hi Katharine.")
    assert parsed.new_text.rstrip().endswith("Joe XXX")
    assert "new booking inquiry" in parsed.quoted_text


def test_mikel_mail_signature_is_separated():
    parsed = parse_email((CORPUS / "mikel_mail" / "content_transfer_encoding_x_uuencode.eml").read_bytes())
    assert parsed.new_text == "Attached are the comments of the Public Generating Pool."
    assert "Northwest Economic Research" in parsed.quoted_text


def test_on_date_wrote_with_quotes():
    text = ("The draft plan still names the wrong school.\n\n"
            "On Mon, 3 Feb 2025 at 10:00, SEND Team <send@council.example> wrote:\n"
            "> Thank you for your email.\n> We will reply soon.\n")
    new, quoted = split_reply(text)
    assert new == "The draft plan still names the wrong school."
    assert quoted.startswith("On Mon, 3 Feb 2025")
    assert "> We will reply soon." in quoted


def test_wrapped_attribution_line():
    text = ("Any news?\n\nOn Mon, 3 Feb 2025 at 10:00, SEND Team <\nsend@council.example> wrote:\n\n> Earlier text\n")
    assert split_reply(text) == ("Any news?", "On Mon, 3 Feb 2025 at 10:00, SEND Team <\nsend@council.example> wrote:\n\n> Earlier text")


def test_outlook_original_message_and_header_block():
    original = "Still waiting.\n\n-----Original Message-----\nFrom: SEND Team\nSent: 3 February 2025\nSubject: EHCP\n\nOld text"
    assert split_reply(original)[0] == "Still waiting."
    header_block = ("Still waiting.\n\nFrom: SEND Team <send@council.example>\nSent: Monday, February 3, 2025 10:00 AM\n"
                    "To: Jane Parent <jane.parent@example.org>\nSubject: RE: EHCP\n\nOld text")
    new, quoted = split_reply(header_block)
    assert new == "Still waiting."
    assert quoted.endswith("Old text")


def test_signatures_and_phone_footers_are_removed():
    assert split_reply("See you at the review.\n\nSent from my iPhone") == ("See you at the review.", "Sent from my iPhone")
    assert split_reply("Thanks for the call.\n-- \nJane Parent\n07700 900123")[0] == "Thanks for the call."
    assert split_reply("Noted.\n\nGet Outlook for Android")[0] == "Noted."


def test_sign_off_and_case_reference_stay_in_new_text():
    text = "Please call me back.\n\nKind regards,\nJane Parent\nSEN104217"
    assert split_reply(text) == (text, "")


def test_bottom_posting_and_inline_replies():
    text = "On 3 Feb 2025, SEND Team wrote:\n> Can you send the letter?\nYes, attached.\n> And the report?\nComing Friday."
    new, quoted = split_reply(text)
    assert new == "Yes, attached.\nComing Friday."
    assert "> And the report?" in quoted


def test_hyphen_lists_are_not_signatures():
    text = "Things still missing:\n- speech therapy\n- the transport form"
    assert split_reply(text) == (text, "")


def test_forward_without_comment_keeps_the_forwarded_text():
    text = "---------- Forwarded message ----------\nFrom: School <office@school.example>\nSubject: Exclusion\n\nYour son is excluded."
    new, quoted = split_reply(text)
    assert "Your son is excluded." in new
    assert quoted == ""


def test_forward_with_comment_keeps_only_the_comment():
    text = "Look at this.\n\n---------- Forwarded message ----------\nFrom: School <office@school.example>\n\nBody"
    assert split_reply(text) == ("Look at this.", "---------- Forwarded message ----------\nFrom: School <office@school.example>\n\nBody")


def test_empty_text():
    assert split_reply("") == ("", "")
