"""The queue service on SQLite and PostgreSQL: keyset pages across ties and missing due times, and search."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from triage.models import Conversation, Message, Team
from triage.services.queue import (
    Cursor,
    QueueFilters,
    QueuePage,
    Viewer,
    list_queue,
    status_counts,
)

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
_numbers = itertools.count(1)


def _conversation(session: Session, team: Team, subject: str, *, priority: int = 3, due_at: datetime | None = None,
                  text: str = "", sender: tuple[str, str] = ("Pat Example", "pat@example.org")) -> Conversation:
    n = next(_numbers)
    conversation = Conversation(token=f"TRG-Q{n:05d}", subject=subject, team_id=team.id, priority=priority,
                                urgent=priority == 1, due_at=due_at, status="open")
    session.add(conversation)
    session.flush()
    session.add(Message(content_hash=f"queue-{n:058d}", raw=b"raw", size=3, channel="email", subject=subject,
                        sender_name=sender[0], sender_email=sender[1], text=text, status="processed",
                        conversation_id=conversation.id, received_at=NOW))
    session.flush()
    return conversation


def _team(session: Session, name: str) -> Team:
    team = Team(name=name)
    session.add(team)
    session.flush()
    return team


def test_keyset_pages_cover_ties_and_missing_due_times_once_each_way(session: Session) -> None:
    team = _team(session, "Assessment")
    due = NOW + timedelta(days=1)
    # Many rows share a priority and a due time (ties broken by id); some have no due time at all.
    made = [_conversation(session, team, f"c{i}", priority=(1, 3, 3, 4)[i % 4],
                          due_at=None if i % 5 == 0 else due + timedelta(hours=i % 3)) for i in range(37)]
    viewer = Viewer(user_id=1, role="agent", team_ids=frozenset({team.id}))
    filters = QueueFilters()
    expected = [c.id for c in sorted(made, key=lambda c: (c.priority, c.due_at is None, c.due_at or NOW, c.id))]

    pages, page = [], list_queue(session, viewer, filters, per_page=5, now=NOW)
    assert page.previous_cursor is None and page.total == 37
    while True:
        pages.append([row.id for row in page.rows])
        if page.next_cursor is None:
            break
        page = list_queue(session, viewer, filters, after=page.next_cursor, per_page=5, now=NOW)
    assert [i for p in pages for i in p] == expected
    assert [len(p) for p in pages] == [5] * 7 + [2]

    # And back again from the last page, through the previous cursors, to the top.
    backwards = [pages[-1]]
    while page.previous_cursor is not None:
        page = list_queue(session, viewer, filters, before=page.previous_cursor, per_page=5, now=NOW)
        backwards.append([row.id for row in page.rows])
    assert backwards[::-1] == pages


def test_a_cursor_round_trips_through_text_and_bad_text_is_refused() -> None:
    due = datetime(2026, 3, 2, 9, 30, 12, 345678, tzinfo=UTC)
    for cursor in (Cursor(3, due, 42), Cursor(1, None, 7)):
        assert Cursor.decode(cursor.encode()) == cursor
    for bad in ("", "3.n", "x.n.1", "3.n.1;drop", "3.999999999999999999.1", None):
        assert Cursor.decode(bad) is None


def test_a_previous_page_with_less_than_a_page_before_it_is_the_top(session: Session) -> None:
    team = _team(session, "Assessment")
    made = [_conversation(session, team, f"c{i}", due_at=NOW + timedelta(hours=i)) for i in range(8)]
    viewer = Viewer(user_id=1, role="agent", team_ids=frozenset({team.id}))
    page = list_queue(session, viewer, QueueFilters(), before=Cursor.of(made[3]), per_page=5, now=NOW)
    assert [r.id for r in page.rows] == [c.id for c in made[:5]] and page.previous_cursor is None


def test_search_reads_message_text_subjects_and_senders_and_keeps_to_the_viewers_teams(session: Session) -> None:
    mine, theirs = _team(session, "Assessment"), _team(session, "Placements")
    transport = _conversation(session, mine, "Question", text="The taxi to school has not turned up for two weeks.")
    _conversation(session, mine, "Review", text="Can we move the annual review meeting?")
    by_sender = _conversation(session, mine, "Hello", sender=("Morwenna Tregarthen", "m.tregarthen@example.net"))
    subject_only = _conversation(session, mine, "Tribunal bundle deadline")
    hidden = _conversation(session, theirs, "Question", text="The taxi to school never arrives.")
    agent = Viewer(user_id=1, role="agent", team_ids=frozenset({mine.id}))
    manager = Viewer(user_id=2, role="manager")

    def found(viewer: Viewer, search: str) -> set[int]:
        return {row.id for row in list_queue(session, viewer, QueueFilters(search=search), now=NOW).rows}

    assert found(agent, "taxi school") == {transport.id}
    assert found(manager, "taxi school") == {transport.id, hidden.id}
    assert found(agent, "tregarthen") == {by_sender.id}
    assert found(agent, "m.tregarthen@example.net") == {by_sender.id}
    assert found(agent, "tribunal") == {subject_only.id}
    assert found(agent, transport.token.lower()) == {transport.id}  # the exact token still matches
    assert found(agent, "[" + hidden.token + "]") == set()  # ...but never another team's
    assert found(agent, "helicopter") == set()
    assert list_queue(session, agent, QueueFilters(search="taxi"), now=NOW).status_counts["active"] == 1


def test_status_counts_stop_at_the_cap_and_say_so(session: Session) -> None:
    team = _team(session, "Assessment")
    for i in range(4):
        _conversation(session, team, f"open {i}")
    _conversation(session, team, "new one").status = "new"
    session.flush()
    viewer = Viewer(user_id=1, role="agent", team_ids=frozenset({team.id}))
    counts = status_counts(session, viewer, QueueFilters(), NOW, cap=2)
    assert counts["open"] == 3 and counts["new"] == 1 and counts["resolved"] == 0  # 3 = "more than 2"
    page = QueuePage(rows=[], status="active", status_counts=counts, count_cap=2)
    assert page.count_label("new") == "1" and page.count_label("open") == "2+" and page.count_label("active") == "3+"
    exact = QueuePage(rows=[], status="active", status_counts=status_counts(session, viewer, QueueFilters(), NOW))
    assert exact.count_label("active") == "5" and exact.total == 5


def test_search_text_that_is_only_punctuation_or_query_syntax_finds_nothing_and_never_errors(session: Session) -> None:
    team = _team(session, "Assessment")
    _conversation(session, team, "Question", text="The taxi to school has not turned up for two weeks.")
    agent = Viewer(user_id=1, role="agent", team_ids=frozenset({team.id}))
    for search in ("&|!():*", "'\"", "%", "_", "\\", "-taxi -school", "a" * 2000, "taxi & | !"):
        page = list_queue(session, agent, QueueFilters(search=search), now=NOW)
        assert all(row.subject == "Question" for row in page.rows)
    assert list_queue(session, agent, QueueFilters(search="%"), now=NOW).rows == []
    assert list_queue(session, agent, QueueFilters(search="&|!():*"), now=NOW).rows == []
