"""Output layer: commands hand over a Table or a Detail; one renderer per format writes it.

Rows are JSON-ready dicts using the dataset's own field names; a Column says which key to show
and how. Only ``render.table`` imports Rich, and only when a table is drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple, TextIO

FORMATS = ("table", "tsv", "csv", "json", "jsonl", "md")

Row = dict[str, Any]


class Column(NamedTuple):
    key: str
    header: str
    kind: str = "text"  # text | number | date | list
    cell: Callable[[Row], Any] | None = None  # derive the shown value from the row
    style: str | None = None  # Rich style on a colour terminal
    # Layout hints for tables drawn on a terminal (ignored elsewhere: nothing is ever cut)
    min_width: int | None = None
    max_width: int | None = None

    def value(self, row: Row) -> Any:
        return self.cell(row) if self.cell is not None else row.get(self.key)


class Table:
    """Rows under columns; ``title`` and ``empty`` (shown when there are no rows) optional."""

    __slots__ = ("columns", "empty", "name", "rows", "title")

    def __init__(
        self,
        name: str,
        columns: list[Column],
        rows: list[Row],
        title: str | None = None,
        empty: str = "nothing to show",
    ) -> None:
        self.name = name
        self.columns = columns
        self.rows = rows
        self.title = title
        self.empty = empty


class Detail:
    """A single record's view (an actor profile, a countdown) or a composite such as the brief.

    ``fields`` are (key, label, value) shown in order; ``data`` is the JSON document.
    """

    __slots__ = ("data", "fields", "name", "sections", "title")

    def __init__(
        self,
        name: str,
        title: str,
        fields: list[tuple[str, str, Any]],
        sections: list[Table] | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        self.name = name
        self.title = title
        self.fields = fields
        self.sections = sections if sections is not None else []
        self.data = data if data is not None else {}


Document = Table | Detail


class OutputOptions(NamedTuple):
    format: str = "tsv"
    color: bool = False
    terminal: bool = False  # stdout is a terminal
    width: int | None = None
    header: bool = True


def cell_text(value: Any, kind: str, *, human: bool, list_sep: str = "; ") -> str:
    """A value as text in a cell: lists joined, dates at their precision, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list) or type(value) is tuple:  # not a record (a named tuple)
        return list_sep.join(cell_text(v, "text", human=human) for v in value)
    if kind == "date" and human and isinstance(value, str):
        return human_date(value)
    return str(value)


def human_date(iso: str) -> str:
    from sahelcli.dates import DateError, parse_partial_date

    try:
        return parse_partial_date(iso).human()
    except DateError:
        return iso


def render(doc: Document, options: OutputOptions, stream: TextIO) -> None:
    if options.format == "table":
        from sahelcli.render import table as renderer
    elif options.format in ("tsv", "csv"):
        from sahelcli.render import delimited as renderer  # type: ignore[no-redef]
    elif options.format in ("json", "jsonl"):
        from sahelcli.render import jsonfmt as renderer  # type: ignore[no-redef]
    else:
        from sahelcli.render import markdown as renderer  # type: ignore[no-redef]
    renderer.render(doc, options, stream)
