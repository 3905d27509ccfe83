"""The one-page situation brief: everything a reader needs at ``now``, computed in one place."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sahelcli.model import Claim, Dataset, Event, PartialDate
from sahelcli.query.actors import ActorSummary, most_active
from sahelcli.query.claims import claims
from sahelcli.query.deadlines import DeadlineState, known_deadlines
from sahelcli.query.timeline import EventQuery, timeline


class Brief(NamedTuple):
    now: dt.datetime
    first: PartialDate | None
    last: PartialDate | None
    total_events: int
    window_days: int
    latest: list[Event]  # newest first
    latest_is_fallback: bool  # no event in the window: the last N events instead
    deadlines: list[DeadlineState]  # open, and expired/closed within the window
    disputed: list[Claim]
    active: list[ActorSummary]


def brief(
    dataset: Dataset, now: dt.datetime, *, days: int = 30, fallback: int = 10, top: int = 5
) -> Brief:
    known = timeline(dataset.events, EventQuery(as_of=now))
    window_start = now - dt.timedelta(days=days)
    latest = [e for e in known if e.start >= window_start]
    fallback_used = not latest
    if fallback_used:
        latest = known[-fallback:]
    latest.reverse()
    deadlines = [
        s
        for s in known_deadlines(dataset.deadlines, now)
        if s.status == "open" or s.deadline.expires >= window_start
    ]
    return Brief(
        now=now,
        first=known[0].date if known else None,
        last=known[-1].date if known else None,
        total_events=len(known),
        window_days=days,
        latest=latest,
        latest_is_fallback=fallback_used,
        deadlines=deadlines,
        disputed=claims(dataset.claims, as_of=now, statuses=("disputed",)),
        active=most_active(dataset, now, top),
    )
