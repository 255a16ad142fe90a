"""A themes run over stored complaints: clusters stored, quotes redacted, the dashboard shows the latest run."""

from __future__ import annotations

from datetime import date

import pytest

from tests.integration.insight.insight_dataset import add_message, at
from triage.insight.dashboard import build_dashboard
from triage.insight.filters import DashboardFilters
from triage.insight.theme_runs import compute_themes
from triage.models import Case, Conversation
from triage.nlp.loader import get_models


def encode(texts):
    """The shipped sentence encoder, as `triage insight themes` uses it."""
    return get_models().encoder.encode(list(texts), normalize_embeddings=True, batch_size=64)


@pytest.mark.slow
def test_themes_are_stored_redacted_and_shown(session):
    case = Case(case_ref="SEN700101", child_first_name="Maisie", child_last_name="Thornbury",
                first_name_key="maisie", last_name_key="thornbury")
    session.add(case)
    session.flush()
    conv = Conversation(token="TRG-THEME1", case_id=case.id, status="open")
    session.add(conv)
    session.flush()
    n = 2000
    for day in (6, 7, 8, 14, 15):
        n += 1
        add_message(session, conv, n, at(day), ["transport"], "complaint",
                    text=f"Maisie Thornbury (SEN700101) waited again: the taxi transport never came on {day}/01/2025.")
        n += 1
        add_message(session, conv, n, at(day), ["annual_review"], "complaint",
                    text="The annual review decision is late, late again, and no reply from the officer.")
    n += 1
    add_message(session, conv, n, at(9), ["transport"], "enquiry", text="When is the taxi coming?")  # not a complaint

    themes = compute_themes(session, date(2025, 1, 6), date(2025, 1, 19), encode)
    assert sorted(t.size for t in themes) == [5, 5]
    transport = next(t for t in themes if "taxi" in t.terms or "transport" in t.terms)
    quotes = " ".join(q["text"] for q in transport.quotes)
    assert "taxi transport never came" in quotes
    for secret in ("Maisie", "Thornbury", "SEN700101", "/01/2025"):
        assert secret not in quotes
    assert transport.weekly == [["2025-01-06", 3], ["2025-01-13", 2]]

    dash = build_dashboard(session, DashboardFilters(date(2025, 1, 6), date(2025, 1, 19)))
    assert [t.id for t in dash.themes] == [t.id for t in themes]
    later = compute_themes(session, date(2025, 1, 6), date(2025, 1, 19), encode)
    assert {t.id for t in build_dashboard(session, DashboardFilters(date(2025, 1, 6), date(2025, 1, 19))).themes} == {t.id for t in later}
    assert build_dashboard(session, DashboardFilters(date(2024, 1, 1), date(2024, 1, 31))).themes == []
