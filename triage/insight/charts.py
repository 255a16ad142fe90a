"""Pure chart building: a chart is its labels, series and the table behind it, with drill-down links."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float]


@dataclass(frozen=True)
class Chart:
    """One figure: what to draw (labels x series) and the accessible table that says the same."""

    id: str
    title: str
    kind: str  # bar, stacked, line
    labels: list[str]
    series: list[Series]
    headers: list[str]
    rows: list[list[object]]
    # Per table row: queue query parameters that list what the row counts (None: no queue filter fits).
    links: list[dict[str, str] | None] = field(default_factory=list)
    note: str = ""
    empty_message: str = "No data for this period and filter."

    @property
    def empty(self) -> bool:
        return not self.rows

    def to_json(self) -> dict:
        """What the browser's chart script needs (passed as a data attribute, never inline script)."""
        return {"type": self.kind, "labels": self.labels,
                "series": [{"name": s.name, "values": s.values} for s in self.series]}


def week_start(day: date) -> date:
    """The Monday of day's week."""
    return day - timedelta(days=day.weekday())


def weeks_between(start: date, end: date) -> list[date]:
    """Every week start from start's week to end's week."""
    weeks, week = [], week_start(start)
    while week <= end:
        weeks.append(week)
        week += timedelta(days=7)
    return weeks


def share(part: float, whole: float) -> float | None:
    """part/whole as a percentage to one decimal place, or None when there is nothing to divide."""
    return round(100.0 * part / whole, 1) if whole else None


def weekly_chart(
    chart_id: str, title: str, start: date, end: date, counts: Iterable[tuple[date, str, float]],
    *, names: Mapping[str, str] | None = None, link: Mapping[str, dict[str, str] | None] | None = None,
    kind: str = "stacked", note: str = "",
) -> Chart:
    """Per-week totals by group from (day, group, count) rows; one table row per group, one column per week."""
    weeks = weeks_between(start, end)
    index = {w: i for i, w in enumerate(weeks)}
    by_group: dict[str, list[float]] = defaultdict(lambda: [0] * len(weeks))
    for day, group, count in counts:
        slot = index.get(week_start(day))
        if slot is not None:
            by_group[group][slot] += count
    names = names or {}
    ordered = sorted(by_group, key=lambda g: (-sum(by_group[g]), names.get(g, g)))
    labels = [w.isoformat() for w in weeks]
    rows = [[names.get(g, g), *by_group[g], sum(by_group[g])] for g in ordered if sum(by_group[g])]
    kept = [g for g in ordered if sum(by_group[g])]
    return Chart(
        id=chart_id, title=title, kind=kind, labels=labels,
        series=[Series(names.get(g, g), list(by_group[g])) for g in kept],
        headers=["", *[f"w/c {label}" for label in labels], "Total"], rows=rows,
        links=[(link or {}).get(g) for g in kept], note=note,
    )


def table_chart(chart_id: str, title: str, headers: list[str], rows: list[list[object]], *,
                plot: tuple[int, ...] = (1,), kind: str = "bar", links: list[dict[str, str] | None] | None = None,
                note: str = "", empty_message: str = "No data for this period and filter.",
                labels: list[str] | None = None) -> Chart:
    """A chart of one row per category; the columns at the plot positions become the series."""
    return Chart(
        id=chart_id, title=title, kind=kind, labels=labels or [str(r[0]) for r in rows],
        series=[Series(headers[i], [float(r[i]) if r[i] is not None else 0.0 for r in rows]) for i in plot],
        headers=headers, rows=rows, links=links or [None] * len(rows), note=note, empty_message=empty_message,
    )


def chart_csv(chart: Chart) -> str:
    """The chart's table as CSV (header row first)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(chart.headers)
    for row in chart.rows:
        writer.writerow([_safe_cell(cell) for cell in row])
    return out.getvalue()


def _safe_cell(cell: object) -> object:
    # A spreadsheet runs a cell starting with = + - @ as a formula; text from mail must not.
    if cell is None:
        return ""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell
