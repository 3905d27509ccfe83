"""What several command modules share: the run's session and name resolution."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import typer

from sahelcli.session import Session


def session(ctx: typer.Context) -> Session:
    """The run's Session, made by the root callback from the global options."""
    obj = ctx.find_root().obj
    assert isinstance(obj, Session)
    return obj


def actor_ids(run: Session, names: list[str] | None) -> set[str]:
    """The ids of the actors ``names`` resolve to (an unknown name is an error)."""
    from sahelcli.query.names import resolve_actor_ids

    return resolve_actor_ids(run.store.actors(), names)


def event_tags(run: Session, tags: list[str] | None) -> set[str]:
    """``tags``, checked against the tags events carry."""
    from sahelcli.query.names import require_known_tags

    return require_known_tags(tags, run.store.tags)


def file_target(output: Path | None, *, force: bool) -> Path | None:
    """The file ``-o`` names, checked before any work (None: standard output, also ``-o -``)."""
    if output is None or str(output) == "-":
        return None
    from sahelcli.exports import check_target

    check_target(output, force=force)
    return output


def choose(value: str, choices: Sequence[str], what: str) -> str:
    """``value`` (any case) if it is one of ``choices``, else a usage error that suggests."""
    from sahelcli.errors import UsageError
    from sahelcli.suggest import did_you_mean

    lowered = value.lower()
    if lowered not in choices:
        raise UsageError(
            f"unknown {what} {value!r}",
            hint=did_you_mean(lowered, choices) or "choose one of " + ", ".join(choices),
        )
    return lowered
