from datetime import UTC, datetime, timedelta
from email import message_from_bytes

from triage.services.demo_history import history_mail

NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)
TEXTS = [{"subject": "Where is the plan?", "body": "Week 22 and no final plan."}, {"subject": "", "body": "Thanks"}]
SENDERS = [("Dana Whitfield", "dana@example.org"), ("Ian Thornton", "ian@example.net")]


def test_history_is_spread_over_the_weeks_in_order_from_the_registers_parents() -> None:
    mails = history_mail(TEXTS, SENDERS, now=NOW, weeks=12, count=100)
    assert len(mails) == 100
    arrivals = [arrived for _raw, arrived in mails]
    assert arrivals == sorted(arrivals)
    assert all(NOW - timedelta(weeks=12, days=1) <= a <= NOW for a in arrivals)
    parsed = message_from_bytes(mails[0][0])
    assert parsed["From"] in {"Dana Whitfield <dana@example.org>", "Ian Thornton <ian@example.net>"}
    assert parsed["Subject"] in {"Where is the plan?", "Enquiry"}


def test_history_is_the_same_every_time() -> None:
    assert history_mail(TEXTS, SENDERS, now=NOW, count=20) == history_mail(TEXTS, SENDERS, now=NOW, count=20)
