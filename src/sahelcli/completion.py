"""Shell completion of names from the active dataset (actor ids and aliases, deadlines, tags).

Completion runs the program on every TAB: it reads the index when one exists, never prints
to stdout, and gives nothing rather than an error when the dataset cannot be read.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import typer

from sahelcli.query.text import name_key
from sahelcli.render.safe import clean_line


def _store(ctx: typer.Context) -> object | None:
    from sahelcli.env import env_flag
    from sahelcli.index import open_store
    from sahelcli.session import default_dataset_path

    root = ctx.find_root()
    data = root.params.get("data") or os.environ.get("SAHEL_DATA")
    path = Path(data).expanduser() if data else default_dataset_path()
    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            return open_store(path, use_cache=not env_flag("SAHEL_NO_CACHE"))
    except Exception:  # completion must never fail loudly
        return None


class Candidate(str):
    """A name already matched (any case, accents ignored). Typer keeps only candidates that
    ``startswith`` the typed text, case-sensitively; this one says yes, so ``cede`` offers
    ``CEDEAO`` as the data spells it."""

    __slots__ = ()

    def startswith(self, *args: Any, **kwargs: Any) -> bool:
        return True


def _matching(candidates: Iterable[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    """Candidates whose name starts with what was typed, in any case and with or without
    accents, spelt as the data spells them (the shell classes in shells.py quote them)."""
    key = name_key(incomplete.strip("'\""))
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    for value, help_text in candidates:
        if not name_key(value).startswith(key):
            continue
        if value not in seen and value == clean_line(value):
            seen.add(value)
            out.append((Candidate(value), clean_line(help_text)))
    return out


def choices(values: Iterable[str]) -> Callable[[str], list[str]]:
    """A completion function offering fixed ``values`` (statuses, formats, kinds)."""
    options = list(values)

    def complete(incomplete: str) -> list[str]:
        return [v for v in options if v.startswith(incomplete.lower())]

    return complete


def best_name(names: list[str], incomplete: str) -> str | None:
    """The one name of a record to offer for what was typed: one that starts with it exactly
    (names in the given order), else the first that matches in any case and accents. One
    candidate per record, so a unique match is inserted whole instead of a common prefix."""
    typed = incomplete.strip("'\"")
    exact = [n for n in names if n.startswith(typed)]
    if exact:
        return exact[0]
    key = name_key(typed)
    return next((n for n in names if name_key(n).startswith(key)), None)


def _one_per_record(
    records: Iterable[tuple[list[str], list[str], str]], incomplete: str
) -> list[tuple[str, str]]:
    """(exact-order names, any-case-order names, help) per record -> one candidate each."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for exact_order, loose_order, help_text in records:
        typed = incomplete.strip("'\"")
        chosen = next((n for n in exact_order if n.startswith(typed)), None)
        chosen = chosen or best_name(loose_order, incomplete)
        if chosen is not None and chosen not in seen and chosen == clean_line(chosen):
            # (a name with a control character is never offered: the shell would run it)
            seen.add(chosen)
            out.append((Candidate(chosen), clean_line(help_text)))
    return out


def actor_names(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    store = _store(ctx)
    if store is None:
        return []
    actors = store.actors()  # type: ignore[attr-defined]
    return _one_per_record(
        (([a.id, a.name, *a.aliases], [a.name, *a.aliases, a.id], a.id) for a in actors),
        incomplete,
    )


def deadline_names(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    store = _store(ctx)
    if store is None:
        return []
    deadlines = store.deadlines(None)  # type: ignore[attr-defined]
    actors = {a.id: a for a in store.actors()}  # type: ignore[attr-defined]
    records = [([d.id], [d.id], d.title or "") for d in deadlines]
    for who in sorted({w for d in deadlines for w in (d.issuer, d.target)}):
        actor = actors.get(who)
        names = [who, *([actor.name, *actor.aliases] if actor else [])]
        records.append((names, [*names[1:], who], actor.name if actor else who))
    return _one_per_record(records, incomplete)


def tag_names(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    store = _store(ctx)
    if store is None:
        return []
    return _matching(((t, "") for t in sorted(store.tags())), incomplete)  # type: ignore[attr-defined]
