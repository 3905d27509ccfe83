"""The subcommands, one module per area, each loaded only when a run needs it.

Every module defines ``app`` (a ``typer.Typer``) and its commands at module level. ``COMMANDS``
names the module that holds each command, so the root group (cli.py) lists every command
without importing any and builds only the one a run invokes: Click's documented pattern for
lazily loaded subcommands. To add a command: write it in the module of its area and add one
line here.

- briefing: what a reader asks first (timeline, brief, deadlines, deadline, stats,
  report)
- records: the records themselves (actors, actor, claims, search, tags, show)
- interop: other tools' formats (export, import)
- upkeep: the dataset and the cache (validate, diff, schema, cache, help)
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
    "stats": "briefing",
    "report": "briefing",
    "actors": "records",
    "actor": "records",
    "claims": "records",
    "search": "records",
    "tags": "records",
    "show": "records",
    "export": "interop",
    "import": "interop",
    "validate": "upkeep",
    "diff": "upkeep",
    "changes": "upkeep",
    "schema": "upkeep",
    "cache": "upkeep",
    "help": "upkeep",
}

#: Real examples shown in each command's help (a test runs every one of them).
EXAMPLES: dict[str, tuple[str, ...]] = {
    "timeline": (
        "sahel timeline --since 2023-07-26 --until 2023-08-10",
        "sahel timeline --actor wagner --reverse",
        "sahel timeline --search uranium -f csv",
        "sahel timeline --near Agadez --km 300",
    ),
    "brief": (
        "sahel brief",
        "sahel brief --as-of 2023-08-03 --days 14 -f md",
        "sahel brief --actor ecowas --days 90",
    ),
    "deadlines": (
        "sahel deadlines",
        "sahel deadlines --as-of 2023-08-03T12:00+01:00",
        "sahel deadlines --chart --as-of 2024-06-01",
    ),
    "deadline": (
        "sahel deadline ecowas --as-of 2023-08-03",
        "sahel deadline ultimatum -f json",
    ),
    "stats": (
        "sahel stats",
        "sahel stats --by week --since 2023-07-20 --until 2023-09-30",
        "sahel stats --by actor --kind claims",
        "sahel stats --by year -f csv",
    ),
    "report": (
        "sahel report -o sahel.html",
        "sahel report --as-of 2023-08-03 --days 14 -o coup-week.html",
        "sahel report --actor ecowas -o ecowas.html --force",
    ),
    "actors": ("sahel actors", "sahel actors -f csv"),
    "actor": ("sahel actor tchiani", "sahel actor CEDEAO --all", "sahel actor wagner -f json"),
    "claims": (
        "sahel claims --about wagner",
        "sahel claims --status disputed --min-grade C3",
        "sahel claims --by mali -f md",
    ),
    "search": ("sahel search uranium", "sahel search 'air base' -f json"),
    "tags": ("sahel tags",),
    "show": (
        "sahel show ecowas-one-week-ultimatum-2023",
        "sahel show us-no-sign -f json",
        "sahel show wagner --kind actor",
    ),
    "export": (
        "sahel export ics --as-of 2023-08-01",
        "sahel export timelinejs --tag coup",
        "sahel export geojson -o sahel.geojson",
    ),
    "import": ("sahel import acled export.csv -o acled.yaml",),
    "validate": ("sahel validate", "sahel validate my-data/ -f json"),
    "schema": ("sahel schema > dataset.schema.json",),
    "diff": ("sahel diff old.yaml data/events.yaml", "sahel diff v1/ v2/ -f json"),
    "changes": ("sahel changes --since 2026-11-26", "sahel changes --since 2026-11 -f json"),
    "cache": ("sahel cache info", "sahel cache clear"),
    "help": ("sahel help", "sahel help timeline"),
}

GLOBAL_OPTIONS_LINE = (
    "Global options, before or after the command (see 'sahel --help'):\n\n\b\n"
    "  --data PATH  --as-of INSTANT  -f/--format table|tsv|csv|json|jsonl|md\n"
    "  --width N  --wrap  --no-pager  --no-color  --no-header  --no-cache  --debug"
)
DATES_LINE = (
    "Dates are YYYY-MM-DD, YYYY-MM or YYYY; instants YYYY-MM-DDTHH:MM with an offset "
    "(2023-08-03T12:00+01:00) or in the dataset's time zone."
)


def epilog(name: str) -> str:
    """A command's help epilog: its examples (kept as written) and the global options."""
    lines = "\n".join(f"  $ {example}" for example in EXAMPLES.get(name, ()))
    return f"Examples:\n\n\b\n{lines}\n\n{DATES_LINE}\n\n{GLOBAL_OPTIONS_LINE}"


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
    command = group.commands.get(name)
    if command is not None:
        # The whole first line of the help in `sahel --help` (Click would cut it at ~45).
        command.short_help = (command.help or "").strip().split("\n")[0]
        command.epilog = epilog(name)
    return command
