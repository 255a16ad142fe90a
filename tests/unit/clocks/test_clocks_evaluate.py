"""Clock states and due times at a given `now`: pauses, stops, exceptions, due soon, cannot start."""

from __future__ import annotations

from datetime import UTC, date, datetime

from triage.clocks.evaluate import current_due_on, paused_length, read_clock
from triage.clocks.kinds import KINDS, due_instant, get_kind, period_due_on, start_of_day

SERVICE = get_kind("service_first_reply")
PLAN = get_kind("final_plan")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def service_reading(now: datetime, **kw: object):  # type: ignore[no-untyped-def]
    # Contact Monday 4 March 2024 09:00; 5 working days -> Monday 11 March, 17:00 (GMT).
    return read_clock(SERVICE, now=now, starts_at=utc(2024, 3, 4, 9), base_due_on=date(2024, 3, 11), **kw)


def test_clocks_service_clock_runs_then_breaches_at_17_00() -> None:
    running = service_reading(utc(2024, 3, 5, 9))
    assert running.state == "running"
    assert running.due_at == utc(2024, 3, 11, 17)
    assert running.due_soon is False
    assert running.working_days_left == 4
    soon = service_reading(utc(2024, 3, 8, 9))  # Friday: one working day left
    assert soon.state == "running" and soon.due_soon is True
    assert service_reading(utc(2024, 3, 11, 16, 59)).state == "running"
    assert service_reading(utc(2024, 3, 11, 17, 0)).state == "breached"


def test_clocks_stop_before_due_is_met_and_after_is_breached() -> None:
    assert service_reading(utc(2024, 4, 1), stopped_at=utc(2024, 3, 11, 16)).state == "met"
    assert service_reading(utc(2024, 4, 1), stopped_at=utc(2024, 3, 11, 17, 1)).state == "breached"


def test_clocks_pause_pushes_due_by_working_days_paused() -> None:
    # Paused Tuesday 5th to Friday 8th March: Wed, Thu, Fri = 3 working days.
    spans = [{"from": "2024-03-05T10:00:00+00:00", "to": "2024-03-08T10:00:00+00:00", "reason": "awaiting the family"}]
    assert paused_length(SERVICE, spans, utc(2024, 3, 20)) == 3
    reading = service_reading(utc(2024, 3, 12, 9), paused_spans=spans)
    assert reading.state == "running"
    assert reading.due_on == date(2024, 3, 14)
    assert reading.due_at == utc(2024, 3, 14, 17)


def test_clocks_open_pause_keeps_pushing_and_never_breaches() -> None:
    spans = [{"from": "2024-03-05T10:00:00+00:00", "to": None, "reason": "awaiting the family"}]
    reading = service_reading(utc(2024, 3, 25, 9), paused_spans=spans)
    assert reading.state == "paused"
    # 5 to 25 March: 14 working days paused; 14 working days after 11 March skips Easter.
    assert paused_length(SERVICE, spans, utc(2024, 3, 25, 9)) == 14
    assert reading.due_on == date(2024, 4, 2)


def test_clocks_pause_across_easter_skips_bank_holidays() -> None:
    spans = [{"from": "2024-03-27T10:00:00+00:00", "to": "2024-04-03T10:00:00+01:00", "reason": "x"}]
    # 28 Mar, 2 Apr, 3 Apr: Good Friday and Easter Monday are not working days.
    assert paused_length(SERVICE, spans, utc(2024, 5, 1)) == 3


def test_clocks_week_clocks_are_pushed_by_calendar_days() -> None:
    spans = [{"from": "2024-03-01T00:00:00+00:00", "to": "2024-03-11T00:00:00+00:00", "reason": "x"}]
    assert paused_length(PLAN, spans, utc(2024, 6, 1)) == 10
    assert current_due_on(PLAN, date(2024, 7, 1), spans, utc(2024, 6, 1)) == date(2024, 7, 11)


def test_clocks_date_clocks_are_late_only_after_the_due_day() -> None:
    start = date(2024, 1, 18)
    due = period_due_on(get_kind("assessment_decision"), start)
    assert due == date(2024, 2, 29)
    kind = get_kind("assessment_decision")
    assert due_instant(kind, due) == utc(2024, 3, 1, 0)
    common = {"starts_at": start_of_day(start), "base_due_on": due}
    assert read_clock(kind, now=utc(2024, 2, 29, 23, 59), **common).state == "running"
    assert read_clock(kind, now=utc(2024, 3, 1, 0), **common).state == "breached"
    on_the_day = read_clock(kind, now=utc(2024, 4, 1), stopped_at=start_of_day(due), **common)
    assert on_the_day.state == "met"


def test_clocks_exception_means_no_breach() -> None:
    kind = get_kind("final_plan")
    common = {"starts_at": start_of_day(date(2024, 1, 8)), "base_due_on": date(2024, 5, 27)}
    late = read_clock(kind, now=utc(2024, 7, 1), exception="setting_closed", **common)
    assert late.state == "excepted"
    stopped_late = read_clock(kind, now=utc(2024, 7, 1), stopped_at=utc(2024, 6, 10),
                              exception="family_away", **common)
    assert stopped_late.state == "excepted"
    assert read_clock(kind, now=utc(2024, 7, 1), **common).state == "breached"


def test_clocks_cannot_start_without_a_start() -> None:
    reading = read_clock(PLAN, now=utc(2024, 7, 1), starts_at=None, base_due_on=None,
                         cannot_start_reason="no request date on the case record")
    assert reading.state == "cannot_start"
    assert reading.due_at is None


def test_clocks_tribunal_response_uses_tribunal_days() -> None:
    kind = get_kind("tribunal_response")
    assert period_due_on(kind, date(2024, 7, 1)) == date(2024, 9, 11)


def test_clocks_every_kind_named_in_the_design_exists() -> None:
    assert {
        "service_first_reply", "complaint_stage1_ack", "complaint_stage1_response",
        "complaint_stage2_response", "assessment_decision", "final_plan", "annual_review_decision",
        "amended_plan", "phase_transfer", "tribunal_response", "order_bf", "order_i",
        "order_plan_draft", "order_plan_final",
    } == set(KINDS)
