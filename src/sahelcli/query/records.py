"""Find any one record (event, claim, deadline or actor) by what a user typed."""

from __future__ import annotations

from typing import Any, NamedTuple

from sahelcli.errors import NotFound
from sahelcli.model import Dataset
from sahelcli.query.deadlines import deadline_names
from sahelcli.query.names import Ambiguous, actor_names, closest, match

KINDS = ("event", "claim", "deadline", "actor")


class Found(NamedTuple):
    kind: str  # event | claim | deadline | actor
    record: Any


def _all(dataset: Dataset, kinds: tuple[str, ...]) -> list[Found]:
    pools = {
        "event": dataset.events,
        "claim": dataset.claims,
        "deadline": dataset.deadlines,
        "actor": dataset.actors,
    }
    return [Found(kind, record) for kind in kinds for record in pools[kind]]


def find_record(dataset: Dataset, query: str, kinds: tuple[str, ...] = KINDS) -> Found:
    """The one record ``query`` names: an exact id, else a unique id prefix, else (actors
    and deadlines) a name, alias or words of the title. NotFound with suggestions, or
    Ambiguous with the candidates as ``kind id``."""
    pool = _all(dataset, kinds)
    key = query.strip()
    for prefix in (False, True):
        hits = [
            f
            for f in pool
            if (f.record.id.startswith(key) if prefix else f.record.id == key) and key
        ]
        if len(hits) == 1:
            return hits[0]
        if hits:
            raise Ambiguous(
                f"{query!r} matches {len(hits)} records",
                [f"{f.kind} {f.record.id}" for f in hits[:8]]
                + ([f"+{len(hits) - 8} more"] if len(hits) > 8 else []),
            )

    def names(found: Found) -> list[str]:
        if found.kind == "actor":
            return actor_names(found.record)
        if found.kind == "deadline":
            return deadline_names(found.record)  # id, title, and runs of the title's words
        return [found.record.id]

    named, _exact = match(query, pool, names)
    if len(named) == 1:
        return named[0]
    if named:
        raise Ambiguous(
            f"{query!r} matches {len(named)} records",
            [f"{f.kind} {f.record.id}" for f in named[:8]],
        )
    suggestions = closest(query, [f.record.id for f in pool])
    hint = (
        "did you mean " + " or ".join(repr(s) for s in suggestions) + "?" if suggestions else None
    )
    raise NotFound(f"no record matches {query!r}", hint=hint, topic="record")
