"""Rich tables: the only place (with the live countdown) that imports Rich.

Every data cell is a ``rich.text.Text`` built from cleaned text, so ``[bold]`` or
``[link=…]`` in data prints literally and escape sequences are shown, not executed. The
output mode comes from our own checks (OutputOptions), never from Rich's guess: on a
non-terminal there is no colour, ASCII borders, no wrapping and no truncation.
"""

from __future__ import annotations

from typing import Any, TextIO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from sahelcli.render import Detail, Document, OutputOptions, Table, cell_text
from sahelcli.render.safe import clean

#: Widest line we ever lay out on a non-terminal: content decides, nothing is cut.
UNBOUNDED = 1_000_000


def text(value: Any, kind: str = "text", style: str | None = None, list_sep: str = ", ") -> Text:
    return Text(clean(cell_text(value, kind, human=True, list_sep=list_sep)), style=style or "")


def make_console(options: OutputOptions, stream: TextIO) -> Console:
    if options.terminal:
        return Console(
            file=stream,
            force_terminal=True,  # we checked: it is one (False would mean "treat as a pipe")
            no_color=not options.color,
            color_system="auto" if options.color else None,
            width=options.width,
            highlight=False,
            emoji=False,
            markup=False,
        )
    # Not a terminal: the layout stays plain (ASCII, unbounded); colour only if forced.
    return Console(
        file=stream,
        force_terminal=options.color,
        no_color=not options.color,
        color_system="standard" if options.color else None,
        width=options.width or UNBOUNDED,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )


def _rich_table(table: Table, options: OutputOptions, title: str | None) -> RichTable:
    fixed = not options.terminal
    result = RichTable(
        title=Text(clean(title)) if title else None,
        box=box.ROUNDED if options.terminal else box.ASCII,
        header_style="bold" if options.color else "",
        title_style="bold" if options.color else "",
        show_lines=False,
        expand=False,
    )
    for column in table.columns:
        result.add_column(
            Text(column.header),
            justify="right" if column.kind == "number" else "left",
            no_wrap=fixed,
            overflow="fold" if options.terminal else "ignore",
            style=(column.style or "") if options.color else "",
            min_width=column.min_width if options.terminal else None,
            max_width=column.max_width if options.terminal else None,
        )
    for row in table.rows:
        result.add_row(*(text(c.value(row), c.kind) for c in table.columns))
    return result


def _detail(doc: Detail, options: OutputOptions) -> list[RenderableType]:
    grid = RichTable(
        title=Text(clean(doc.title)),
        box=box.ROUNDED if options.terminal else box.ASCII,
        show_header=False,
        title_style="bold" if options.color else "",
        expand=False,
    )
    grid.add_column(style="bold" if options.color else "", no_wrap=True)
    grid.add_column(no_wrap=not options.terminal, overflow="fold" if options.terminal else "ignore")
    for _key, label, value in doc.fields:
        if value not in (None, "", [], ()):
            grid.add_row(Text(label), text(value, list_sep="\n"))  # e.g. one source a line
    parts: list[RenderableType] = [grid]
    for section in doc.sections:
        title = section.title or section.name
        if section.rows:
            parts.append(_rich_table(section, options, title))
        else:
            parts.append(Text(f"{clean(title)}: {clean(section.empty)}"))
    return parts


def render(doc: Document, options: OutputOptions, stream: TextIO) -> None:
    console = make_console(options, stream)
    if isinstance(doc, Table):
        if not doc.rows:
            console.print(Text(clean(doc.empty)), style="dim" if options.color else "")
            return
        console.print(_rich_table(doc, options, doc.title))
        return
    console.print(Group(*_detail(doc, options)))
