"""Appeals pages: record by hand, dates, outcome, orders and compliance; roles and audit."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.web.conftest import csrf_token
from triage.models import Appeal, AuditEvent


def _post(client, path, data, token_from="/appeals/"):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, token_from)})


def test_an_appeal_from_registration_to_orders_complied(client, make_user, sign_in, make_case, session):
    make_user("tribunal@council.example", teams=("Tribunal and Mediation",))
    case = make_case()
    session.commit()
    sign_in("tribunal@council.example")
    response = _post(client, "/appeals/new", {
        "tribunal_ref": "eh860/24/00312", "case_ref": case.case_ref, "appeal_type": "contents_i",
        "registered_on": "2024-03-01", "mediation_certificate_on": "2024-01-15", "hearing_on": "",
    })
    assert response.status_code == 303
    appeal = session.scalars(select(Appeal)).one()
    assert appeal.tribunal_ref == "EH860/24/00312" and appeal.case_id == case.id
    # 30 Tribunal working days from 1 March 2024 (Good Friday and Easter Monday excluded).
    assert appeal.response_due_on == date(2024, 4, 16)
    path = f"/appeals/{appeal.id}"
    page = client.get(path).get_data(as_text=True)
    assert "Response to the Tribunal" in page and "16 Apr 2024" in page

    assert _post(client, f"{path}/details", {"appeal_type": "contents_i", "registered_on": "2024-03-01",
                                              "mediation_certificate_on": "2024-01-15", "hearing_on": "2024-07-10",
                                              "response_sent_on": "2024-04-10", "notes": "Bundle sent"}, path).status_code == 303
    assert _post(client, f"{path}/outcome", {"outcome": "allowed_part", "on": "2024-07-20"}, path).status_code == 303
    assert _post(client, f"{path}/orders", {"item": "amend_i", "ordered_on": "2024-07-20"}, path).status_code == 303
    session.expire_all()
    appeal = session.get(Appeal, appeal.id)
    assert appeal.hearing_on == date(2024, 7, 10) and appeal.outcome == "allowed_part"
    assert appeal.status == "orders_outstanding"
    order = appeal.orders[0]
    assert order.due_on == date(2024, 8, 3)  # section I: 2 weeks
    assert "03 Aug 2024" in client.get(path).get_data(as_text=True)
    assert _post(client, f"{path}/orders/{order.id}/complied", {"on": "2024-08-01"}, path).status_code == 303
    session.expire_all()
    appeal = session.get(Appeal, appeal.id)
    assert appeal.status == "closed" and appeal.orders[0].complied_on == date(2024, 8, 1)
    actions = set(session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "appeal")))
    assert {"appeal.created", "appeal.updated", "appeal.decided", "appeal.order_added", "appeal.order_complied",
            "appeal.viewed"} <= actions


def test_a_bad_reference_is_refused_with_the_reason(client, make_user, sign_in, session):
    make_user("tribunal@council.example", teams=("Tribunal and Mediation",))
    session.commit()
    sign_in("tribunal@council.example")
    response = _post(client, "/appeals/new", {"tribunal_ref": "not-a-ref"})
    assert response.status_code == 422
    assert "is not a Tribunal reference" in response.get_data(as_text=True)
    assert session.scalars(select(Appeal)).first() is None


def test_open_appeals_list_and_roles(client, make_user, sign_in, session):
    make_user("tribunal@council.example", teams=("Tribunal and Mediation",))
    make_user("manager@council.example", role="manager")
    make_user("agent@council.example", teams=("Assessment",))
    session.commit()
    sign_in("tribunal@council.example")
    _post(client, "/appeals/new", {"tribunal_ref": "EH860/25/00001", "registered_on": "2025-01-06"})
    appeal = session.scalars(select(Appeal)).one()
    assert "EH860/25/00001" in client.get("/appeals/").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/queue")})

    sign_in("manager@council.example")
    assert client.get(f"/appeals/{appeal.id}").status_code == 200
    assert _post(client, f"/appeals/{appeal.id}/outcome", {"outcome": "conceded", "on": "2025-02-01"}, "/queue").status_code == 403
    assert client.get("/appeals/new").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_token(client, "/queue")})

    sign_in("agent@council.example")
    assert client.get("/appeals/").status_code == 403
    assert client.get(f"/appeals/{appeal.id}").status_code == 403
    session.expire_all()
    assert session.get(Appeal, appeal.id).outcome is None
