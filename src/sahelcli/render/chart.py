"""Charts on a terminal: horizontal bars of counts, and spans on a shared time axis.

Drawn line by line as ``rich.text.Text`` (labels cleaned like every other cell), at the
terminal's width, or --width, or 80 columns when ``-f table`` goes to a pipe or file; off a
terminal only ASCII is used. Every fill has its own character as well as its colour, so a
chart reads the same under NO_COLOR; the legend says which is which.
"""

from __future__ import annotations

from typing import TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from sahelcli.render import Chart, OutputOptions, Span
from sahelcli.render.safe import clean_line
from sahelcli.render.table import make_console

GAP = "  "
#: Labels never take more than this share of the width (longer ones are cut at a word).
LABEL_SHARE = 0.4
LABEL_MAX = 48
#: The fills of span charts: (terminal character, ASCII character, style).
FILLS: dict[str, tuple[str, str, str]] = {
    "open": ("█", "#", "bold cyan"),
    "met": ("▓", "=", "green"),
    "expired": ("▒", "-", "red"),
    "withdrawn": ("░", ".", "yellow"),
}
MARK = ("◆", "*")
MARKER = ("│", "|")
EIGHTHS = " ▏▎▍▌▋▊▉"
DEFAULT_WIDTH = 80


def cut_label(label: str, width: int) -> str:
    """``label`` in at most ``width`` cells, cut after a whole word with "…" (a single word
    longer than the width is cut inside, as a last resort)."""
    label = clean_line(label)
    if cell_len(label) <= width:
        return label
    kept = ""
    for word in label.split(" "):
        attempt = f"{kept} {word}" if kept else word
        if cell_len(attempt) + 1 > width:
            break
        kept = attempt
    if not kept:
        kept = label
        while kept and cell_len(kept) + 1 > width:
            kept = kept[:-1]
    return kept + "…"


def bar(fraction: float, width: int, *, ascii_only: bool) -> str:
    """A bar ``fraction`` of ``width`` long, to an eighth of a cell on a terminal."""
    fraction = min(max(fraction, 0.0), 1.0)
    if ascii_only:
        return "#" * round(fraction * width)
    eighths = round(fraction * width * 8)
    whole, part = divmod(eighths, 8)
    return "█" * whole + (EIGHTHS[part] if part else "")


def label_width(labels: list[str], width: int) -> int:
    longest = max((cell_len(clean_line(label)) for label in labels), default=0)
    return max(1, min(longest, int(width * LABEL_SHARE), LABEL_MAX))


def bar_lines(chart: Chart, width: int, *, ascii_only: bool, color: bool) -> list[Text]:
    values = chart.values or []
    labels_at = label_width(chart.labels, width)
    numbers = [f"{v:,}" for v in values]
    numbers_at = max((len(n) for n in numbers), default=1)
    room = max(width - labels_at - numbers_at - 2 * len(GAP), 1)
    top = max(values, default=0) or 1
    lines = []
    for label, value, number in zip(chart.labels, values, numbers, strict=True):
        line = Text(cut_label(label, labels_at).ljust(labels_at) + GAP + number.rjust(numbers_at))
        line.append(GAP + bar(value / top, room, ascii_only=ascii_only), "cyan" if color else "")
        line.rstrip()
        lines.append(line)
    return lines


def column_of(position: float, width: int) -> int:
    return min(max(round(position * (width - 1)), 0), width - 1)


def axis_line(chart: Chart, plot: int, indent: int) -> Text:
    cells = [" "] * plot
    taken = -1
    for position, label in chart.ticks:
        at = column_of(position, plot)
        if at <= taken or at + len(label) > plot:
            continue
        cells[at : at + len(label)] = list(label)
        taken = at + len(label)
    line = Text(" " * indent + "".join(cells))
    line.rstrip()
    return line


def span_cells(span: Span, plot: int, marker: int | None, *, ascii_only: bool) -> list[str]:
    cells = [" "] * plot
    fill = FILLS.get(span.fill, FILLS["open"])[1 if ascii_only else 0]
    first, last = column_of(span.start, plot), column_of(span.end, plot)
    for at in range(first, max(last, first) + 1):
        cells[at] = fill
    if marker is not None:
        cells[marker] = MARKER[1 if ascii_only else 0]
    if span.mark is not None:
        cells[column_of(span.mark, plot)] = MARK[1 if ascii_only else 0]
    return cells


def span_lines(chart: Chart, width: int, *, ascii_only: bool, color: bool) -> list[Text]:
    labels_at = label_width(chart.labels, width)
    plot = max(width - labels_at - len(GAP), 8)
    indent = labels_at + len(GAP)
    marker = column_of(chart.marker[0], plot) if chart.marker else None
    lines = [axis_line(chart, plot, indent)]
    rule = ["-" if ascii_only else "─"] * plot
    if marker is not None:
        rule[marker] = MARKER[1 if ascii_only else 0]
    lines.append(Text(" " * indent + "".join(rule), style="dim" if color else ""))
    styles = {fill: style for fill, (_c, _a, style) in FILLS.items()}
    for label, span in zip(chart.labels, chart.spans or [], strict=True):
        line = Text(cut_label(label, labels_at).ljust(labels_at) + GAP)
        for cell in span_cells(span, plot, marker, ascii_only=ascii_only):
            style = ""
            if color and cell not in (" ", *MARKER):
                style = styles.get(span.fill, "") if cell not in MARK else "bold"
            line.append(cell, style)
        line.rstrip()
        lines.append(line)
    return lines


def legend_text(chart: Chart, *, ascii_only: bool, color: bool) -> Text:
    legend = Text()
    for fill, words in chart.legend:
        if fill in FILLS:
            char, plain, style = FILLS[fill]
            symbol = plain if ascii_only else char
        else:
            symbols = {"mark": MARK, "marker": MARKER}[fill]
            symbol, style = symbols[1 if ascii_only else 0], "bold"
        if legend.plain:
            legend.append("  ")
        legend.append(symbol, style if color else "")
        legend.append(" " + clean_line(words))
    return legend


def chart_lines(chart: Chart, options: OutputOptions, console: Console) -> list[Text]:
    ascii_only = not options.terminal
    width = console.width
    bold = "bold" if options.color else ""
    out: list[Text] = []
    if chart.table.title:
        out.extend(Text(clean_line(chart.table.title), style=bold).wrap(console, width))
    if chart.spans is not None:
        out.extend(span_lines(chart, width, ascii_only=ascii_only, color=options.color))
    else:
        out.extend(bar_lines(chart, width, ascii_only=ascii_only, color=options.color))
    if chart.legend:
        legend = legend_text(chart, ascii_only=ascii_only, color=options.color)
        out.extend(legend.wrap(console, width))
    if chart.note:
        out.extend(Text(clean_line(chart.note), style="dim" if bold else "").wrap(console, width))
    return out


def render(chart: Chart, options: OutputOptions, stream: TextIO) -> None:
    console = make_console(options, stream)
    if not options.terminal and options.width is None:
        console.width = DEFAULT_WIDTH
    layout = Console(
        width=console.width, color_system=None, markup=False, highlight=False, emoji=False
    )
    if not chart.labels:
        console.print(Text(clean_line(chart.table.empty)))
        return
    for line in chart_lines(chart, options, layout):
        console.print(line, soft_wrap=True, overflow="ignore", crop=False)
