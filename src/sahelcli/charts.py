"""Charts as documents: ``sahel stats`` bars and the ``deadlines --chart`` time axis.

Each builder returns a ``render.Chart``: its table is what pipes and data formats write
(exact rows: ``period``/``count``, or one row per deadline), its labels and bars or spans
are what a terminal draws (render/chart.py).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from bisect import bisect_right
from collections.abc import Mapping, Sequence

from sahelcli.dates import human_instant, zone
from sahelcli.model import MONTH_ABBR, Actor
from sahelcli.query.deadlines import DeadlineState
from sahelcli.query.stats import PERIODS, Counts
from sahelcli.render import Chart, Column, Span, Table

NOUNS = {"events": "events", "claims": "claims", "deadlines": "deadlines", "all": "records"}


def period_label(key: str, by: str) -> str:
    """``Aug 2023`` for a month; weeks (``2023-W31``) and years as they are."""
    if by == "month" and len(key) == 7:
        return f"{MONTH_ABBR[int(key[5:])]} {key[:4]}"
    if by == "week" and len(key) == 8:
        monday = dt.date.fromisocalendar(int(key[:4]), int(key[6:]), 1)
        return f"{key} {monday.day} {MONTH_ABBR[monday.month]}"
    return key


def stats_chart(
    counts: Counts, by: str, what: str, actors: Mapping[str, Actor], span: str | None = None
) -> Chart:
    """Counts per period (every period, empty ones as 0) or per tag, actor or kind."""
    noun = NOUNS[what]
    key = "period" if by in PERIODS else by
    rows: list[dict[str, object]] = []
    labels = []
    for row in counts.rows:
        item: dict[str, object] = {key: row.key, "count": row.n}
        if by == "actor":
            actor = actors.get(row.key)
            item["name"] = actor.name if actor else row.key
            labels.append((actor.short or actor.name) if actor else row.key)
        else:
            labels.append(period_label(row.key, by))
        rows.append(item)
    columns = [Column(key, key.capitalize(), style="bold")]
    if by == "actor":
        columns.append(Column("name", "Name"))
    columns.append(Column("count", "Count", kind="number"))
    title = f"{noun.capitalize()} per {by}" + (f", {span}" if span else "")
    title += f" ({counts.total:,} {noun})"
    table = Table("stats", columns, rows, title=title, empty=f"no {noun} to count")
    note = None
    if counts.imprecise:
        note = (
            f"{counts.imprecise:,} {noun} dated less precisely than a {by} are not counted "
            "in any period"
        )
    return Chart(table, labels, values=[r.n for r in counts.rows], note=note)


# --- the deadline chart ---------------------------------------------------------------------

#: How the axis shrinks a stretch of time: its length to this power (1 would be linear).
#: Square roots keep a week-long ultimatum visible beside a five-year transition.
COMPRESSION = 0.5


class Axis:
    """A time axis from 0 to 1 on which long stretches are compressed: each stretch between
    two instants that matter (issued, expiry, outcome, as-of) takes room in proportion to a
    power of its length, so order is kept and short spans stay visible."""

    def __init__(self, instants: Sequence[dt.datetime]) -> None:
        points = sorted({moment.timestamp() for moment in instants})
        if len(points) == 1:
            points.append(points[0] + 86_400)
        self.points = points
        room = [math.pow(b - a, COMPRESSION) for a, b in itertools.pairwise(points)]
        total = sum(room) or 1.0
        self.places = [0.0]
        for length in room:
            self.places.append(self.places[-1] + length / total)

    def __call__(self, moment: dt.datetime) -> float:
        seconds = moment.timestamp()
        points, places = self.points, self.places
        if seconds <= points[0]:
            return 0.0
        if seconds >= points[-1]:
            return 1.0
        i = bisect_right(points, seconds) - 1
        share = (seconds - points[i]) / (points[i + 1] - points[i])
        return places[i] + share * (places[i + 1] - places[i])

    def ticks(self, zone_name: str) -> list[tuple[float, str]]:
        """Year starts, or month starts when the axis covers less than two years, and the
        first instant, placed on the axis."""
        tz = zone(zone_name)
        first = dt.datetime.fromtimestamp(self.points[0], tz)
        last = dt.datetime.fromtimestamp(self.points[-1], tz)
        ticks = [(0.0, f"{MONTH_ABBR[first.month]} {first.year}")]
        if last.year - first.year >= 2:
            for year in range(first.year + 1, last.year + 1):
                ticks.append((self(dt.datetime(year, 1, 1, tzinfo=tz)), str(year)))
            return ticks
        month = dt.datetime(first.year, first.month, 1, tzinfo=tz)
        while True:
            month = month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)
            if month > last:
                return ticks
            label = MONTH_ABBR[month.month] + (f" {month.year}" if month.month == 1 else "")
            ticks.append((self(month), label))


def outcome_instant(state: DeadlineState) -> dt.datetime | None:
    """Noon of the outcome's day in the deadline's zone, once the outcome is known."""
    outcome = state.deadline.outcome
    if outcome is None or not state.outcome_known:
        return None
    day = outcome.date.last_day()
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=zone(state.deadline.timezone))


def deadline_chart(states: Sequence[DeadlineState], now: dt.datetime, zone_name: str) -> Chart:
    """Each deadline a span from issued to expiry, its outcome marked, the as-of instant a
    vertical line; the table (for pipes) gives the same instants as rows."""
    outcomes = [outcome_instant(s) for s in states]
    instants = [now]
    for state, outcome in zip(states, outcomes, strict=True):
        instants += [state.deadline.issued, state.deadline.expires]
        if outcome is not None:
            instants.append(outcome)
    axis = Axis(instants)
    rows: list[dict[str, object]] = []
    spans = []
    for state, outcome in zip(states, outcomes, strict=True):
        deadline = state.deadline
        rows.append(
            {
                "id": deadline.id,
                "issued": deadline.issued.isoformat(),
                "expires": deadline.expires.isoformat(),
                "outcome_date": deadline.outcome.date.iso()
                if outcome and deadline.outcome
                else None,
                "status": state.status,
            }
        )
        spans.append(
            Span(
                axis(deadline.issued),
                axis(deadline.expires),
                state.status,
                axis(outcome) if outcome is not None else None,
            )
        )
    columns = [
        Column("id", "Id", style="bold"),
        Column("issued", "Issued"),
        Column("expires", "Expires"),
        Column("outcome_date", "Outcome", kind="date"),
        Column("status", "Status"),
    ]
    shown = human_instant(now, zone_name)
    table = Table("deadline-chart", columns, rows, title=f"Deadlines as of {shown}")
    table.empty = "no deadlines issued by then"
    present = {s.status for s in states}
    legend: list[tuple[str, str]] = [
        (fill, fill) for fill in ("open", "met", "expired", "withdrawn") if fill in present
    ]
    legend += [("mark", "outcome"), ("marker", "as-of instant")]
    return Chart(
        table,
        [s.deadline.label for s in states],
        spans=spans,
        ticks=axis.ticks(zone_name),
        marker=(axis(now), shown),
        legend=legend,
        note="Axis compressed: long stretches take less room than short ones.",
    )
