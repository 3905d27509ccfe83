"""The one-page situation brief: what changed in a window of days before ``now``.

Every section looks at the same window: events in it, deadlines open at ``now`` or issued,
expired or resolved in it, claims made in it, and the actors most active in it. When the data
stops before the window (``meta.updated`` is older than the window's start), the window moves
to the last days of the data and the brief says so: an empty brief must never read as "quiet"
when it only means "no data".
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from typing import Generic, NamedTuple, TypeVar

from sahelcli.dates import zone
from sahelcli.model import Actor, Claim, Dataset, Deadline, Event, PartialDate
from sahelcli.query.claims import claims as claims_query
from sahelcli.query.deadlines import DeadlineState, known_deadlines
from sahelcli.query.replay import outcome_known_from
from sahelcli.query.timeline import EventQuery, timeline

#: How many rows each section shows; the rest are counted ("+N more").
CAPS = {"events": 6, "deadlines": 5, "claims": 4, "actors": 5}


T = TypeVar("T")


class Section(Generic[T]):
    """A capped list: what is shown and how many there are in all."""

    __slots__ = ("shown", "total")

    def __init__(self, shown: list[T], total: int) -> None:
        self.shown = shown
        self.total = total

    @property
    def more(self) -> int:
        return self.total - len(self.shown)


class ActorActivity(NamedTuple):
    actor: Actor
    events: int
    claims: int


class Brief(NamedTuple):
    now: dt.datetime
    start: dt.datetime  # the window: [start, end]
    end: dt.datetime
    window_days: int
    moved: bool  # the data stops before the window: it was moved to the data's last days
    data_updated: PartialDate | None
    stale_days: int | None  # days from the data's last update to ``now`` (None: no date)
    first: PartialDate | None
    last: PartialDate | None
    total_events: int
    events: Section[Event]  # newest first
    deadlines: Section[DeadlineState]  # soonest expiry first
    claims: Section[Claim]  # newest first
    active: Section[ActorActivity]


def _end_of(date: PartialDate, zone_name: str) -> dt.datetime:
    return dt.datetime.combine(date.last_day(), dt.time.max, tzinfo=zone(zone_name))


def _capped(items: list[T], cap: int) -> Section[T]:
    return Section(items[:cap], len(items))


def _in_window(moment: dt.datetime, start: dt.datetime, end: dt.datetime) -> bool:
    return start <= moment <= end


def _deadline_in_window(state: DeadlineState, start: dt.datetime, end: dt.datetime) -> bool:
    deadline = state.deadline
    if state.status == "open":
        return True
    moments = [deadline.issued, deadline.expires]
    if state.outcome_known and deadline.outcome is not None:
        moments.append(outcome_known_from(deadline))
    return any(_in_window(m, start, end) for m in moments)


def in_focus_deadline(deadline: Deadline, actors: Collection[str], tags: Collection[str]) -> bool:
    """Whether ``deadline`` involves one of ``actors`` and carries one of ``tags`` (an empty
    focus keeps everything)."""
    if actors and set(actors).isdisjoint(deadline.parties):
        return False
    return not tags or not set(tags).isdisjoint(deadline.tags)


def in_focus_claim(claim: Claim, actors: Collection[str]) -> bool:
    """Whether ``claim`` involves one of ``actors`` (claims carry no tags)."""
    return not actors or not set(actors).isdisjoint(claim.parties)


class Focused(NamedTuple):
    """Every record known at an instant within a focus (no window): what a report lists."""

    events: list[Event]  # oldest first
    claims: list[Claim]  # oldest first
    deadlines: list[DeadlineState]  # soonest expiry first


def focused(
    dataset: Dataset, now: dt.datetime, actors: Collection[str] = (), tags: Collection[str] = ()
) -> Focused:
    """The events, claims and deadlines known at ``now`` that involve ``actors`` and carry
    ``tags`` (the rules of the brief's focus, without its window)."""
    events = timeline(dataset.events, EventQuery(as_of=now, actors=set(actors), tags=set(tags)))
    claims = [c for c in dataset.claims if in_focus_claim(c, actors)]
    claims.sort(key=lambda c: (c.start, c.id))
    states = [
        s
        for s in known_deadlines(dataset.deadlines, now)
        if in_focus_deadline(s.deadline, actors, tags)
    ]
    return Focused(events, claims, states)


def brief(
    dataset: Dataset,
    now: dt.datetime,
    *,
    days: int = 30,
    actors: Collection[str] = (),
    tags: Collection[str] = (),
    caps: dict[str, int] = CAPS,
) -> Brief:
    """The brief at ``now`` over the last ``days`` days, focused on ``actors``/``tags``."""
    zone_name = dataset.meta.timezone
    updated = dataset.meta.updated
    end = now
    moved = False
    stale_days = None
    if updated is not None:
        data_end = _end_of(updated, zone_name)
        stale_days = max((now - data_end).days, 0) if now > data_end else 0
        if data_end < now - dt.timedelta(days=days):
            end, moved = data_end, True
    start = end - dt.timedelta(days=days)
    known = timeline(dataset.events, EventQuery(as_of=now))
    focused = timeline(known, EventQuery(as_of=now, actors=set(actors), tags=set(tags)))
    in_window = [e for e in focused if e.end >= start and e.start <= end]
    in_window.reverse()  # newest first
    states = [
        s
        for s in known_deadlines(dataset.deadlines, now)
        if in_focus_deadline(s.deadline, actors, tags) and _deadline_in_window(s, start, end)
    ]
    claims = [
        c
        for c in claims_query(dataset.claims, as_of=now)
        if in_focus_claim(c, actors) and c.end >= start and c.start <= end
    ]
    claims.reverse()
    return Brief(
        now=now,
        start=start,
        end=end,
        window_days=days,
        moved=moved,
        data_updated=updated,
        stale_days=stale_days,
        first=known[0].date if known else None,
        last=known[-1].date if known else None,
        total_events=len(known),
        events=_capped(in_window, caps["events"]),
        deadlines=_capped(states, caps["deadlines"]),
        claims=_capped(claims, caps["claims"]),
        active=_capped(_activity(dataset, in_window, claims), caps["actors"]),
    )


def _activity(dataset: Dataset, events: list[Event], claims: list[Claim]) -> list[ActorActivity]:
    """Actors by how many of the window's events and claims involve them."""
    event_counts: Counter[str] = Counter()
    claim_counts: Counter[str] = Counter()
    for event in events:
        event_counts.update(set(event.actors))
    for claim in claims:
        claim_counts.update(set(claim.parties))
    rows = [
        ActorActivity(a, event_counts[a.id], claim_counts[a.id])
        for a in dataset.actors
        if event_counts[a.id] or claim_counts[a.id]
    ]
    rows.sort(key=lambda r: (-(r.events + r.claims), r.actor.id))
    return rows
