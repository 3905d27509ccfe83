"""Shell completion of names from the active dataset (actor ids and aliases, deadlines, tags).

Completion runs the program on every TAB: it reads the index when one exists, never prints
to stdout, and gives nothing rather than an error when the dataset cannot be read.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterable
from pathlib import Path

import typer

from sahelcli.query.text import name_key


def _store(ctx: typer.Context) -> object | None:
    from sahelcli.index import open_store
    from sahelcli.session import default_dataset_path, env_flag

    root = ctx.find_root()
    data = root.params.get("data") or os.environ.get("SAHEL_DATA")
    path = Path(data).expanduser() if data else default_dataset_path()
    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            return open_store(path, use_cache=not env_flag("SAHEL_NO_CACHE"))
    except Exception:  # completion must never fail loudly
        return None


def _matching(candidates: Iterable[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    """Candidates the typed text starts (case- and accent-insensitively).

    The shell keeps only values that start with exactly what was typed, so a match in
    another case is offered in the typed case ("tch" -> "tchiani"); names resolve in any case.
    """
    key = name_key(incomplete)
    seen: set[str] = set()
    out = []
    for value, help_text in candidates:
        if not name_key(value).startswith(key):
            continue
        if not value.startswith(incomplete):
            if not value.casefold().startswith(incomplete.casefold()):
                continue  # matched only without accents: the shell would drop it anyway
            value = incomplete + value[len(incomplete) :]
        if value not in seen:
            seen.add(value)
            out.append((value, help_text))
    return out


def actor_names(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    store = _store(ctx)
    if store is None:
        return []
    actors = store.actors()  # type: ignore[attr-defined]
    ids = [(a.id, a.name) for a in actors]
    aliases = [(alias, a.id) for a in actors for alias in a.aliases]
    return _matching([*ids, *aliases], incomplete)


def deadline_names(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    store = _store(ctx)
    if store is None:
        return []
    deadlines = store.deadlines(None)  # type: ignore[attr-defined]
    actors = {a.id: a.name for a in store.actors()}  # type: ignore[attr-defined]
    ids = [(d.id, d.title or "") for d in deadlines]
    parties = [(who, actors.get(who, who)) for d in deadlines for who in (d.issuer, d.target)]
    return _matching([*ids, *parties], incomplete)


def tag_names(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    store = _store(ctx)
    if store is None:
        return []
    return _matching(((t, "") for t in sorted(store.tags())), incomplete)  # type: ignore[attr-defined]
