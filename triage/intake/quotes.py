"""Separating what the sender wrote now from quoted history and signatures.

mail-parser-reply supplies the reply-header patterns ("On ... wrote:", Outlook's "From: ...
Sent: ..." block, "-----Original Message-----") in a dozen languages. Its own splitting is not
used as is: it only cuts at the first header, so bottom-posted and inline replies lose the new
text, and it treats sign-offs such as "Thanks," or "Kind regards" as the start of a signature,
which would move the family's name and case reference out of the text the classifier reads.
So each line is marked instead: quoted ("> "), attribution, history after a reply header or
forward marker, or signature after a "-- " delimiter or a "Sent from my ..." line.
"""

from __future__ import annotations

import re

from mailparser_reply.constants import MAIL_LANGUAGES
from mailparser_reply.parser import EmailMessage

_LANGUAGES = [language for language in MAIL_LANGUAGES if language != "david"]
# The library compiles its multi-language header pattern per message; compile it once.
_REPLY_HEADER = EmailMessage(text="", languages=list(_LANGUAGES)).HEADER_REGEX

_QUOTED = re.compile(r"^\s*>")
# "On <date>, <person> wrote:" and its translations, also when a client adds "--- " before it
# or splits it over two lines; "Marc Slemko wrote:" on its own counts too.
_ATTRIBUTION = re.compile(
    r"(?i)^.{0,300}?\b(wrote|writes|napisał\(a\)|napisał|написал\(а\)|написал|schrieb|a [ée]crit|"
    r"escribi[óo]|ha scritto|skrev|schreef|kirjoitti|escreveu|yazdı)\s*:\s*$"
)
_FORWARD = re.compile(
    r"(?i)^\s*(-{2,}\s*forwarded message\s*-{2,}|begin forwarded message:|-{2,}\s*original message\s*-{2,}"
    r"|-{2,}\s*mensaje original\s*-{2,}|-{2,}\s*urspr[üu]ngliche nachricht\s*-{2,}|_{30,})\s*$"
)
_FORWARD_ONLY = re.compile(r"(?i)forwarded message|begin forwarded message")
_SIGNATURE = re.compile(
    r"(?i)^\s*(--\s*|__\s*|sent from my\b.*|sent from (outlook|mail|yahoo mail|samsung|my)\b.*|"
    r"get outlook for\b.*|sent with sparrow\b.*|envoy[ée] de mon\b.*|von meinem .* gesendet\s*)$"
)
_BLANK_RUNS = re.compile(r"\n\s*\n(\s*\n)+")


def _first_text_line(lines: list[str], start: int) -> str:
    return next((line for line in lines[start:] if line.strip()), "")


def _history_start(lines: list[str], stripped_text: str) -> tuple[int, bool]:
    """(line where quoted history begins, whether it is a forward); len(lines) when none."""
    starts: list[tuple[int, bool]] = []
    for number, line in enumerate(lines):
        if _FORWARD.match(line):
            starts.append((number, bool(_FORWARD_ONLY.search(line))))
            break
    for match in _REPLY_HEADER.finditer(stripped_text):
        offset = match.start() + len(match.group(0)) - len(match.group(0).lstrip("\n"))
        number = stripped_text.count("\n", 0, offset)
        header_lines = match.group(0).strip("\n").count("\n") + 1
        if header_lines == 1 and _QUOTED.match(_first_text_line(lines, number + 1)):
            continue  # an attribution above "> " lines: the lines after them may be new text
        if _QUOTED.match(lines[number]):
            continue  # a header inside quoted history, which is quoted anyway
        starts.append((number, False))
        break
    return min(starts) if starts else (len(lines), False)


def split_reply(text: str) -> tuple[str, str]:
    """(new text, quoted text) of a plain-text body: history and signatures go to the second."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    stripped_text = "\n".join(line.strip() for line in lines)
    history, is_forward = _history_start(lines, stripped_text)
    new = [number < history for number in range(len(lines))]

    in_signature = False
    for number in range(history):
        line = lines[number]
        if _QUOTED.match(line):
            new[number] = False
            in_signature = False  # a signature ends where quoted text starts (inline replies)
            continue
        if _ATTRIBUTION.match(line):
            following = _first_text_line(lines, number + 1)
            if following and not _QUOTED.match(following):
                if not re.search(r"[\d@]", line):
                    continue  # "Jane wrote:" then prose: not clearly an attribution
                # A dated attribution over unmarked text (HTML quotes lose their "> "): history.
                new[number:] = [False] * (len(lines) - number)
                break
            new[number] = False
            previous = lines[number - 1] if number else ""
            # Gmail and Android wrap a long attribution: "On ... <" / "addr> wrote:".
            if previous.strip() and (previous.rstrip().endswith("<") or re.match(r"(?i)^\s*on\b", previous)):
                new[number - 1] = False
            continue
        if _SIGNATURE.match(line):
            in_signature = True
        if in_signature:
            new[number] = False

    new_text = _tidy("\n".join(line for line, keep in zip(lines, new) if keep))
    quoted_text = _tidy("\n".join(line for line, keep in zip(lines, new) if not keep))
    if not new_text and is_forward:
        # A forward with no comment: the forwarded message is what the sender is raising.
        return _tidy(text), ""
    return new_text, quoted_text


def _tidy(text: str) -> str:
    return _BLANK_RUNS.sub("\n\n", text).strip()
