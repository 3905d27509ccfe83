"""The subcommands, one module per area, each loaded only when a run needs it.

Every module defines ``app`` (a ``typer.Typer``) and its commands at module level. ``COMMANDS``
names the module that holds each command, so the root group (cli.py) lists every command
without importing any and builds only the one a run invokes: Click's documented pattern for
lazily loaded subcommands. To add a command: write it in the module of its area and add one
line here.

- briefing: what a reader asks first (timeline, brief, deadlines, deadline)
- records: the records themselves (actors, actor, claims, search, tags, show)
- interop: other tools' formats (export, import)
- upkeep: the dataset and the cache (validate, schema, cache)
"""

from __future__ import annotations

import importlib
from typing import Any

import typer

COMMANDS: dict[str, str] = {
    "timeline": "briefing",
    "brief": "briefing",
    "deadlines": "briefing",
    "deadline": "briefing",
    "actors": "records",
    "actor": "records",
    "claims": "records",
    "search": "records",
    "tags": "records",
    "show": "records",
    "export": "interop",
    "import": "interop",
    "validate": "upkeep",
    "schema": "upkeep",
    "cache": "upkeep",
}


def new_app(**settings: object) -> typer.Typer:
    """A Typer for one area's commands, with the settings every command shares."""
    return typer.Typer(rich_markup_mode=None, add_completion=False, **settings)  # type: ignore[arg-type]


def load_command(name: str) -> Any:
    """The Click command ``name``, built from its module's Typer (None if there is none).
    Typed ``Any``: Typer ships its own copy of Click, whose types are not public."""
    area = COMMANDS.get(name)
    if area is None:
        return None
    import typer.main

    module = importlib.import_module(f"{__name__}.{area}")
    group = typer.main.get_group(module.app)
    return group.commands.get(name)
