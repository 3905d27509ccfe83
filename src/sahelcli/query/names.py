"""Resolve what a user typed (id, name or alias, any case or accents, unique prefix) to records."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from sahelcli.errors import NotFound
from sahelcli.model import Actor
from sahelcli.query.text import name_key

T = TypeVar("T")


class Ambiguous(NotFound):
    """More than one record matches; the hint lists them."""

    def __init__(self, message: str, candidates: Sequence[str]) -> None:
        super().__init__(message, hint="be more specific; candidates: " + ", ".join(candidates))


def actor_names(actor: Actor) -> list[str]:
    return [actor.id, actor.name, *actor.aliases]


def match(
    query: str, records: Iterable[T], names: Callable[[T], Sequence[str]]
) -> tuple[list[T], bool]:
    """Records whose id/name/alias equals ``query`` (exact=True), else those one starts with."""
    key = name_key(query)
    exact: list[T] = []
    prefix: list[T] = []
    for record in records:
        keys = [name_key(n) for n in names(record)]
        if key in keys:
            exact.append(record)
        elif key and any(k.startswith(key) for k in keys):
            prefix.append(record)
    return (exact, True) if exact else (prefix, False)


def closest(query: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    import difflib

    pool = {name_key(c): c for c in candidates}
    found = difflib.get_close_matches(name_key(query), list(pool), n=n, cutoff=0.5)
    return [pool[f] for f in found]


def resolve_actor(actors: Sequence[Actor], query: str) -> Actor:
    """The one actor ``query`` names; NotFound with suggestions, or Ambiguous with candidates."""
    found, _ = match(query, actors, actor_names)
    if len(found) == 1:
        return found[0]
    if found:
        raise Ambiguous(
            f"{query!r} matches {len(found)} actors", [f"{a.id} ({a.name})" for a in found]
        )
    suggestions = closest(query, (n for a in actors for n in actor_names(a)))
    hint = (
        "did you mean " + " or ".join(repr(s) for s in suggestions) + "?" if suggestions else None
    )
    raise NotFound(f"no actor matches {query!r}", hint=hint, topic="actor")


def resolve_actor_ids(actors: Sequence[Actor], names: Iterable[str] | None) -> set[str]:
    """The ids of the actors each name resolves to (NotFound or Ambiguous otherwise)."""
    return {resolve_actor(actors, name).id for name in names or ()}


def require_known_tags(
    tags: Iterable[str] | None, known_tags: Callable[[], set[str]], what: str = "event"
) -> set[str]:
    """The tags, each checked against those in use (asked for only when tags were given)."""
    from sahelcli.suggest import did_you_mean

    if not tags:
        return set()
    known = known_tags()
    for tag in tags:
        if tag not in known:
            raise NotFound(
                f"no {what} is tagged {tag!r}",
                hint=did_you_mean(tag, sorted(known)),
                topic="tag",
            )
    return set(tags)
