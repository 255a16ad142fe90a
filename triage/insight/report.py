"""The weekly report as HTML (email body and printable page) and plain text, and its email."""

from __future__ import annotations

from collections.abc import Sequence
from email.message import EmailMessage
from html import escape

from triage.insight.weekly import WeeklySummary


def _change(now: int, before: int) -> str:
    if before == 0:
        return "new" if now else "–"
    delta = round(100 * (now - before) / before)
    return f"{delta:+d}%"


def _pct(value: float | None) -> str:
    return f"{value:.1f}%" if value is not None else "no clocks fell due"


def headline_rows(s: WeeklySummary) -> list[tuple[str, str]]:
    """The summary's key figures as (label, value) pairs, shared by the HTML and the text."""
    return [
        ("Contacts", f"{s.contacts} ({_change(s.contacts, s.contacts_before)} on the week before: {s.contacts_before})"),
        ("Urgent contacts", str(s.urgent)),
        ("First replies within the promise", _pct(s.first_reply_share)),
        ("Statutory clocks breached", str(s.statutory_breaches)),
        ("Complaints opened", str(s.complaints_opened)),
        ("Appeals registered", str(s.appeals_registered)),
        ("Cases with 3+ contacts in 30 days", str(s.repeat_cases)),
    ]


def report_html(s: WeeklySummary, dashboard_url: str = "") -> str:
    """The report as a self-contained HTML fragment (inline-free: no scripts, no remote images)."""
    title = f"SEND triage: week of {s.week_start:%d %B %Y}"
    parts = [f"<h1>{escape(title)}</h1>",
             f"<p>Monday {s.week_start:%d %B} to Sunday {s.week_end:%d %B %Y}.</p>"]
    if s.alerts:
        parts.append("<h2>Alerts</h2><ul>" + "".join(f"<li><strong>{escape(a.sentence())}</strong></li>" for a in s.alerts) + "</ul>")
    else:
        parts.append("<p>No topic rose far above its recent range this week.</p>")
    parts.append("<h2>Key figures</h2><table><tbody>" + "".join(
        f"<tr><th scope=\"row\">{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in headline_rows(s)) + "</tbody></table>")
    if s.complaints_upheld_note:
        parts.append(f"<p>{escape(s.complaints_upheld_note)}</p>")
    if s.by_topic:
        parts.append("<h2>Contacts by topic</h2><table><thead><tr><th scope=\"col\">Topic</th><th scope=\"col\">This week</th>"
                     "<th scope=\"col\">Week before</th><th scope=\"col\">Change</th></tr></thead><tbody>" + "".join(
                         f"<tr><th scope=\"row\">{escape(t)}</th><td>{n}</td><td>{b}</td><td>{_change(n, b)}</td></tr>"
                         for t, n, b in s.by_topic) + "</tbody></table>")
    else:
        parts.append("<p>No contacts were received this week.</p>")
    if s.themes:
        parts.append("<h2>What families are complaining about</h2><ul>" + "".join(
            f"<li>{escape(label)}: {size} complaints, {escape(trend)}</li>" for label, size, trend in s.themes) + "</ul>")
    if dashboard_url:
        parts.append(f"<p><a href=\"{escape(dashboard_url)}\">Open the dashboard</a> for the detail.</p>")
    return "\n".join(parts)


def report_text(s: WeeklySummary) -> str:
    """The same report in plain text, for mail readers that show no HTML."""
    lines = [f"SEND triage: week of {s.week_start:%d %B %Y} (to {s.week_end:%d %B %Y})", ""]
    lines += [f"ALERT: {a.sentence()}" for a in s.alerts] or ["No topic rose far above its recent range."]
    lines.append("")
    lines += [f"{k}: {v}" for k, v in headline_rows(s)]
    if s.by_topic:
        lines += ["", "Contacts by topic (this week / week before):"]
        lines += [f"- {t}: {n} / {b}" for t, n, b in s.by_topic]
    if s.themes:
        lines += ["", "Complaint themes:"] + [f"- {label}: {size}, {trend}" for label, size, trend in s.themes]
    return "\n".join(lines) + "\n"


def build_report_email(s: WeeklySummary, recipients: Sequence[str], mail_from: str,
                       dashboard_url: str = "") -> EmailMessage:
    """One email to all managers: plain text with an HTML alternative."""
    msg = EmailMessage()
    msg["From"] = mail_from
    msg["To"] = ", ".join(recipients)
    alert = f" – {len(s.alerts)} alert{'s' if len(s.alerts) != 1 else ''}" if s.alerts else ""
    msg["Subject"] = f"SEND triage weekly report: week of {s.week_start:%d %B %Y}{alert}"
    msg.set_content(report_text(s))
    msg.add_alternative(f"<!doctype html><html lang=\"en-GB\"><body>{report_html(s, dashboard_url)}</body></html>",
                        subtype="html")
    return msg
