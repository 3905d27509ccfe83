"""Events in date order, filtered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, NamedTuple

from sahelcli.model import Event, search_texts
from sahelcli.query.replay import visible
from sahelcli.query.text import contains

if TYPE_CHECKING:  # query/geo.py is imported only by runs that use --near
    from sahelcli.query.geo import Near


class EventQuery(NamedTuple):
    """Which events a timeline (or a store) is asked for. One type for both: a store may
    narrow with it, the query function then applies every filter exactly."""

    as_of: dt.datetime | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    actors: Collection[str] = frozenset()  # any of them
    tags: Collection[str] = frozenset()  # any of them
    text: str | None = None  # folded text (query.text.fold) some searchable field contains
    near: Near | None = None  # within a distance of a point (events with coordinates)
    # Only the first ``limit`` events in timeline order (newest first with ``reverse``). A
    # store may apply it only when its other filters are exact (see ``narrowed_only``).
    limit: int | None = None
    reverse: bool = False

    @property
    def narrowed_only(self) -> bool:
        """Whether a filter is one a store does not apply exactly (text, distance): then only
        the query function can count, order and cut."""
        return bool(self.text) or self.near is not None


def sort_key(event: Event) -> tuple[dt.datetime, int]:
    """Chronological order; among events starting at the same instant the more precise date
    comes last, and events still tied keep the dataset's order (the sort is stable)."""
    return (event.start, _PRECISION_ORDER[event.date.precision])


_PRECISION_ORDER = {"year": 0, "month": 1, "day": 2}


def timeline(events: Iterable[Event], query: EventQuery) -> list[Event]:
    """Events matching every filter, oldest first (newest first with ``reverse``)."""
    needle = query.text
    actors = set(query.actors)
    tags = set(query.tags)
    chosen = []
    for event in events:
        if not visible(event.end, query.as_of):
            continue
        if query.until is not None and event.start > query.until:
            continue
        if query.since is not None and event.end < query.since:
            continue
        if actors and actors.isdisjoint(event.actors):
            continue
        if tags and tags.isdisjoint(event.tags):
            continue
        if needle is not None and not contains(needle, *search_texts(event)):
            continue
        if query.near is not None and not query.near.holds(event):
            continue
        chosen.append(event)
    chosen.sort(key=sort_key)
    if query.reverse:
        chosen.reverse()
    if query.limit is not None:
        chosen = chosen[: query.limit]
    return chosen
