"""Counts of records by period, tag, actor or kind: what ``sahel stats`` charts.

Periods are calendar years, months or ISO weeks; every period between the first and the
last one is listed, with 0 where nothing happened, so a chart never hides a gap. A record
dated less precisely than the period (an event known only to the month, in weekly counts)
is not put in a period it may not belong to: it is counted apart (``Counts.imprecise``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from sahelcli.model import Claim, Deadline, Event, PartialDate, search_texts
from sahelcli.query.text import contains
from sahelcli.query.timeline import EventQuery, timeline

PERIODS = ("month", "week", "year")


class Item(NamedTuple):
    """A record as stats sees it: its kind, date, tags and actors."""

    kind: str
    date: PartialDate
    tags: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()


class Count(NamedTuple):
    key: str  # a period (2023, 2023-08, 2023-W31), a tag, an actor id or a kind
    n: int


class Counts(NamedTuple):
    rows: list[Count]
    imprecise: int = 0  # records dated less precisely than the period (not in any row)
    total: int = 0  # records counted (a record with two tags is one record)


def event_item(event: Event) -> Item:
    return Item("events", event.date, event.tags, event.actors)


def claim_item(claim: Claim) -> Item:
    return Item("claims", claim.date, (), claim.parties)


def deadline_item(deadline: Deadline, zone: dt.tzinfo) -> Item:
    issued = deadline.issued.astimezone(zone).date()
    day = PartialDate(issued.year, issued.month, issued.day)
    return Item("deadlines", day, deadline.tags, deadline.parties)


def period_key(date: PartialDate, by: str) -> str | None:
    """The period ``date`` falls in, or None when it is less precise than the period."""
    if by == "year":
        return f"{date.year:04d}"
    if by == "month":
        return None if date.month is None else f"{date.year:04d}-{date.month:02d}"
    if date.day is None:
        return None
    year, week, _ = date.first_day().isocalendar()
    return f"{year:04d}-W{week:02d}"


def period_start(day: dt.date, by: str) -> dt.date:
    """The first day of the period ``day`` is in."""
    if by == "year":
        return dt.date(day.year, 1, 1)
    if by == "month":
        return dt.date(day.year, day.month, 1)
    return day - dt.timedelta(days=day.weekday())


def periods(first: dt.date, last: dt.date, by: str) -> list[str]:
    """Every period from the one holding ``first`` to the one holding ``last``, in order."""
    keys: list[str] = []
    day = period_start(first, by)
    while day <= last:
        keys.append(period_key(PartialDate(day.year, day.month, day.day), by) or "")
        if by == "year":
            day = dt.date(day.year + 1, 1, 1)
        elif by == "month":
            day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        else:
            day += dt.timedelta(days=7)
    return keys


def count_by_period(
    items: Sequence[Item],
    by: str,
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> Counts:
    """Records per period from ``first`` to ``last`` (default: the first and last record),
    every period listed, empty ones with 0."""
    found: Counter[str] = Counter()
    imprecise = 0
    for item in items:
        key = period_key(item.date, by)
        if key is None:
            imprecise += 1
        else:
            found[key] += 1
    if first is None or last is None:
        days = [item.date.first_day() for item in items if period_key(item.date, by)]
        if not days:
            return Counts([], imprecise, len(items))
        first = first or min(days)
        last = last or max(days)
    keys = periods(first, last, by)
    return Counts([Count(key, found[key]) for key in keys], imprecise, len(items))


def count_by_group(items: Iterable[Item], by: str) -> Counts:
    """Records per tag, actor or kind, most first (ties by name). A record with two tags
    counts once under each; ``total`` counts it once."""
    found: Counter[str] = Counter()
    total = 0
    for item in items:
        total += 1
        if by == "kind":
            found[item.kind] += 1
        else:
            found.update(set(item.tags if by == "tag" else item.actors))
    rows = [Count(key, n) for key, n in found.items()]
    rows.sort(key=lambda row: (-row.n, row.key))
    return Counts(rows, 0, total)


def count(
    items: Sequence[Item], by: str, first: dt.date | None = None, last: dt.date | None = None
) -> Counts:
    if by in PERIODS:
        return count_by_period(items, by, first, last)
    return count_by_group(items, by)


class Filters(NamedTuple):
    """The timeline filters, for every kind of record stats counts."""

    since: dt.datetime | None = None
    until: dt.datetime | None = None
    actors: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    text: str | None = None  # folded (query.text.fold)


def _keeps(
    record: Claim | Deadline, item: Item, start: dt.datetime, end: dt.datetime, filters: Filters
) -> bool:
    if filters.until is not None and start > filters.until:
        return False
    if filters.since is not None and end < filters.since:
        return False
    if filters.actors and filters.actors.isdisjoint(item.actors):
        return False
    if filters.tags and filters.tags.isdisjoint(item.tags):
        return False
    return filters.text is None or contains(filters.text, *search_texts(record))


def items(
    events: Sequence[Event],
    claims: Sequence[Claim],
    deadlines: Sequence[Deadline],
    filters: Filters,
    zone: dt.tzinfo,
) -> list[Item]:
    """The records that pass ``filters``, as Items (events through the timeline query)."""
    query = EventQuery(
        since=filters.since,
        until=filters.until,
        actors=filters.actors,
        tags=filters.tags,
        text=filters.text,
    )
    found = [event_item(e) for e in timeline(events, query)]
    for claim in claims:
        item = claim_item(claim)
        if _keeps(claim, item, claim.start, claim.end, filters):
            found.append(item)
    for deadline in deadlines:
        item = deadline_item(deadline, zone)
        if _keeps(deadline, item, deadline.issued, deadline.issued, filters):
            found.append(item)
    return found
