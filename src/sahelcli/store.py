"""Where records come from: the validated dataset in memory, or the compiled index.

A store only *narrows*: it may return more records than a query needs, never fewer. The pure
query functions then decide, so answers are identical with and without the index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any, NamedTuple, Protocol

from sahelcli.model import Actor, Claim, Dataset, Deadline, Event, Meta
from sahelcli.query.timeline import EventQuery


class RecordQuery(NamedTuple):
    """Claims or deadlines involving ``actor`` and/or containing ``text``."""

    actor: str | None = None
    text: str | None = None


class Store(Protocol):
    def meta(self) -> Meta: ...
    def actors(self) -> tuple[Actor, ...]: ...
    def tags(self) -> set[str]: ...
    def events(self, query: EventQuery | None) -> tuple[Event, ...]: ...
    def event_rows(self, query: EventQuery) -> list[dict[str, Any]] | None:
        """The timeline of ``query`` as JSON-ready dicts (``serialize.to_json`` of each event),
        in timeline order, when this store applies every filter exactly and can hand them
        over without making records first; else None (use ``events`` and the query)."""

    def count_events(self, query: EventQuery) -> int | None:
        """How many events match ``query`` exactly, or None when only the query can tell."""

    def event_ends(self, ids: Collection[str]) -> dict[str, dt.datetime]:
        """When each of these events' periods ends (for the replay rules)."""

    def claims(self, query: RecordQuery | None) -> tuple[Claim, ...]: ...
    def deadlines(self, query: RecordQuery | None) -> tuple[Deadline, ...]: ...
    def full(self) -> Dataset: ...


class MemoryStore:
    """The whole dataset in memory: every query returns everything (the queries filter)."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    def meta(self) -> Meta:
        return self.dataset.meta

    def actors(self) -> tuple[Actor, ...]:
        return self.dataset.actors

    def tags(self) -> set[str]:
        return {t for e in self.dataset.events for t in e.tags}

    def events(self, query: EventQuery | None) -> tuple[Event, ...]:
        return self.dataset.events

    def event_rows(self, query: EventQuery) -> list[dict[str, Any]] | None:
        return None  # the records are here already: the timeline query is the quick way

    def count_events(self, query: EventQuery) -> int | None:
        return None  # in memory, the timeline query counts as fast

    def event_ends(self, ids: Collection[str]) -> dict[str, dt.datetime]:
        return {e.id: e.end for e in self.dataset.events if e.id in ids}

    def claims(self, query: RecordQuery | None) -> tuple[Claim, ...]:
        return self.dataset.claims

    def deadlines(self, query: RecordQuery | None) -> tuple[Deadline, ...]:
        return self.dataset.deadlines

    def full(self) -> Dataset:
        return self.dataset


class Nothing:
    """Marker: no record of this kind is needed."""


NOTHING = Nothing()


def subset(
    store: Store,
    *,
    events: EventQuery | Nothing | None = NOTHING,
    claims: RecordQuery | Nothing | None = NOTHING,
    deadlines: RecordQuery | Nothing | None = NOTHING,
) -> Dataset:
    """A Dataset holding every actor and the records the given queries may need.

    A kind left out (``NOTHING``) is empty; ``None`` means all of that kind.
    """
    return Dataset(
        meta=store.meta(),
        actors=store.actors(),
        events=() if isinstance(events, Nothing) else store.events(events),
        claims=() if isinstance(claims, Nothing) else store.claims(claims),
        deadlines=() if isinstance(deadlines, Nothing) else store.deadlines(deadlines),
    )
