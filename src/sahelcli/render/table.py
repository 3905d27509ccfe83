"""Rich tables: the only place (with the live countdown) that imports Rich.

Every data cell is a ``rich.text.Text`` built from cleaned text, so ``[bold]`` or
``[link=…]`` in data prints literally and escape sequences are shown, not executed. The
output mode comes from our own checks (OutputOptions), never from Rich's guess: on a
non-terminal there is no colour and ASCII borders, and nothing is wrapped or cut unless
``--width`` asks for a width (then the table wraps to it, as on a terminal).
"""

from __future__ import annotations

from typing import Any, TextIO

from rich import box
from rich.cells import cell_len
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


def wraps(options: OutputOptions) -> bool:
    """Whether the table is laid out to a width (a terminal's or --width), wrapping cells."""
    return options.terminal or options.width is not None


def _widest_line(value: Text) -> int:
    return max(map(cell_len, value.plain.split("\n")))


def _min_widths(table: Table, cells: list[list[Text]], width: int) -> list[int | None]:
    """The columns' minimum widths, or none when they cannot all be honoured within ``width``.

    Rich shrinks a table to fit, then widens each column back to its minimum, so a minimum
    that cannot fit pushes the table past the edge, where the terminal cuts it. Honoured
    means: the columns with a minimum get it while every other column keeps its content's
    width (up to its maximum); then Rich's shrinking never goes below a minimum.
    """
    hints = [c.min_width for c in table.columns]
    needed = 3 * len(hints) + 1  # two spaces of padding and a border a column, one to close
    for i, column in enumerate(table.columns):
        if column.min_width is not None:
            needed += column.min_width
            continue
        natural = max([cell_len(column.header), *(_widest_line(row[i]) for row in cells)])
        needed += natural if column.max_width is None else min(natural, column.max_width)
    return hints if needed <= width else [None] * len(hints)


def _rich_table(table: Table, options: OutputOptions, title: str | None, width: int) -> RichTable:
    bounded = wraps(options)
    cells = [[text(c.value(row), c.kind) for c in table.columns] for row in table.rows]
    result = RichTable(
        title=Text(clean(title)) if title else None,
        box=box.ROUNDED if options.terminal else box.ASCII,
        header_style="bold" if options.color else "",
        title_style="bold" if options.color else "",
        show_lines=False,
        expand=False,
    )
    min_widths = _min_widths(table, cells, width) if bounded else [None] * len(table.columns)
    for column, min_width in zip(table.columns, min_widths, strict=True):
        result.add_column(
            Text(column.header),
            justify="right" if column.kind == "number" else "left",
            no_wrap=not bounded,
            overflow="fold" if bounded else "ignore",
            style=(column.style or "") if options.color else "",
            min_width=min_width,
            max_width=column.max_width if bounded else None,
        )
    for row_cells in cells:
        result.add_row(*row_cells)
    return result


def detail_parts(doc: Detail, options: OutputOptions, width: int) -> list[RenderableType]:
    """A Detail as Rich renderables: the fields as a grid, then each section."""
    grid = RichTable(
        title=Text(clean(doc.title)),
        box=box.ROUNDED if options.terminal else box.ASCII,
        show_header=False,
        title_style="bold" if options.color else "",
        expand=False,
    )
    grid.add_column(style="bold" if options.color else "", no_wrap=True)
    bounded = wraps(options)
    grid.add_column(no_wrap=not bounded, overflow="fold" if bounded else "ignore")
    for _key, label, value in doc.fields:
        if value not in (None, "", [], ()):
            grid.add_row(Text(label), text(value, list_sep="\n"))  # e.g. one source a line
    parts: list[RenderableType] = [grid]
    for section in doc.sections:
        title = section.title or section.name
        if section.rows:
            parts.append(_rich_table(section, options, title, width))
        else:
            parts.append(Text(f"{clean(title)}: {clean(section.empty)}"))
    return parts


def render(doc: Document, options: OutputOptions, stream: TextIO) -> None:
    console = make_console(options, stream)
    if isinstance(doc, Table):
        if not doc.rows:
            console.print(Text(clean(doc.empty)), style="dim" if options.color else "")
            return
        console.print(_rich_table(doc, options, doc.title, console.width))
        return
    console.print(Group(*detail_parts(doc, options, console.width)))
