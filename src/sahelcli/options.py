"""Options shared by several commands (the timeline filters), declared once."""

from typing import Annotated

import typer

from sahelcli import completion

Since = Annotated[
    str | None, typer.Option("--since", metavar="DATE", help="From this date or instant.")
]
Until = Annotated[
    str | None,
    typer.Option("--until", metavar="DATE", help="Up to this date (inclusive) or instant."),
]
Actors = Annotated[
    list[str] | None,
    typer.Option(
        "--actor",
        "-a",
        metavar="NAME",
        help="Involving this actor (repeatable: any of them).",
        autocompletion=completion.actor_names,
    ),
]
Tags = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        "-t",
        metavar="TAG",
        help="With this tag (repeatable: any of them).",
        autocompletion=completion.tag_names,
    ),
]
Force = Annotated[bool, typer.Option("--force", help="Overwrite an existing --output file.")]
Search = Annotated[
    str | None,
    typer.Option(
        "--search",
        "-s",
        metavar="TEXT",
        help="Text in title, summary, location or note (any case, accents ignored).",
    ),
]
