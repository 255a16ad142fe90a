"""SEND Tribunal rules: appeal deadlines, the council's response and the orders' clocks."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from triage.clocks.kinds import ClockPlan, get_kind, period_due_on
from triage.models.appeal import Appeal

NO_REGISTERED_DATE = "no registered date (appeal papers) on the appeal record"
ORDER_CLOCKS = {
    "amend_bf": "order_bf",
    "amend_i": "order_i",
    "make_plan_draft": "order_plan_draft",
    "make_plan_final": "order_plan_final",
}
# The council stops working to the response deadline once the appeal has ended.
ENDED_OUTCOMES = ("conceded", "withdrawn", "struck_out", "consent_order", "allowed_whole",
                  "allowed_part", "dismissed")


def order_due_on(item: str, ordered_on: date) -> date:
    """Reg 44: B/F amended in 5 weeks, I in 2, a new plan drafted in 5 and final in 11."""
    try:
        kind = get_kind(ORDER_CLOCKS[item])
    except KeyError:
        raise ValueError(f"unknown order item {item!r}; use one of {', '.join(ORDER_CLOCKS)}") from None
    return period_due_on(kind, ordered_on)


def tribunal_response_due_on(registered_on: date) -> date:
    """The council's response: 30 Tribunal working days from the appeal papers."""
    return period_due_on(get_kind("tribunal_response"), registered_on)


def family_appeal_deadline(decision_letter_on: date, certificate_on: date | None = None) -> date:
    """The family's deadline: 2 months from the decision letter or 1 month from the mediation
    certificate, whichever is later."""
    deadline = decision_letter_on + relativedelta(months=2)
    if certificate_on is not None:
        deadline = max(deadline, certificate_on + relativedelta(months=1))
    return deadline


def appeal_clock_plans(appeal: Appeal) -> list[ClockPlan]:
    """The council's response clock (or why it cannot start) and one clock per Tribunal order."""
    plans: list[ClockPlan] = []
    ended = appeal.outcome in ENDED_OUTCOMES
    if appeal.registered_on is None:
        if not ended:
            plans.append(ClockPlan("tribunal_response", None, reason=NO_REGISTERED_DATE))
    elif appeal.response_sent_on is not None or not ended:
        plans.append(ClockPlan("tribunal_response", appeal.registered_on, stopped_on=appeal.response_sent_on))
    for order in appeal.orders:
        plans.append(ClockPlan(ORDER_CLOCKS[order.item], order.ordered_on, due_on=order.due_on,
                               stopped_on=order.complied_on, order_id=order.id))
    return plans
