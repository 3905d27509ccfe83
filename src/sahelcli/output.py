"""Where a run's answer goes: the output stream, the format and layout options, the pager.

Split from the session (which knows the dataset and the as-of instant) so that everything
about writing the answer lives in one place.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, TextIO

from sahelcli.env import env_flag, no_color_requested
from sahelcli.errors import NothingFound, OutputError, UsageError

if TYPE_CHECKING:
    from sahelcli.render import Document, OutputOptions


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


class Output:
    """The output settings of one run (the global options that shape what is written)."""

    def __init__(
        self,
        *,
        format: str | None = None,
        no_color: bool = False,
        width: int | None = None,
        header: bool = True,
        paging: bool = True,
        wrap: bool = False,
        stdout: TextIO | None = None,
    ) -> None:
        self.format = format
        self.no_color = no_color
        self.width = width
        self.header = header
        self.paging = paging
        self.wrap = wrap
        self.stdout = stdout  # None: sys.stdout as it is when output is written

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

    def options(self) -> OutputOptions:
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
        options = self.options()
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
        options = self.options()._replace(format=fmt, color=False, terminal=False)
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
