"""Pure insight functions: alerts, redaction, themes, counting and charts."""

from __future__ import annotations

from datetime import date

import numpy as np

from triage.insight.aggregate import ContactRow, ConversationMessageRow, became_complaints, count_contacts
from triage.insight.alerts import topic_alerts
from triage.insight.charts import chart_csv, table_chart, weekly_chart
from triage.insight.redact import redact
from triage.insight.themes import ThemeDoc, cluster_themes, theme_count, trend_of

WEEKS = [f"2025-01-{d:02d}" for d in range(1, 10)]


def test_an_alert_needs_a_jump_above_mean_plus_three_sd_and_a_minimum():
    weekly = {"transport": [2, 3, 2, 3, 2, 3, 2, 3, 12], "timeliness": [20, 30, 25, 28, 22, 31, 27, 24, 33],
              "appeal": [0, 0, 0, 0, 0, 0, 0, 0, 4]}
    alerts = topic_alerts(weekly, WEEKS)
    assert [(a.topic, a.count, a.baseline_mean) for a in alerts] == [("transport", 12, 2.5)]
    assert "Transport: 12 contacts in the week of 2025-01-09" in alerts[0].sentence()
    assert topic_alerts({"transport": [3, 12]}, WEEKS[:2]) == []  # not enough history


def test_redaction_removes_names_dates_of_birth_references_and_contacts():
    text = ("My son Alfie Brown (born 04/05/2016, SEN 104217) has no place. Tribunal ref EH860/24/00312. "
            "Call Kerry on 07700 900123 or kerry.brown@example.org. His date of birth is 4 May 2016.")
    out = redact(text, names=["Kerry Brown", "Kerry", "Brown"],
                 entities=[{"label": "PERSON", "text": "Alfie"}, {"label": "ORG", "text": "Tribunal"}])
    for secret in ("Alfie", "Brown", "Kerry", "04/05/2016", "104217", "EH860", "07700", "example.org", "2016"):
        assert secret not in out, (secret, out)
    assert "has no place" in out and "Tribunal" in out  # ORG is not identifying: kept
    assert redact("My daughter, Maisie Thornbury starts in May.") == "My daughter, [name] starts in May."


def test_themes_cluster_label_trend_and_quote():
    texts = ["No reply to my emails about transport, the taxi never came"] * 6 + \
            ["The annual review decision is months late and nobody answers"] * 6
    docs = [ThemeDoc(i, date(2025, 1, 6 if i < 3 or i >= 6 else 20), t) for i, t in enumerate(texts)]
    embeddings = np.array([[1.0, 0.0]] * 6 + [[0.0, 1.0]] * 6) + np.linspace(0, 0.01, 12)[:, None]
    themes = cluster_themes(docs, embeddings, date(2025, 1, 6), date(2025, 1, 26))
    assert theme_count(12) == 2 and len(themes) == 2
    labels = {t.label: t for t in themes}
    transport = next(t for t in themes if "taxi" in " ".join(t.terms) or "transport" in " ".join(t.terms))
    assert transport.size == 6 and transport.quotes[0]["text"].startswith("No reply to my emails")
    assert [c for _, c in transport.weekly] == [3, 0, 3]
    assert len(labels) == 2
    assert trend_of([0, 0, 3, 4]) == "new" and trend_of([5, 5, 1, 0]) == "falling" and trend_of([2, 2, 2, 2]) == "steady"
    assert cluster_themes([], np.zeros((0, 2)), date(2025, 1, 6), date(2025, 1, 26)) == []


def test_counting_contacts_and_escalations():
    rows = [ContactRow(date(2025, 1, 6), 1, ("timeliness", "timeliness", "appeal"), "complaint", "email", False),
            ContactRow(date(2025, 1, 6), None, (), None, "form", True)]
    counts = count_contacts(rows)
    assert counts[(date(2025, 1, 6), 1, "*", "complaint", "email", False)] == 1
    assert counts[(date(2025, 1, 6), 1, "timeliness", "complaint", "email", False)] == 1  # duplicate topic once
    assert counts[(date(2025, 1, 6), 0, "*", "", "form", True)] == 1
    escalations = became_complaints([
        ConversationMessageRow(1, date(2025, 1, 6), 2, "enquiry", (1,)),
        ConversationMessageRow(1, date(2025, 1, 8), 2, "complaint", (2,)),
        ConversationMessageRow(1, date(2025, 1, 9), 2, "complaint", (3,)),
        ConversationMessageRow(2, date(2025, 1, 6), 2, "complaint", (1,)),  # a complaint from the start
    ])
    assert escalations == {(date(2025, 1, 8), 2, "became_complaint", "conversation"): [1, 0.0]}


def test_weekly_chart_and_csv_are_safe_and_complete():
    chart = weekly_chart("c", "T", date(2025, 1, 6), date(2025, 1, 19),
                         [(date(2025, 1, 7), "a", 2), (date(2025, 1, 14), "a", 1), (date(2025, 1, 8), "=cmd", 5)])
    assert chart.rows == [["=cmd", 5, 0, 5], ["a", 2, 1, 3]]
    assert chart_csv(chart).splitlines()[1] == "'=cmd,5,0,5"
    empty = table_chart("e", "E", ["x", "n"], [])
    assert empty.empty and empty.labels == []


def test_undated_date_entities_stay_but_dated_ones_go():
    out = redact("Waiting since September; born 3rd March 2015.",
                 entities=[{"label": "DATE", "text": "September"}, {"label": "DATE", "text": "3rd March 2015"}])
    assert out == "Waiting since September; born [date]."
