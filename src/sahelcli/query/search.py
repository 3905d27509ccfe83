"""One text search across every kind of record."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sahelcli.model import Dataset, search_texts
from sahelcli.query.replay import issued_by, outcome_known, visible
from sahelcli.query.text import contains, fold
from sahelcli.query.timeline import sort_key


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
        if contains(needle, *search_texts(actor)):
            hits.append(Hit("actor", actor.id, None, actor.name))
    for event in sorted(dataset.events, key=sort_key):
        if visible(event.end, as_of) and contains(needle, *search_texts(event)):
            hits.append(Hit("event", event.id, event.date.iso(), event.title))
    for claim in sorted(dataset.claims, key=lambda c: (c.start, c.id)):
        if visible(claim.end, as_of) and contains(needle, *search_texts(claim)):
            hits.append(Hit("claim", claim.id, claim.date.iso(), claim.text))
    for deadline in sorted(dataset.deadlines, key=lambda d: (d.expires, d.id)):
        if not issued_by(deadline, as_of):
            continue
        if not outcome_known(deadline, as_of):
            deadline = deadline._replace(outcome=None)
        if contains(needle, *search_texts(deadline)):
            hits.append(
                Hit("deadline", deadline.id, deadline.expires.date().isoformat(), deadline.label)
            )
    return hits
