"""What one invocation works with: the global options, the dataset (loaded once, lazily),
the as-of instant, and the output stream. Keeps cli.py to wiring only.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from sahelcli.errors import NothingFound, OutputError, UsageError
from sahelcli.model import Dataset

if TYPE_CHECKING:
    from sahelcli.render import Document, OutputOptions
    from sahelcli.store import Store

PACKAGE_DATA = Path(__file__).parent / "data" / "events.yaml"
SOURCE_TREE_DATA = Path(__file__).resolve().parents[2] / "data" / "events.yaml"


def default_dataset_path() -> Path:
    """The bundled dataset: inside the installed package, or at the root of a source checkout."""
    return PACKAGE_DATA if PACKAGE_DATA.exists() else SOURCE_TREE_DATA


def env_flag(name: str) -> bool:
    """An on/off environment variable: unset, empty, ``0``, ``false``, ``no`` and ``off``
    (any case) mean off; anything else on."""
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no", "off")


def no_color_requested() -> bool:
    """NO_COLOR (no-color.org): present and not empty means no colour, whatever the value."""
    return bool(os.environ.get("NO_COLOR"))


def terminal_size(stream: TextIO) -> tuple[int, int]:
    """Columns and lines of the terminal ``stream`` is (COLUMNS and LINES win, as in
    shutil.get_terminal_size); 80x24 when unknown."""
    try:
        size = os.get_terminal_size(stream.fileno())
        columns, lines = size.columns, size.lines
    except (OSError, ValueError, AttributeError):
        columns, lines = 80, 24
    for name in ("COLUMNS", "LINES"):
        value = os.environ.get(name, "")
        if value.isdigit() and int(value) > 0:
            if name == "COLUMNS":
                columns = int(value)
            else:
                lines = int(value)
    return columns or 80, lines or 24


def buffered(stream: TextIO) -> TextIO:
    """``stream``, with a buffered binary layer if it had a raw one (PYTHONUNBUFFERED=1 or
    ``python -u``): a raw file's write may write only part of what it is given, and the text
    layer would drop the rest silently (a file cut short, exit 0). A buffered writer writes
    every byte or raises."""
    import io

    raw = getattr(stream, "buffer", None)
    if not isinstance(raw, io.RawIOBase) or not isinstance(stream, io.TextIOWrapper):
        return stream
    wrapped = io.TextIOWrapper(
        io.BufferedWriter(raw),
        encoding=stream.encoding,
        errors=stream.errors,
        line_buffering=stream.line_buffering,
    )
    if stream is sys.stdout:
        sys.stdout = wrapped
    return wrapped


class Session:
    """One run's settings (the global options) and what it loads, each at most once."""

    def __init__(
        self,
        *,
        data: str | None = None,
        as_of: str | None = None,
        format: str | None = None,
        no_color: bool = False,
        width: int | None = None,
        header: bool = True,
        use_cache: bool = True,
        debug: bool = False,
        paging: bool = True,
        wrap: bool = False,
        stdout: TextIO | None = None,
    ) -> None:
        self.data = data
        self.as_of = as_of
        self.format = format
        self.no_color = no_color
        self.width = width
        self.header = header
        self.use_cache = use_cache
        self.debug = debug
        self.paging = paging
        self.wrap = wrap
        self.stdout = stdout  # None: sys.stdout as it is when output is written

    # --- dataset ------------------------------------------------------------------------------

    def dataset_path(self) -> Path:
        chosen = self.data or os.environ.get("SAHEL_DATA") or None
        return Path(chosen).expanduser() if chosen else default_dataset_path()

    @cached_property
    def store(self) -> Store:
        from sahelcli.index import open_store

        use_cache = self.use_cache and not env_flag("SAHEL_NO_CACHE")
        return open_store(self.dataset_path(), use_cache=use_cache)

    @cached_property
    def dataset(self) -> Dataset:
        """Every record known at the as-of instant (commands that need only some use
        ``subset``)."""
        return self.replayed(self.store.full())

    def subset(self, **queries: Any) -> Dataset:
        """Every actor plus the records the queries may need (see store.subset), as known at
        the as-of instant."""
        from sahelcli.store import subset

        return self.replayed(subset(self.store, **queries))

    def replayed(self, dataset: Dataset) -> Dataset:
        """``dataset`` with the replay rules applied when --as-of is given (query/replay.py)."""
        if self.as_of is None:
            return dataset
        from sahelcli.query.replay import as_of_view

        loaded = {e.id for e in dataset.events}
        elsewhere = {c.event for c in dataset.claims if c.event and c.event not in loaded}
        ends = self.store.event_ends(elsewhere) if elsewhere else {}
        return as_of_view(dataset, self.now, ends)

    # --- time ---------------------------------------------------------------------------------

    @cached_property
    def now(self) -> dt.datetime:
        """The as-of instant: --as-of (a bare date means the end of that day), else now."""
        if self.as_of is None:
            return dt.datetime.now(dt.timezone.utc)
        moment = self.parse_instant(self.as_of, "--as-of", date_means="end")
        return moment.astimezone(dt.timezone.utc)

    def parse_instant(self, value: str, option: str, *, date_means: str) -> dt.datetime:
        from sahelcli import dates

        try:
            return dates.parse_instant(value, self.store.meta().timezone, date_means=date_means)
        except dates.DateError as exc:
            raise UsageError(
                f"{option}: {exc}", hint="e.g. 2023-08-03 or 2023-08-03T12:00+01:00"
            ) from None

    # --- output -------------------------------------------------------------------------------

    def stream(self) -> TextIO:
        stream = self.stdout if self.stdout is not None else sys.stdout
        if stream is None:  # started with stdout closed (`sahel … >&-`)
            raise OutputError("cannot write output: standard output is closed")
        return buffered(stream)

    def is_terminal(self) -> bool:
        try:
            return self.stream().isatty()
        except (ValueError, OSError):
            return False

    def draws_on_terminal(self) -> bool:
        """Whether the output is a table drawn on a terminal (not a pipe, not a data format)."""
        return self.is_terminal() and (self.format or "table") == "table"

    def output_options(self) -> OutputOptions:
        from sahelcli.render import FORMATS, OutputOptions

        terminal = self.is_terminal()
        fmt = self.format or ("table" if terminal else "tsv")
        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r}", hint="choose one of " + ", ".join(FORMATS))
        if self.no_color or no_color_requested():
            color = False
        elif env_flag("FORCE_COLOR"):
            color = True
        else:
            color = terminal
        return OutputOptions(
            format=fmt,
            color=color and fmt == "table",
            terminal=terminal,
            width=self.width,
            header=self.header,
            wrap=self.wrap,
        )

    def emit(self, doc: Document, *, nothing_found: bool = False) -> None:
        """Render ``doc`` to stdout; a failed write becomes a one-line error. With
        ``nothing_found`` the run then ends with exit code 1, as every command does when its
        filters match nothing (the empty table or header is still written)."""
        from sahelcli.render import render

        stream = self.stream()
        options = self.output_options()
        try:
            if options.terminal and options.format == "table" and self.paging:
                self._emit_paged(doc, options, stream)
            else:
                render(doc, options, stream)
            stream.flush()
        except BrokenPipeError:
            raise  # the reader left (`| head`): the CLI ends quietly
        except OSError as exc:
            raise OutputError(f"cannot write output: {exc.strerror or exc}") from None
        if nothing_found:
            raise NothingFound()

    def render_text(self, doc: Document, fmt: str) -> str:
        """``doc`` as text in ``fmt``, as it would be written to a file (no terminal)."""
        import io

        from sahelcli.render import FORMATS, render

        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r}", hint="choose one of " + ", ".join(FORMATS))
        buffer = io.StringIO()
        options = self.output_options()._replace(format=fmt, color=False, terminal=False)
        render(doc, options, buffer)
        return buffer.getvalue()

    def _emit_paged(self, doc: Document, options: OutputOptions, stream: TextIO) -> None:
        """On a terminal: render, then page the text when it is taller than the screen."""
        import io

        from sahelcli.pager import page, pager_command
        from sahelcli.render import render

        columns, lines = terminal_size(stream)
        buffer = io.StringIO()
        render(doc, options._replace(width=options.width or columns), buffer)
        text = buffer.getvalue()
        if text.count("\n") >= lines:
            argv = pager_command()
            if argv is not None:
                stream.flush()
                if page(text, argv):
                    return
        stream.write(text)
