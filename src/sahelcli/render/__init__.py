"""Output layer: commands hand over a Table or a Detail; one renderer per format writes it.

Rows are JSON-ready dicts using the dataset's own field names; a Column says which key to show
and how. Only ``render.table`` imports Rich, and only when a table is drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple, TextIO

FORMATS = ("table", "tsv", "csv", "json", "jsonl", "md")

Row = dict[str, Any]


class Link(NamedTuple):
    """A labelled URL (a source): the label and the URL are shown whole, the URL on its own
    line in cards; in list tables on a terminal the label is an OSC 8 hyperlink."""

    label: str
    url: str

    def __str__(self) -> str:
        return f"{self.label} {self.url}"


class Shown(NamedTuple):
    """A Detail field's value with a human form for terminal cards (``7 Aug 2023 00:00 WAT``);
    the data formats write ``value`` (ISO 8601)."""

    value: Any
    human: str

    def __str__(self) -> str:
        return str(self.value)


class Column(NamedTuple):
    """One column of a Table. ``value`` is what every format shows; on a terminal ``display``
    (when set) replaces it, e.g. short actor names or a human instant.

    Terminal layout (render/table.py): the one ``flex`` column takes the remaining width and
    is cut with "…" (whole with --wrap); every other cell keeps its words whole. When the
    table is too wide, ``tuck`` columns move under the flex cell, then columns are dropped,
    highest ``priority`` first (0: never dropped). ``only`` limits a column to the terminal
    table ("terminal") or to the data formats ("data").
    """

    key: str
    header: str
    kind: str = "text"  # text | number | date | list
    cell: Callable[[Row], Any] | None = None  # derive the shown value from the row
    style: str | None = None  # Rich style on a colour terminal
    # Layout hints for tables drawn on a terminal (ignored elsewhere: nothing is ever cut)
    min_width: int | None = None
    max_width: int | None = None
    display: Callable[[Row], Any] | None = None
    flex: bool = False
    tuck: bool = False
    priority: int = 0
    only: str | None = None  # "terminal" | "data" | None (both)

    def value(self, row: Row) -> Any:
        return self.cell(row) if self.cell is not None else row.get(self.key)

    def shown(self, row: Row) -> Any:
        """The value drawn in a terminal table."""
        return self.display(row) if self.display is not None else self.value(row)


def data_columns(table: Table) -> list[Column]:
    """The columns the data formats (TSV, CSV, Markdown) write."""
    return [c for c in table.columns if c.only != "terminal"]


class Table:
    """Rows under columns; ``title`` and ``empty`` (shown when there are no rows) optional."""

    __slots__ = ("columns", "empty", "footer", "name", "rows", "title")

    def __init__(
        self,
        name: str,
        columns: list[Column],
        rows: list[Row],
        title: str | None = None,
        empty: str = "nothing to show",
        footer: str | None = None,
    ) -> None:
        self.name = name
        self.footer = footer  # a line after the rows (tables, Markdown), e.g. "+4 more: …"
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


class Span(NamedTuple):
    """One bar of a span chart, on an axis from 0 to 1: from ``start`` to ``end``, drawn
    with the fill of the legend entry ``fill``, and a mark (an outcome) at ``mark``."""

    start: float
    end: float
    fill: str
    mark: float | None = None


class Chart:
    """A picture of ``table`` that a terminal draws (render/chart.py); every data format,
    and a pipe, writes ``table`` itself. Either ``values`` (one bar per label, its length
    the value) or ``spans`` (one span per label on a shared axis with ``ticks``, and a
    vertical ``marker`` such as the as-of instant). ``legend`` pairs fills with words, so a
    chart reads without colour."""

    __slots__ = ("labels", "legend", "marker", "note", "spans", "table", "ticks", "values")

    def __init__(
        self,
        table: Table,
        labels: list[str],
        *,
        values: list[int] | None = None,
        spans: list[Span] | None = None,
        ticks: list[tuple[float, str]] | None = None,
        marker: tuple[float, str] | None = None,
        legend: list[tuple[str, str]] | None = None,
        note: str | None = None,
    ) -> None:
        self.table = table
        self.labels = labels
        self.values = values
        self.spans = spans
        self.ticks = ticks or []
        self.marker = marker
        self.legend = legend or []
        self.note = note  # a line under the chart (what was left out and why)


#: What a format renderer writes; a Chart reaches them as its table, or render/chart.py.
Page = Table | Detail
Document = Table | Detail | Chart


class OutputOptions(NamedTuple):
    format: str = "tsv"
    color: bool = False
    terminal: bool = False  # stdout is a terminal
    width: int | None = None
    header: bool = True
    wrap: bool = False  # terminal tables: show every cell whole instead of cutting with "…"


def cell_text(value: Any, kind: str, *, human: bool, list_sep: str = "; ") -> str:
    """A value as text in a cell: lists joined, dates at their precision, None empty."""
    if type(value) is str and not human:  # most cells: no check below applies
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Link | Shown):
        return str(value)
    if isinstance(value, list) or type(value) is tuple:  # not a record (a named tuple)
        return list_sep.join(
            v if type(v) is str else cell_text(v, "text", human=human) for v in value
        )
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
    if isinstance(doc, Chart):
        if options.format == "table":
            from sahelcli.render import chart

            chart.render(doc, options, stream)
            return
        doc = doc.table
    if options.format == "table":
        from sahelcli.render import table as renderer
    elif options.format in ("tsv", "csv"):
        from sahelcli.render import delimited as renderer  # type: ignore[no-redef]
    elif options.format in ("json", "jsonl"):
        from sahelcli.render import jsonfmt as renderer  # type: ignore[no-redef]
    else:
        from sahelcli.render import markdown as renderer  # type: ignore[no-redef]
    renderer.render(doc, options, stream)
