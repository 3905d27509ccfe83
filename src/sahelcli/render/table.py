"""Rich tables and cards: the only place (with the live countdown) that imports Rich.

Every data cell is a ``rich.text.Text`` built from cleaned text, so ``[bold]`` or
``[link=…]`` in data prints literally and escape sequences are shown, not executed. The
output mode comes from our own checks (OutputOptions), never from Rich's guess.

On a terminal (or with --width) a list is laid out the way gh and kubectl do it: one
free-text column takes the remaining width and is cut with "…" (whole with --wrap), every
other cell keeps its words whole, and when the width is short some columns move under the
free text (``tuck``) or are dropped by priority (see ``plan``). A Detail is a card: labelled
fields, then URLs whole on their own lines, then its lists. On a non-terminal without
--width nothing is wrapped or cut: ASCII borders, the content's own width.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple, TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.style import Style
from rich.table import Table as RichTable
from rich.text import Text

from sahelcli.render import (
    Column,
    Detail,
    Link,
    OutputOptions,
    Page,
    Row,
    Shown,
    Table,
    cell_text,
)
from sahelcli.render.safe import clean, clean_line

#: Widest line we ever lay out on a non-terminal: content decides, nothing is cut.
UNBOUNDED = 1_000_000
#: Cells between two columns of a list on a terminal (padding and the invisible divider).
GAP = 2
#: The free-text column is never made narrower than this to keep a column.
FLEX_MIN = 24
#: Below these widths nothing is narrowed further (a very narrow terminal folds words).
FLEX_FLOOR = 10
COLUMN_FLOOR = 4


def text(value: Any, kind: str = "text", style: str | None = None, list_sep: str = ", ") -> Text:
    if isinstance(value, Shown):
        value = value.human
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


def bounded(options: OutputOptions) -> bool:
    """Whether the output is laid out to a width (a terminal's or --width)."""
    return options.terminal or options.width is not None


# --- cells ----------------------------------------------------------------------------------


def _links_allowed(options: OutputOptions) -> bool:
    """OSC 8 hyperlinks only where escape codes are drawn at all (a colour terminal)."""
    return options.terminal and options.color


def shown_text(value: Any, column: Column, options: OutputOptions) -> Text:
    """A terminal cell: lists joined, Links as their label (a hyperlink where allowed)."""
    items = value if isinstance(value, list | tuple) and not isinstance(value, Link) else None
    if items is not None and any(isinstance(v, Link) for v in items):
        result = Text()
        for i, item in enumerate(items):
            if i:
                result.append(", ")
            result.append_text(shown_text(item, column, options))
        return result
    if isinstance(value, Link):
        link = Style(link=value.url) if _links_allowed(options) else Style()
        return Text(clean_line(value.label), style=link)
    return text(value, column.kind, (column.style or "") if options.color else "")


def _words(value: Text) -> list[str]:
    return value.plain.split() or [""]


def _longest_word(value: Text) -> int:
    return max(map(cell_len, _words(value)))


def _natural(value: Text) -> int:
    return max(map(cell_len, value.plain.split("\n")))


# --- layout ---------------------------------------------------------------------------------


class Plan(NamedTuple):
    """Which columns a terminal list shows, at what widths, and which go on the line below."""

    columns: list[int]  # indexes into table.columns, in order
    widths: dict[int, int]
    tucked: list[int]
    flex: int | None


def plan(table: Table, cells: list[list[Text]], width: int) -> Plan:
    """Fit the table into ``width`` without splitting a word; the flex column takes what is
    left. Too wide: move the ``tuck`` columns to a line below the row, then drop columns by
    priority (highest first, rightmost first among equals) until it fits."""
    columns = table.columns
    flex = next((i for i, c in enumerate(columns) if c.flex), None)
    natural: dict[int, int] = {}
    longest: dict[int, int] = {}
    for i, column in enumerate(columns):
        texts = [row[i] for row in cells]
        natural[i] = max([cell_len(column.header), *map(_natural, texts)])
        longest[i] = max([cell_len(column.header), *map(_longest_word, texts)])

    def fixed_width(i: int) -> int:
        cap = columns[i].max_width
        return natural[i] if cap is None else max(min(natural[i], cap), longest[i])

    shown = [i for i, c in enumerate(columns) if c.only != "data"]
    tucked: list[int] = []

    def needed() -> int:
        fixed = sum(fixed_width(i) for i in shown if i != flex)
        floor = min(natural[flex], FLEX_MIN) if flex is not None and flex in shown else 0
        return fixed + floor + GAP * (len(shown) - 1)

    while needed() > width:
        tuckable = [i for i in shown if columns[i].tuck and flex is not None]
        if tuckable:
            for i in tuckable:
                shown.remove(i)
                tucked.append(i)
            continue
        droppable = [i for i in shown if columns[i].priority > 0 and i != flex]
        if not droppable:
            break  # words longer than what is left are folded
        shown.remove(max(reversed(droppable), key=lambda i: columns[i].priority))
    widths = {i: fixed_width(i) for i in shown if i != flex}
    if flex is not None and flex in shown:
        rest = width - sum(widths.values()) - GAP * (len(shown) - 1)
        widths[flex] = max(min(rest, natural[flex]), min(natural[flex], FLEX_FLOOR))
    overflow = sum(widths.values()) + GAP * (len(shown) - 1) - width
    while overflow > 0:  # nothing left to drop: narrow the widest other column, words fold
        others = [i for i in widths if i != flex and widths[i] > COLUMN_FLOOR]
        if not others:
            break
        widest = max(others, key=lambda i: widths[i])
        cut = min(overflow, widths[widest] - COLUMN_FLOOR)
        widths[widest] -= cut
        overflow -= cut
    return Plan(shown, widths, tucked, flex)


def _fit_lines(
    value: Text, width: int, *, max_lines: int | None, console: Console, items: bool
) -> list[Text]:
    """A cell's lines at ``width``: words whole, at most ``max_lines`` (the last cut with "…",
    or for a list ending in "+N" so that no item is split)."""
    lines = list(value.wrap(console, width, overflow="fold", no_wrap=False))
    if max_lines is None or len(lines) <= max_lines:
        return lines or [Text("")]
    if not items:
        kept = lines[:max_lines]
        last = kept[-1].copy()
        last.append(" …")
        last.truncate(width, overflow="ellipsis")
        return [*kept[:-1], last]
    parts = value.split(", ")
    for keep in range(len(parts) - 1, 0, -1):
        attempt = Text(", ").join([*parts[:keep], Text(f"+{len(parts) - keep}")])
        fitted = list(attempt.wrap(console, width, overflow="fold"))
        if len(fitted) <= max_lines:
            return fitted
    return [Text(f"+{len(parts)}")]


def _pad(line: Text, width: int, right: bool) -> Text:
    gap = max(width - cell_len(line.plain), 0)
    return (Text(" " * gap) + line) if right else (line + Text(" " * gap))


def list_lines(
    table: Table, options: OutputOptions, title: str | None, console: Console
) -> list[Text]:
    """A list laid out for a terminal (or --width): a header, a rule, then each row on its
    own lines; the free text cut with "…" on a terminal unless --wrap; tucked values (ids)
    whole on the line below."""
    width = console.width
    cells = [[shown_text(c.shown(row), c, options) for c in table.columns] for row in table.rows]
    layout = plan(table, cells, width)
    wrap = options.wrap or not options.terminal  # "…" only on a terminal
    gap = Text(" " * GAP)
    bold = "bold" if options.color else ""
    out: list[Text] = []
    if title:
        out.extend(Text(clean(title), style=bold).wrap(console, width))
    heads = []
    for i in layout.columns:
        head = Text(table.columns[i].header)
        head.truncate(layout.widths[i], overflow="ellipsis")
        heads.append(_pad(head, layout.widths[i], table.columns[i].kind == "number"))
    header = gap.join(heads)
    header.rstrip()
    header.stylize(bold)
    out.append(header)
    used = sum(layout.widths[i] for i in layout.columns) + GAP * (len(layout.columns) - 1)
    out.append(Text("─" * max(1, min(width, used)), style="dim" if bold else ""))
    list_lines_max = 1 if layout.tucked else 2
    flex_at = (
        sum(layout.widths[i] + GAP for i in layout.columns[: layout.columns.index(layout.flex)])
        if layout.flex in layout.columns
        else 0
    )
    for row in cells:
        blocks: list[list[Text]] = []
        for i in layout.columns:
            column = table.columns[i]
            if i == layout.flex and not wrap:
                line = row[i].copy()
                line.truncate(layout.widths[i], overflow="ellipsis")
                blocks.append([line])
                continue
            limit = None if wrap or column.kind != "list" else list_lines_max
            blocks.append(
                _fit_lines(
                    row[i],
                    layout.widths[i],
                    max_lines=limit,
                    console=console,
                    items=column.kind == "list",
                )
            )
        for n in range(max(len(b) for b in blocks) if blocks else 0):
            parts = [
                _pad(
                    block[n] if n < len(block) else Text(""),
                    layout.widths[i],
                    table.columns[i].kind == "number",
                )
                for block, i in zip(blocks, layout.columns, strict=True)
            ]
            line = gap.join(parts)
            line.rstrip()
            out.append(line)
        under = [row[i] for i in layout.tucked if row[i].plain]
        if under:
            tucked = Text("  ").join(under)
            size = cell_len(tucked.plain)
            indent = flex_at if flex_at + size <= width else min(2, max(width - size, 0))
            line = Text(" " * indent) + tucked
            if options.color:
                line.stylize("dim")
            out.append(line)
    if table.footer:
        footer = Text(clean(table.footer), style="dim" if options.color else "")
        out.extend(footer.wrap(console, width))
    return out


def plain_table(table: Table, options: OutputOptions, title: str | None) -> RichTable:
    """A table for a file or pipe (`-f table` off a terminal): ASCII, nothing cut."""
    result = RichTable(
        title=Text(clean(title)) if title else None,
        box=box.ASCII,
        header_style="",
        title_style="",
        expand=False,
    )
    columns = [c for c in table.columns if c.only != "data"]
    for column in columns:
        result.add_column(
            Text(column.header),
            justify="right" if column.kind == "number" else "left",
            no_wrap=True,
            overflow="ignore",
        )
    for row in table.rows:
        result.add_row(*(shown_text(c.shown(row), c, options) for c in columns))
    if table.footer:
        result.caption = Text(clean(table.footer))
        result.caption_justify = "left"
    return result


# --- cards ----------------------------------------------------------------------------------


def _is_links(value: Any) -> bool:
    if isinstance(value, Link):
        return True
    return isinstance(value, list | tuple) and bool(value) and isinstance(value[0], Link)


def _empty(value: Any) -> bool:
    if isinstance(value, Shown):
        return value.human == ""  # shown only in data formats
    return value is None or value == "" or value == [] or value == ()


def _field_grid(rows: Sequence[tuple[str, Any]], options: OutputOptions) -> RichTable:
    grid = RichTable.grid(padding=(0, 2, 0, 0))
    grid.add_column(style="bold" if options.color else "", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in rows:
        grid.add_row(Text(label), text(value, list_sep="\n"))
    return grid


#: A piece of output and whether it is printed unwrapped (soft_wrap): list lines and URLs are
#: laid out by us and must never be re-wrapped or cropped by Rich.
Part = tuple[RenderableType, bool]


def table_parts(table: Table, options: OutputOptions, title: str | None, width: int) -> list[Part]:
    if not bounded(options):
        return [(plain_table(table, options, title), False)]
    console = Console(width=width, color_system=None, markup=False, highlight=False, emoji=False)
    return [(line, True) for line in list_lines(table, options, title, console)]


def detail_parts(doc: Detail, options: OutputOptions, width: int) -> list[Part]:
    """A card: the title, labelled fields, links whole on their own lines, then the lists."""
    bold = "bold" if options.color else ""
    parts: list[Part] = [(Text(clean(doc.title), style=bold), False)]
    pending: list[tuple[str, Any]] = []
    label_width = max((cell_len(label) for _k, label, _v in doc.fields), default=0)
    for _key, label, value in doc.fields:
        if _empty(value):
            continue
        if not _is_links(value):
            pending.append((label.ljust(label_width), value))
            continue
        if pending:
            parts.append((_field_grid(pending, options), False))
            pending = []
        parts.append((Text(label, style=bold), False))
        for link in [value] if isinstance(value, Link) else value:
            parts.append((Padding(Text(clean(link.label)), (0, 0, 0, 2)), False))
            # The URL alone on its line, never wrapped by us: the terminal soft-wraps it, so
            # it stays one clickable, copyable string.
            url = Text("    " + clean_line(link.url))
            if _links_allowed(options):
                url.stylize(Style(link=link.url), 4)
            parts.append((url, True))
    if pending:
        parts.append((_field_grid(pending, options), False))
    for section in doc.sections:
        title = section.title or section.name
        parts.append((Text(""), False))
        if section.rows:
            parts.extend(table_parts(section, options, title, width))
        else:
            parts.append((Text(f"{clean(title)}: {clean(section.empty)}"), False))
    return parts


def print_parts(parts: list[Part], console: Console) -> None:
    for renderable, soft in parts:
        if soft:
            console.print(renderable, soft_wrap=True, overflow="ignore", crop=False)
        else:
            console.print(renderable)


def render(doc: Page, options: OutputOptions, stream: TextIO) -> None:
    console = make_console(options, stream)
    if isinstance(doc, Table):
        if not doc.rows:
            console.print(Text(clean(doc.empty)), style="dim" if options.color else "")
            return
        print_parts(table_parts(doc, options, doc.title, console.width), console)
        return
    print_parts(detail_parts(doc, options, console.width), console)


def row_values(table: Table, row: Row) -> list[Any]:
    """The values a terminal shows for ``row`` (for tests and tools)."""
    return [c.shown(row) for c in table.columns if c.only != "data"]
