"""One text search across every kind of record."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sahelcli.model import Dataset
from sahelcli.query.text import contains, fold
from sahelcli.query.timeline import sort_key, visible


class Hit(NamedTuple):
    kind: str  # actor | event | claim | deadline
    id: str
    date: str | None  # ISO at the record's precision
    text: str  # the record's headline


def search(dataset: Dataset, text: str, as_of: dt.datetime | None) -> list[Hit]:
    """Records whose text contains ``text`` (case- and accent-insensitive), grouped by kind."""
    needle = fold(text)
    hits: list[Hit] = []
    for actor in sorted(dataset.actors, key=lambda a: a.id):
        if contains(needle, actor.id, actor.name, actor.role, *actor.aliases):
            hits.append(Hit("actor", actor.id, None, actor.name))
    for event in sorted(dataset.events, key=sort_key):
        if visible(event.end, as_of) and contains(
            needle, event.title, event.summary, event.location, event.note
        ):
            hits.append(Hit("event", event.id, event.date.iso(), event.title))
    for claim in sorted(dataset.claims, key=lambda c: (c.start, c.id)):
        if visible(claim.end, as_of) and contains(needle, claim.text, claim.note):
            hits.append(Hit("claim", claim.id, claim.date.iso(), claim.text))
    for deadline in sorted(dataset.deadlines, key=lambda d: (d.expires, d.id)):
        if as_of is not None and deadline.issued > as_of:
            continue
        outcome_text = deadline.outcome.text if deadline.outcome else None
        if contains(
            needle, deadline.id, deadline.title, deadline.demand, deadline.consequence, outcome_text
        ):
            hits.append(
                Hit("deadline", deadline.id, deadline.expires.date().isoformat(), deadline.label)
            )
    return hits
