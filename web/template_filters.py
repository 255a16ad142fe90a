"""Jinja filters for times, clocks and labels, shown in UK time and plain words."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Flask
from markupsafe import Markup, escape

from triage.db import utcnow
from triage.intake.html_text import sanitise_html

LONDON = ZoneInfo("Europe/London")
# Inside the sandboxed frame: nothing may load, not even from this site (the frame also
# inherits the page's own policy). Images embedded as data: URIs still show.
MAIL_FRAME_HEAD = (
    '<!doctype html><html><head><meta charset="utf-8">'
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:">'
    '</head><body>'
)
MAX_HIGHLIGHTS = 12


def local_time(value: datetime | None, fmt: str = "%d %b %Y %H:%M") -> str:
    """A UTC time as UK wall-clock time."""
    if value is None:
        return ""
    return value.astimezone(LONDON).strftime(fmt)


def _span(delta: timedelta, precise: bool = False) -> str:
    seconds = int(abs(delta.total_seconds()))
    if seconds < 3600:
        return f"{max(1, seconds // 60)} min"
    if precise and seconds < 6 * 3600:  # close to a deadline, minutes matter
        return f"{seconds // 3600} h {seconds % 3600 // 60} min"
    if seconds < 86400:
        return f"{seconds // 3600} h"
    days = seconds // 86400
    return f"{days} day" if days == 1 else f"{days} days"


def clock_state(due_at: datetime | None, now: datetime | None = None) -> tuple[str, str]:
    """(css state, words) for a due time: overdue, due soon, or due in."""
    if due_at is None:
        return "none", "no due date"
    delta = due_at - (now or utcnow())
    if delta.total_seconds() < 0:
        return "overdue", f"overdue by {_span(delta)}"
    if delta < timedelta(days=1):
        return "soon", f"due in {_span(delta, precise=True)}"
    return "ok", f"due in {_span(delta)}"


def ago(value: datetime | None, now: datetime | None = None) -> str:
    """'5 min ago', '3 h ago', '2 days ago'."""
    if value is None:
        return ""
    return f"{_span((now or utcnow()) - value)} ago"


def humanise(value: str | None) -> str:
    """A stored label in words: 'school_place' -> 'School place'."""
    if not value:
        return ""
    words = value.replace("_", " ")
    return words[:1].upper() + words[1:]


def file_size(value: int | None) -> str:
    if value is None:
        return ""
    if value < 1024:
        return f"{value} bytes"
    if value < 1024 * 1024:
        return f"{value / 1024:.0f} KB"
    return f"{value / (1024 * 1024):.1f} MB"


def percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f}%"


def srcdoc(html: str | None) -> Markup:
    """Mail HTML, sanitised again at display, as an escaped srcdoc value with a no-loads policy.

    Intake already stores sanitised HTML; sanitising again here means a row written by any other
    path (an import, an older version) still cannot run script or fetch remote content, even in
    a browser that starts a fetch before the frame's policy applies.
    """
    return Markup(escape(MAIL_FRAME_HEAD + (sanitise_html(html or "") or "") + "</body></html>"))


def highlight(text: str | None, explanations: Mapping[str, Iterable[str]]) -> Markup:
    """The text, escaped, with each explaining sentence wrapped in <mark> (whitespace-tolerant)."""
    text = text or ""
    sentences = list(dict.fromkeys(s for group in (explanations or {}).values() for s in group))
    spans: list[tuple[int, int]] = []
    for sentence in sentences[:MAX_HIGHLIGHTS]:
        words = sentence.split()
        if len(words) < 2:
            continue
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
        spans += [(m.start(), m.end()) for m in pattern.finditer(text)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    out, at = [], 0
    for start, end in merged:
        out.append(escape(text[at:start]))
        out.append(Markup("<mark>") + escape(text[start:end]) + Markup("</mark>"))
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def init_filters(app: Flask) -> None:
    app.add_template_filter(local_time, "local_time")
    app.add_template_filter(ago, "ago")
    app.add_template_filter(humanise, "humanise")
    app.add_template_filter(file_size, "file_size")
    app.add_template_filter(percent, "percent")
    app.add_template_filter(srcdoc, "srcdoc")
    app.add_template_filter(highlight, "highlight")
    app.add_template_global(clock_state, "clock_state")
