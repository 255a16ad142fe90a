"""The dashboard page: who may see it, team leads' scope, figures, CSV per chart, empty states, the report."""

from __future__ import annotations

import csv
import io

from tests.integration.insight.insight_dataset import END, NOW, START, build
from triage.services.insight import refresh_since

RANGE = {"from": START.isoformat(), "to": END.isoformat()}


def _seed(session):
    data = build(session)
    refresh_since(session, full=True, now=NOW)
    session.commit()
    return data


def test_agents_cannot_open_the_dashboard(client, make_user, sign_in, session):
    make_user("agent@council.example", teams=("Assessment",))
    session.commit()
    assert client.get("/dashboard").status_code == 302  # not signed in: to the sign-in page
    sign_in("agent@council.example")
    assert client.get("/dashboard").status_code == 403
    assert client.get("/dashboard?format=csv&chart=contacts-kind").status_code == 403
    assert client.get("/dashboard/report").status_code == 403


def test_a_manager_sees_every_team_with_tables_links_and_csv(client, make_user, sign_in, session):
    data = _seed(session)
    make_user("manager@council.example", role="manager")
    session.commit()
    sign_in("manager@council.example")
    response = client.get("/dashboard", query_string=RANGE)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Contacts per week by topic" in html and "<table>" in html and 'data-chart="' in html
    assert "Insight A" in html and "Insight B" in html
    assert f'href="/queue?team={data.team_a.id}&amp;status=all"' in html
    assert 'href="/queue?q=SEN700001&amp;status=all"' in html
    assert "<script>" not in html  # data goes in attributes: the CSP forbids inline script
    response = client.get("/dashboard", query_string={**RANGE, "format": "csv", "chart": "contacts-team"})
    assert response.mimetype == "text/csv"
    assert list(csv.reader(io.StringIO(response.get_data(as_text=True)))) == [
        ["", "w/c 2025-01-06", "w/c 2025-01-13", "Total"], ["Insight A", "2", "1", "3"], ["Insight B", "1", "0", "1"]]
    assert client.get("/dashboard", query_string={**RANGE, "format": "csv", "chart": "nope"}).status_code == 404


def test_a_team_lead_sees_only_their_teams(client, make_user, sign_in, session):
    data = _seed(session)
    make_user("lead@council.example", role="team_lead", teams=("Insight B",))
    session.commit()
    sign_in("lead@council.example")
    html = client.get("/dashboard", query_string=RANGE).get_data(as_text=True)
    assert "Insight B" in html and "Insight A" not in html
    # Asking for another team's figures gives the lead's own teams instead.
    csv_text = client.get("/dashboard", query_string={**RANGE, "team": str(data.team_a.id), "format": "csv",
                                                      "chart": "contacts-team"}).get_data(as_text=True)
    assert "Insight A" not in csv_text and "Insight B,1,0,1" in csv_text


def test_empty_range_and_bad_dates_say_so(client, make_user, sign_in, session):
    _seed(session)
    make_user("manager@council.example", role="manager")
    session.commit()
    sign_in("manager@council.example")
    html = client.get("/dashboard", query_string={"from": "2024-06-03", "to": "2024-06-30"}).get_data(as_text=True)
    assert "No contacts were received in this date range" in html
    assert "No data for this period and filter." in html
    assert "No themes have been computed for this period yet" in html
    html = client.get("/dashboard", query_string={"from": "yesterday", "to": "2024-06-30"}).get_data(as_text=True)
    assert "was not in the form YYYY-MM-DD" in html
    html = client.get("/dashboard", query_string={"from": "2025-01-19", "to": "2025-01-06"}).get_data(as_text=True)
    assert "were swapped" in html and "Insight A" in html


def test_the_printable_weekly_report(client, make_user, sign_in, session):
    _seed(session)
    make_user("manager@council.example", role="manager")
    session.commit()
    sign_in("manager@council.example")
    html = client.get("/dashboard/report", query_string={"to": "2025-01-19"}).get_data(as_text=True)
    assert "week of 13 January 2025" in html
    assert "<th scope=\"row\">Contacts</th><td>1 (-67% on the week before: 3)</td>" in html
