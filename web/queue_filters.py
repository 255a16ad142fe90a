"""Queue filters read from a query string: the queue page's own and each saved view's stored query."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from triage.models.conversation import LINK_STATUSES, STATUSES
from triage.nlp.labels import KINDS, TOPICS
from triage.services.queue import CLOCK_STATES, QueueFilters


def _choice(args: MultiDict, name: str, allowed: tuple[str, ...] | list[str]) -> str | None:
    value = args.get(name, "").strip()
    return value if value in allowed else None


def parse_filters(args: MultiDict) -> QueueFilters:
    """Filters from the query string; unknown values are ignored rather than failing the page."""
    team = args.get("team", "")
    assignee = args.get("assignee", "").strip()
    return QueueFilters(
        topic=_choice(args, "topic", TOPICS),
        kind=_choice(args, "kind", KINDS),
        status=_choice(args, "status", ("active", "all", *STATUSES)) or "active",
        team_id=int(team) if team.isdigit() else None,
        assignee=assignee if assignee in ("me", "none") or assignee.isdigit() else None,
        link_status=_choice(args, "link_status", LINK_STATUSES),
        clock=_choice(args, "clock", CLOCK_STATES),
        language=(args.get("language", "").strip().lower()[:12] or None),
        channel=(args.get("channel") or None),
        urgent_only=args.get("urgent") == "1",
        search=args.get("q", "").strip()[:200],
    )
